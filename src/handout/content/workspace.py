"""Where content lives: the workspace folder and the files inside it.

A workspace is a folder with `content/` and optionally `assets/`,
`templates/` and `handout.yaml`. It is `--root`, else the nearest folder at or
above the current one that holds `content/` or `handout.yaml`, else the built-in
one in the package. Content files a link takes outside their workspace are refused.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import NamedTuple

from handout.errors import ContentError, HandoutError

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def builtin_root() -> Path:
    """The workspace shipped inside the package (or the source tree when run from a checkout)."""
    shipped = PACKAGE_DIR / "workspace"
    if (shipped / "content").is_dir():
        return shipped
    return PACKAGE_DIR.parents[1]


def is_workspace(folder: Path) -> bool:
    """A folder holding content/, or a handout.yaml of any kind (one that is not a file is
    reported by check and build, never passed over)."""
    return os.path.isdir(folder / "content") or present(folder / "handout.yaml")


def present(path: Path) -> bool:
    """Something is at `path`: a file, a folder, a FIFO, or a link even when broken (os.path:
    a folder that cannot be searched, or a name too long, is nothing there, not an error)."""
    return os.path.lexists(path)


def resolve_root(root: Path | None, cwd: Path | None = None) -> Path:
    """`--root`, else the nearest workspace at or above the current folder (as git finds its
    repository), else the built-in workspace."""
    if root is not None:
        if not root.is_dir():
            raise HandoutError(
                f"{root}: no such folder — give --root the path of a workspace folder"
            )
        return root.resolve()
    return enclosing(cwd or Path.cwd()) or builtin_root()


def enclosing(folder: Path) -> Path | None:
    """The nearest workspace at or above `folder`, if any."""
    here = folder.resolve()
    return next((f for f in (here, *here.parents) if is_workspace(f)), None)


def shown(path: Path) -> str:
    """A path as a person would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class Workspace(NamedTuple):
    root: Path

    @property
    def content_dir(self) -> Path:
        """The workspace's content/, or the built-in one for a workspace that is only a brand
        (a clinic folder holding just handout.yaml builds the built-in routines in its colours)."""
        own = self.root / "content"
        return own if own.is_dir() else builtin_root() / "content"

    @property
    def routines_dir(self) -> Path:
        return self.content_dir / "routines"

    @property
    def manuals_dir(self) -> Path:
        return self.content_dir / "manuals"

    @property
    def brand_file(self) -> Path:
        return self.root / "handout.yaml"

    def routine_ids(self) -> list[str]:
        return _stems(self.routines_dir, translations=False)

    def translations(self, rid: str) -> list[str]:
        """The languages routine `rid` is translated into (`ID.<lang>.yaml` beside it; a name
        such as `ID.old.yaml` or `ID.backup.yaml` is no language, and no translation)."""
        stems = _stems(self.routines_dir, translations=True)
        found = (stem[len(rid) + 1 :] for stem in stems if stem.startswith(f"{rid}."))
        return [lang for lang in found if LANGUAGE.fullmatch(lang)]

    def manual_ids(self) -> list[str]:
        return _stems(self.manuals_dir, translations=False)

    def template_files(self) -> dict[str, Path]:
        """Template name → file; the workspace's own override the built-in ones."""
        found: dict[str, Path] = {}
        for folder in (builtin_root() / "templates", self.root / "templates"):
            if folder.is_dir():
                found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
        return found

    def routine_file(self, ref: str, lang: str | None = None) -> tuple[str, Path]:
        """The id and file of a routine given by id or by path, in `lang` when asked."""
        if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
            path = Path(ref)
            rid = path.name.split(".")[0]
            return rid, _translated(path, lang) if lang else path
        path = self.routines_dir / f"{ref}.yaml"
        # os.path: an id too long for a file name is no routine, not an error (a bad link is
        # read, and reported, as a file)
        if not (os.path.isfile(path) or os.path.islink(path)):
            raise HandoutError(_not_found("routine", ref, self.routine_ids(), self.routines_dir))
        if lang:
            path = _translated(path, lang)
        return ref, path

    def manual_file(self, ref: str) -> tuple[str, Path]:
        if ref.endswith((".yaml", ".yml")) or "/" in ref:
            path = Path(ref)
            return path.name.split(".")[0], path
        path = self.manuals_dir / f"{ref}.yaml"
        if not os.path.isfile(path):  # os.path: an id too long for a file name is no manual
            raise HandoutError(_not_found("manual", ref, self.manual_ids(), self.manuals_dir))
        return ref, path

    def asset_dirs(self) -> list[Path]:
        return [self.root / "assets", builtin_root() / "assets"]

    def confine(self, path: Path) -> None:
        """Refuse a file inside this workspace (or the built-in one) that a link takes outside it."""
        written = Path(os.path.abspath(path))
        for root in (self.root, builtin_root()):
            real_root = root.resolve()
            if written.is_relative_to(os.path.abspath(root)) or written.is_relative_to(real_root):
                try:
                    real = path.resolve()
                except (OSError, RuntimeError):  # a looping link: reading the file reports it
                    return
                if not real.is_relative_to(real_root):
                    raise ContentError.one(
                        shown(path),
                        1,
                        1,
                        "file is a link that leads outside the workspace"
                        " — copy the file into the workspace instead of linking to it",
                    )
                return


def _stems(folder: Path, *, translations: bool) -> list[str]:
    if not folder.is_dir():
        return []
    stems = [p.name[: -len(".yaml")] for p in folder.glob("*.yaml")]
    return sorted(s for s in stems if translations or "." not in s)


LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z]{2})?")  # de, pt-br: whole, so no "de\n"
SOURCE_LANGUAGE = "en"  # what a routine without a language in its file name is written in


def _translated(path: Path, lang: str) -> Path:
    """`ID.<lang>.yaml` beside the routine when there is one, else the routine itself (the
    build warns that its text stays in the source language: `untranslated`)."""
    candidate = translation_file(path, lang)
    # os.path: a name too long for the file system is none
    return candidate if os.path.isfile(candidate) else path


def translation_file(path: Path, lang: str) -> Path:
    return path.with_name(f"{path.name.split('.')[0]}.{lang}.yaml")


def untranslated(path: Path, lang: str) -> str | None:
    """The warning for a routine read from `path` when `lang` was asked for, if it is not
    in that language."""
    if lang == SOURCE_LANGUAGE or path.name.count(".") > 1:
        return None
    candidate = translation_file(path, lang)
    return (
        f"{shown(candidate)}: no '{lang}' translation of routine '{path.name.split('.')[0]}'"
        f" — its text stays in the source language; write {candidate.name} to translate it"
    )


def _not_found(kind: str, ref: str, known: list[str], folder: Path) -> str:
    close = difflib.get_close_matches(ref, known, n=3, cutoff=0.5)
    hint = (
        f"did you mean {', '.join(repr(c) for c in close)}?"
        if close
        else f"run handout list to see the {kind}s"
    )
    return f"{shown(folder)}: no {kind} '{ref}' — {hint}"
