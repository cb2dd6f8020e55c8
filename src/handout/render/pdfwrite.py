"""reportlab's PDF object writer with its two hottest helpers made cheaper, to the same bytes.

Writing a long manual formats tens of thousands of dictionaries (pages, bookmarks, links).
reportlab encodes every name, number and reference through a Python-level codec and builds
every `/Name` afresh. Here plain ASCII goes through str.encode and names are made once;
anything else still goes through reportlab's own functions, so the output cannot differ.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase import pdfdoc

_pdfdoc_enc = pdfdoc.pdfdocEnc
_pdf_name = pdfdoc.PDFName
# ASCII characters that the pdfdoc codec refuses (PDFDocEncoding puts accents there)
_REFUSED = frozenset(map(chr, range(24, 32)))


def pdfdoc_enc(x: object) -> object:
    """pdfdocEnc: text encoded in PDFDocEncoding, which ASCII text is already in."""
    if x.__class__ is str and x.isascii() and _REFUSED.isdisjoint(x):  # type: ignore[arg-type]
        return x.encode("ascii")  # type: ignore[attr-defined]
    return _pdfdoc_enc(x)


@functools.lru_cache(maxsize=1024)
def pdf_name(data: str) -> str:
    """PDFName, once per name: documents use a few dozen names tens of thousands of times."""
    return str(_pdf_name(data))


def install() -> None:
    pdfdoc.pdfdocEnc = pdfdoc_enc
    pdfdoc.PDFName = pdf_name
