"""reportlab's PDF object writer with its hottest helpers made cheaper, to the same bytes.

Writing a long manual formats tens of thousands of dictionaries (pages, bookmarks, links).
reportlab sends every name, number and reference through a Python-level codec and a chain of
type checks, and builds every `/Name` afresh. The versions here take the common cases (plain
ASCII text, bytes, numbers, names already seen) straight, and hand anything else to
reportlab's own functions, so the output cannot differ (`tests/test_render_speed.py`).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

_pdfdoc_enc = pdfdoc.pdfdocEnc
_pdf_name = pdfdoc.PDFName
_format = pdfdoc.format
_dictionary_format = pdfdoc.PDFDictionary.format
_array_format = pdfdoc.PDFArray.format
_reference_format = pdfdoc.PDFObjectReference.format
# ASCII characters that the pdfdoc codec refuses (PDFDocEncoding puts accents there)
_REFUSED = frozenset(map(chr, range(24, 32)))


# >>> mirrors reportlab 5.1: pdfbase.pdfdoc.pdfdocEnc, PDFName, format, PDFDictionary.format, PDFArray.format, PDFObjectReference.format
def pdfdoc_enc(x: Any) -> Any:
    """pdfdocEnc: text encoded in PDFDocEncoding, which ASCII text is already in."""
    if x.__class__ is str and x.isascii() and _REFUSED.isdisjoint(x):
        return x.encode("ascii")
    return _pdfdoc_enc(x)


@functools.lru_cache(maxsize=1024)
def pdf_name(data: str) -> str:
    """PDFName, once per name: documents use a few dozen names tens of thousands of times."""
    return str(_pdf_name(data))


@functools.lru_cache(maxsize=1024)
def _name_bytes(key: str) -> bytes:
    """A dictionary key as format(PDFName(key)) writes it."""
    return bytes(pdfdoc_enc(pdf_name(key)))


def format_any(element: Any, document: Any, toplevel: int = 0) -> Any:
    """pdfdoc.format, with text, bytes and numbers taken first."""
    cls = element.__class__
    if cls is bytes:
        return element
    if cls is str:
        return pdfdoc_enc(element)
    if cls is int or cls is float:
        return fp_str(element).encode("ascii")
    return _format(element, document, toplevel)


def dictionary_format(self: Any, document: Any, IND: bytes = b"\n ") -> Any:
    """PDFDictionary.format with its keys' names written once per name."""
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        return _dictionary_format(self, document, IND)
    entries = self.dict
    keys = list(entries)
    if not isinstance(entries, OrderedDict):
        keys.sort()
    lines = [_name_bytes(k) + b" " + format_any(entries[k], document) for k in keys]
    for i in reversed(range(6, len(lines), 6)):  # reportlab breaks the line every six entries
        lines.insert(i, b"\n ")
    return b"<<\n" + b" ".join(lines) + b"\n>>"


def array_format(self: Any, document: Any, IND: bytes = b"\n ") -> Any:
    """PDFArray.format, for an array of ten entries or fewer on one line."""
    sequence = self.sequence
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        return _array_format(self, document, IND)
    if len(sequence) > 10:
        return _array_format(self, document, IND)
    return b"[ " + b" ".join([format_any(e, document) for e in sequence]) + b" ]"


def reference_format(self: Any, document: Any) -> Any:
    """PDFObjectReference.format."""
    numbers = document.idToObjectNumberAndVersion.get(self.name)
    if numbers is None:
        return _reference_format(self, document)
    return b"%d %d R" % numbers


# (owner, name, reportlab's own, the one here)
# <<< end of mirror
FAST = [
    (pdfdoc, "pdfdocEnc", _pdfdoc_enc, pdfdoc_enc),
    (pdfdoc, "PDFName", _pdf_name, pdf_name),
    (pdfdoc, "format", _format, format_any),
    (pdfdoc.PDFDictionary, "format", _dictionary_format, dictionary_format),
    (pdfdoc.PDFArray, "format", _array_format, array_format),
    (pdfdoc.PDFObjectReference, "format", _reference_format, reference_format),
]


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """reportlab set up to write our PDFs for the length of one build, then put back as it was.

    Streams are binary (Flate alone), as every current PDF writer writes them: reportlab's
    ASCII85 layer on top makes them a quarter bigger. The faster functions above stand in for
    reportlab's own unless HANDOUT_PDF_WRITER=reportlab; the bytes are the same either way.
    """
    saved = [(owner, name, getattr(owner, name)) for owner, name, _, _ in FAST]
    ascii85 = rl_config.useA85
    rl_config.useA85 = 0
    if os.environ.get("HANDOUT_PDF_WRITER") != "reportlab":
        for owner, name, _, fast in FAST:
            setattr(owner, name, fast)
    try:
        yield
    finally:
        for owner, name, previous in saved:
            setattr(owner, name, previous)
        rl_config.useA85 = ascii85
