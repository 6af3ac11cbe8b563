"""The lanes a team adds (declared in the taxonomy), a map's choice of lanes, and storyboard images.

A stage keeps keys the model does not know (other plugins use frontmatter too); a key the taxonomy declares as a
lane is read here: its value must be what the lane holds (text, a list of texts, a rating from 1 to 5). A key
that is neither a known key nor a declared lane, but close to one, gets the usual "did you mean" warning, which
now also considers the declared lanes. A map's ``lanes:`` names lanes that exist. A stage's ``image`` is a file
of the docs folder, found relative to the map's page (as a Markdown image is).
"""

from __future__ import annotations

import os
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from journeymaps.catalog.collisions import fold_path
from journeymaps.diagnostics import Diagnostic, Severity, closest, field_path
from journeymaps.validation.fields import backslashes, has_scheme
from journeymaps.validation.keys import UNKNOWN_KEY  # validation's message for a misspelt key
from journeymaps.validation.models import Cem, Cjm, Stage
from journeymaps.validation.validate import Validated, describe

__all__ = ["BUILTIN_LANES", "LaneValue", "StageImage", "check_lanes", "stage_lane_ids"]

LaneValue = str | list[str] | int
"""A custom lane's value in one stage: text, a list of texts, or a rating 1..5."""

NOT_LANES = frozenset({"name", "id", "moment_of_truth", "image"})
"""Stage keys that are not lanes of the grid (the image is the ``image`` lane, added below)."""


def stage_lane_ids() -> list[str]:
    """Every built-in lane id a map's ``lanes:`` may name: the stage's lanes, ``channels`` and ``image``."""
    return ["image", *(k for k in Stage.model_fields if k not in NOT_LANES), "channels"]


BUILTIN_LANES = frozenset(stage_lane_ids())


@dataclass(frozen=True)
class StageImage:
    """A stage's storyboard picture: its file in the docs folder (``src_uri``) and its alt text."""

    src_uri: str
    alt: str
    file: Path | None = None
    """The file on disk (None when the docs folder was not given): the PDF embeds its bytes."""


def _error(v: Validated, loc: tuple[str | int, ...], message: str, suggestion: str | None = None) -> None:
    v.diagnostics.append(Diagnostic(v.doc.path, v.doc.line(loc), field_path(loc), message, Severity.ERROR, suggestion))


def _value(kind: str, raw: Any) -> tuple[LaneValue | None, str | None]:
    """(the lane's value, or None when empty; what is wrong, or None)."""
    scalar = isinstance(raw, (str, int, float)) and not isinstance(raw, bool)
    if raw is None or raw == "" or raw == []:
        return None, None
    if kind == "rating":
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool):
            return (raw, None) if 1 <= raw <= 5 else (None, f"{describe(raw)} is outside 1..5")
        return None, f"expected a whole number in 1..5, got {describe(raw)}"
    if kind == "list":
        items = [raw] if scalar else raw
        if isinstance(items, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in items):
            texts = [" ".join(str(x).split()) for x in items]
            return [t for t in texts if t] or None, None
        return None, f"expected text or a list of texts, got {describe(raw)}"
    if scalar:
        return str(raw).strip() or None, None
    return None, f"expected text, got {describe(raw)}"


def _docs_prefix(v: Validated) -> str:
    """The docs folder as the author sees it (``content/``), from the page's two paths."""
    path, src = v.doc.path, v.doc.src_uri
    return path[: -len(src)] if src and path.endswith(src) else ""


Folders = dict[Path, frozenset[str]]
"""The names in each folder an image was looked for in, read once per check."""


