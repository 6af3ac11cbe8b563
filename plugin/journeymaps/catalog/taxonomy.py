"""The taxonomy: channel ids and evidence types, with labels and icons.

The built-in default (``data/taxonomy.yml``) is extended by a site file named
in the plugin config; a site file with ``mode: replace`` replaces it instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from journeymaps.diagnostics import Diagnostic, closest
from journeymaps.sources.frontmatter import normalise, parse_frontmatter


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    icon: str = ""
    kind: str = ""  # evidence: "what" (structured), "why" (unstructured), "assumption"


@dataclass
class Taxonomy:
    channels: dict[str, Term] = field(default_factory=dict)
    evidence: dict[str, Term] = field(default_factory=dict)
    source: str = "built-in taxonomy"  # named in "unknown channel" warnings

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
        }


def _terms(raw: Any, path: str, section: str, diags: list[Diagnostic]) -> dict[str, Term]:
    out: dict[str, Term] = {}
    if raw is None:
        return out
    if not isinstance(raw, Mapping):
        diags.append(Diagnostic(path, None, section, "must be a mapping of id -> {label, icon}"))
        return out
    for key, value in raw.items():
        key = str(key)
        if isinstance(value, str):
            value = {"label": value}
        if not isinstance(value, Mapping):
            diags.append(Diagnostic(path, None, f"{section}.{key}", "must be a label or {label, icon}"))
            continue
        out[key] = Term(key, str(value.get("label") or key), str(value.get("icon") or ""), str(value.get("kind") or ""))
    return out


def builtin() -> Taxonomy:
    text = resources.files("journeymaps").joinpath("data/taxonomy.yml").read_text(encoding="utf-8")
    data, _ = parse_frontmatter(text, "built-in taxonomy")
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
    except (OSError, UnicodeDecodeError) as exc:
        return base, [Diagnostic(path, None, "", f"taxonomy file cannot be read: {exc}")]
    data, diags = parse_frontmatter(text, path)
    if diags:
        return base, diags
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        return base, [Diagnostic(path, 1, "", "the taxonomy must be a mapping with `channels` and `evidence`")]
    mode = data.get("mode", "extend")
    if mode not in ("extend", "replace"):
        diags.append(Diagnostic(path, None, "mode", f"'{mode}' is not extend or replace"))
    channels = _terms(data.get("channels"), path, "channels", diags)
    evidence = _terms(data.get("evidence"), path, "evidence", diags)
    if mode == "replace":
        return Taxonomy(channels, evidence, path), diags
    return Taxonomy({**base.channels, **channels}, {**base.evidence, **evidence}, path), diags
