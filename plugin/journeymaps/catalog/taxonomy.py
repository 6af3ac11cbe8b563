"""The taxonomy: channel ids and evidence types, with labels and icons, and the lanes a team adds to its maps.

The built-in default (``data/taxonomy.yml``) is extended by a site file named
in the plugin config; a site file with ``mode: replace`` replaces it instead.
Lanes (``lanes:``) are the site's own: a stage may then carry the lane's key,
whose value is text, a list or a 1-5 rating (:mod:`journeymaps.catalog.lanes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from journeymaps.catalog.lanes import stage_lane_ids
from journeymaps.diagnostics import Diagnostic, Severity, closest
from journeymaps.sources.frontmatter import Loc, SourceDoc, normalise, parse_frontmatter
from journeymaps.validation.ids import slugify
from journeymaps.validation.models import CemStage, Stage

RESERVED = frozenset({*Stage.model_fields, *CemStage.model_fields, "channels", "storyboard"})
"""Keys a stage has already (and lane ids the grid uses): no custom lane may take them."""
ID = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,63}\Z")
"""A lane id: a stage key (``pain_points`` has an underscore, so lane ids may too)."""


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    icon: str = ""
    kind: str = ""  # evidence: "what" (structured), "why" (unstructured), "assumption"


LANE_KINDS = ("text", "list", "rating")
"""What a custom lane holds: one text, a list of texts, or a rating from 1 to 5."""


@dataclass(frozen=True)
class Lane:
    """A lane a team adds to the journey grid: stages carry it under ``id``."""

    id: str
    label: str
    kind: str = "text"  # one of LANE_KINDS
    after: str | None = None  # the lane it follows (a built-in or declared lane id)
    before: str | None = None  # the lane it precedes
    position: int | None = None  # its place among the lanes, from 1 (when neither after nor before is given)


@dataclass
class Taxonomy:
    channels: dict[str, Term] = field(default_factory=dict)
    evidence: dict[str, Term] = field(default_factory=dict)
    source: str = "built-in taxonomy"  # named in "unknown channel" warnings
    lanes: dict[str, Lane] = field(default_factory=dict)
    """The site's own lanes, in the order the file declares them."""

    def channel(self, channel_id: str) -> Term:
        return self.channels.get(channel_id) or Term(channel_id, channel_id.replace("-", " ").capitalize(), "")

    def evidence_type(self, type_id: str) -> Term:
        return self.evidence.get(type_id) or Term(type_id, type_id.replace("-", " ").capitalize(), "")

    def suggest_channel(self, channel_id: str) -> str | None:
        return closest(channel_id, self.channels, cutoff=0.5)

    def suggest_evidence(self, type_id: str) -> str | None:
        return closest(type_id, self.evidence, cutoff=0.5)

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": {k: {"label": t.label, "icon": t.icon} for k, t in sorted(self.channels.items())},
            "evidence": {k: {"label": t.label, "kind": t.kind} for k, t in sorted(self.evidence.items())},
            "lanes": [{"id": k, "label": x.label, "kind": x.kind} for k, x in self.lanes.items()],
        }


TERM_KEYS = ("label", "icon", "kind")


def _terms(
    raw: Any, path: str, section: str, diags: list[Diagnostic], line: Callable[[Loc], int | None] = lambda loc: None
) -> dict[str, Term]:
    """``channels`` or ``evidence``: id -> a label, or {label, icon, kind}, each text; an id as a page writes it."""
    out: dict[str, Term] = {}
    if raw is None:
        return out
    if not isinstance(raw, Mapping):
        diags.append(Diagnostic(path, line((section,)), section, "must be a mapping of id -> {label, icon}"))
        return out
    for key, value in raw.items():
        key, where = str(key), f"{section}.{key}"
        if isinstance(value, str):
            value = {"label": value}
        if not isinstance(value, Mapping):
            diags.append(Diagnostic(path, line((section, key)), where, "must be a label or {label, icon}"))
            continue
        if not ID.match(key):
            why = f"'{key}' is not an id: lowercase letters, digits, '-' and '_', as pages write it"
            diags.append(Diagnostic(path, line((section, key)), where, why, suggestion=slugify(key) or None))
            continue
        for k in (k for k in value if k not in TERM_KEYS):  # `{label: Survey (CSAT, NPS)}`: YAML cut it at the comma
            why = "is not a known key (label, icon, kind); a label with a comma or a colon needs quotes"
            diags.append(Diagnostic(path, line((section, key, k)), f"{where}.{k}", why, Severity.WARNING))
        wrong = [k for k in TERM_KEYS if isinstance(value.get(k), (list, Mapping))]
        for k in wrong:
            diags.append(Diagnostic(path, line((section, key, k)), f"{where}.{k}", "must be text"))
        if not wrong:
            out[key] = Term(
                key, str(value.get("label") or key), str(value.get("icon") or ""), str(value.get("kind") or "")
            )
    return out