def _image(
    v: Validated, loc: tuple[str | int, ...], src: str, alt: str, docs_dir: Path | None, folders: Folders
) -> StageImage | None:
    if "\\" in src:  # Windows finds `images\\x.png`; the build in CI and the web server do not
        _error(v, loc, backslashes(src))
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(v.doc.src_uri), src.split("#")[0].split("?")[0]))
    if target.startswith("../") or target in ("..", "."):
        _error(v, loc, f"'{src}' is outside the docs folder; put the image in it")
        return None
    if docs_dir is None:
        return StageImage(target, alt, None)
    found, case = _on_disk(docs_dir, target, folders)
    if found is not None and case:  # macOS and Windows find it; a web server, and a build on Linux, do not
        why = f"image '{src}' is {_docs_prefix(v)}{found} on disk: the case of its letters differs, which macOS and "
        _error(v, loc, why + "Windows ignore, and a web server does not", _respelled(src, found))
        return None
    if found is None:
        folder = docs_dir / posixpath.dirname(target)
        near = [p.name for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
        guess = closest(posixpath.basename(target), near)
        if guess:
            guess = posixpath.join(posixpath.dirname(src), guess) if posixpath.dirname(src) else guess
        _error(v, loc, f"image '{src}' not found (looked for {_docs_prefix(v)}{target})", guess)
        return None
    return StageImage(found, alt, docs_dir / found)  # as the folder spells it (NFC or NFD): the link finds it


def _on_disk(docs_dir: Path, target: str, folders: Folders) -> tuple[str | None, bool]:
    """(``target`` as the docs folder spells it, or None when it is not a file there; whether only another case of
    its letters finds it). Looked up name by name, so every system answers alike: an accented letter written the
    other way (NFC, NFD: macOS names files decomposed) finds the file; another case finds it on macOS and Windows
    only, and is said."""
    here, parts, case = docs_dir, [], False
    for part in target.split("/"):
        if here not in folders:
            try:
                folders[here] = frozenset(os.listdir(here))
            except OSError:
                folders[here] = frozenset()
        names = folders[here]
        if part not in names:
            nfc = unicodedata.normalize("NFC", part)
            same = sorted(n for n in names if unicodedata.normalize("NFC", n) == nfc)
            folded = sorted(n for n in names if fold_path(n) == fold_path(part)) if not same else []
            if not (same or folded):
                return None, False
            part, case = (same or folded)[0], case or not same
        parts.append(part)
        here = here / part
    return ("/".join(parts), case) if here.is_file() else (None, False)


def _respelled(src: str, found: str) -> str:
    """``src`` with the names of ``found`` (the file as the docs folder spells it), its ``..`` kept."""
    parts = src.split("/")
    names = [i for i, part in enumerate(parts) if part not in ("", ".", "..")]
    for i, name in zip(reversed(names), reversed(found.split("/"))):
        parts[i] = name
    return "/".join(parts)


def _stage_keys(v: Validated, index: int, stage: Stage, lanes: dict[str, str]) -> dict[str, LaneValue]:
    """The declared lanes' values of one stage; misspelt keys checked against known keys and lanes together."""
    out: dict[str, LaneValue] = {}
    extra = stage.model_extra or {}
    known = set(type(stage).model_fields)
    where = field_path(("stages", index))
    for key, raw in extra.items():
        here = f"{where}.{key}"
        flagged = [d for d in v.diagnostics if d.field == here and d.message == UNKNOWN_KEY]
        if key in lanes:
            v.diagnostics[:] = [d for d in v.diagnostics if d not in flagged]  # not a typo: a declared lane
            value, problem = _value(lanes[key], raw)
            if problem:
                _error(v, ("stages", index, key), f"{problem} (lane '{key}' holds {_kind_words(lanes[key])})")
            elif value is not None:
                out[key] = value
            continue
        guess = closest(key, [*known, *lanes], cutoff=0.8)
        if guess is None or guess in extra or guess in (stage.model_fields_set or ()):
            continue
        if flagged:  # validation's warning, with the guess over known keys and lanes together
            v.diagnostics[v.diagnostics.index(flagged[0])] = replace(flagged[0], suggestion=guess)
        else:
            v.diagnostics.append(
                Diagnostic(
                    v.doc.path,
                    v.doc.line(("stages", index, key)),
                    here,
                    UNKNOWN_KEY,
                    Severity.WARNING,
                    guess,
                )
            )
    return out


def _kind_words(kind: str) -> str:
    return {"rating": "a rating from 1 to 5", "list": "a list of texts"}.get(kind, "text")


def check_lanes(
    maps: Iterable[Validated], lanes: dict[str, str], docs_dir: Path | None
) -> tuple[dict[str, list[dict[str, LaneValue]]], dict[str, list[StageImage | None]]]:
    """Check every valid map's custom lanes, ``lanes:`` and images (messages go on the map's diagnostics);
    returns (map id -> per stage the declared lanes' values, map id -> per stage its image)."""
    values: dict[str, list[dict[str, LaneValue]]] = {}
    images: dict[str, list[StageImage | None]] = {}
    choosable = [*stage_lane_ids(), *lanes]
    folders: Folders = {}
    for v in maps:
        m = v.model
        if not isinstance(m, (Cjm, Cem)):
            continue
        for i, lane in enumerate(m.lanes):
            if lane not in choosable:
                loc = ("lanes", i) if isinstance((v.doc.data or {}).get("lanes"), list) else ("lanes",)
                _error(
                    v, loc, f"'{lane}' is not a lane (built-in or declared in the taxonomy)", closest(lane, choosable)
                )
        values[v.id] = [_stage_keys(v, i, st, lanes) for i, st in enumerate(m.stages)]
        images[v.id] = [
            _image(v, ("stages", i, "image", "src"), st.image.src, st.image.alt, docs_dir, folders)
            if st.image
            else None
            for i, st in enumerate(m.stages)
        ]
    return values, images


def persona_photos(personas: Iterable[Validated], docs_dir: Path | None) -> dict[str, StageImage]:
    """Each persona's ``photo``: a file of the docs folder, checked as a storyboard picture is (its page shows it,
    its PDF embeds it). An address of another site is a warning and not shown: the handbook fetches nothing."""
    photos: dict[str, StageImage] = {}
    folders: Folders = {}
    for v in personas:
        photo = getattr(v.model, "photo", None)
        if not photo:
            continue
        if has_scheme(photo) or photo.startswith("/"):
            why = f"'{photo}' is not shown: the handbook loads nothing from other sites; put the picture in the docs "
            why += "folder"
            v.diagnostics.append(Diagnostic(v.doc.path, v.doc.line(("photo",)), "photo", why, Severity.WARNING))
        elif picture := _image(v, ("photo",), photo, "", docs_dir, folders):
            photos[v.id] = picture
    return photos