def _lanes(
    raw: Any, path: str, diags: list[Diagnostic], reserved: frozenset[str], line: Callable[[Loc], int | None]
) -> dict[str, Lane]:
    """``lanes: {confidence: {label: Confidence, kind: rating, after: emotion}}``; a lane id must not be a key a
    stage already has (``reserved``)."""
    out: dict[str, Lane] = {}
    if raw is None:
        return out
    if not isinstance(raw, Mapping):
        diags.append(
            Diagnostic(path, line(("lanes",)), "lanes", "must be a mapping of lane id -> {label, kind, after}")
        )
        return out
    for key, value in raw.items():
        key, where = str(key), f"lanes.{key}"
        if isinstance(value, str):
            value = {"label": value}
        if not isinstance(value, Mapping):
            diags.append(Diagnostic(path, line(("lanes", key)), where, "must be a label or {label, kind, after}"))
            continue
        if not ID.match(key) or key in reserved:
            why = (
                "is a key stages already have; give the lane another id"
                if key in reserved
                else "is not a valid lane id: use lower-case letters, digits, - and _, e.g. confidence"
            )
            diags.append(Diagnostic(path, line(("lanes", key)), where, f"'{key}' {why}"))
            continue
        kind = str(value.get("kind") or "text")
        if kind not in LANE_KINDS:
            diags.append(
                Diagnostic(
                    path,
                    line(("lanes", key, "kind")),
                    f"{where}.kind",
                    f"'{kind}' is not one of: {', '.join(LANE_KINDS)}",
                    suggestion=closest(kind, LANE_KINDS),
                )
            )
            continue
        position = value.get("position")
        if position is not None and (isinstance(position, bool) or not isinstance(position, int) or position < 1):
            diags.append(
                Diagnostic(
                    path,
                    line(("lanes", key, "position")),
                    f"{where}.position",
                    f"'{position}' is not a place from 1 up",
                )
            )
            position = None
        after, before = value.get("after"), value.get("before")
        out[key] = Lane(
            key,
            str(value.get("label") or key.replace("_", " ").replace("-", " ").capitalize()),
            kind,
            str(after) if after is not None else None,
            str(before) if before is not None else None,
            position,
        )
    known = [*stage_lane_ids(), *out]
    for lane in out.values():
        for side in ("after", "before"):
            ref = getattr(lane, side)
            if ref is not None and ref not in known:
                diags.append(
                    Diagnostic(
                        path,
                        line(("lanes", lane.id, side)),
                        f"lanes.{lane.id}.{side}",
                        f"'{ref}' is not a lane; the lane goes last",
                        Severity.WARNING,
                        closest(ref, known),
                    )
                )
    return out


def _file_line(line: int | None) -> int | None:
    """A line of the taxonomy file: the line map counts a page's opening ``---`` as line 1, a file has none."""
    return line - 1 if line is not None else None


def builtin() -> Taxonomy:
    text = resources.files("journeymaps").joinpath("data/taxonomy.yml").read_text(encoding="utf-8")
    data, _ = parse_frontmatter(text, "built-in taxonomy", yaml12=True)
    diags: list[Diagnostic] = []
    return Taxonomy(_terms(data["channels"], "", "channels", diags), _terms(data["evidence"], "", "evidence", diags))


def load_taxonomy(file: Path | None, display: str | None = None) -> tuple[Taxonomy, list[Diagnostic]]:
    """The built-in taxonomy, extended or replaced by ``file`` when given."""
    base = builtin()
    if file is None:
        return base, []
    path = display or file.as_posix()
    try:
        text = normalise(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        why = f"the taxonomy file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8"
        return base, [Diagnostic(path, line, "", why)]
    except OSError as exc:
        return base, [Diagnostic(path, None, "", f"the taxonomy file cannot be read: {exc.strerror or exc}")]
    data, diags = parse_frontmatter(text, path, yaml12=True)  # as pages are read (YAML 1.2)
    if diags:
        return base, diags
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        return base, [Diagnostic(path, 1, "", "the taxonomy must be a mapping with `channels` and `evidence`")]
    mode = data.get("mode", "extend")
    if mode not in ("extend", "replace"):
        diags.append(Diagnostic(path, None, "mode", f"'{mode}' is not extend or replace"))
    doc = SourceDoc(path, "", dict(data), yaml_text=text)

    def line_of(loc: Loc) -> int | None:
        return _file_line(doc.line(loc))

    channels = _terms(data.get("channels"), path, "channels", diags, line_of)
    evidence = _terms(data.get("evidence"), path, "evidence", diags, line_of)
    lanes = _lanes(data.get("lanes"), path, diags, RESERVED, line_of)
    if mode == "replace":
        return Taxonomy(channels, evidence, path, lanes), diags
    return Taxonomy({**base.channels, **channels}, {**base.evidence, **evidence}, path, lanes), diags


def site_lanes(file: Path | None) -> dict[str, tuple[str, str]]:
    """The lanes a taxonomy file declares, id -> (label, kind), for the editors' JSON Schema (none when the file
    is missing or wrong: the build reports that)."""
    taxonomy, _problems = load_taxonomy(file)
    return {key: (lane.label, lane.kind) for key, lane in taxonomy.lanes.items()}
