"""The bad-input corpus (``tests/corpus/cases.yml``) as Python objects: read it, write a case to disk.

Used by ``test_corpus.py`` (exact messages, real MkDocs builds) and by anything else that
checks the same inputs (e.g. the JSON Schema against the loader). The format is described
in ``tests/corpus/README.md``.
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml

from journeymaps.settings import Options

CORPUS = Path(__file__).resolve().parent / "corpus" / "cases.yml"
DOCS = "content"
"""The docs folder every path in the corpus is relative to; messages name files as ``content/...``."""

Check = Literal["yaml", "schema", "file", "catalog", "ok"]
CHECKS: tuple[str, ...] = ("yaml", "schema", "file", "catalog", "ok")


@dataclass(frozen=True)
class Case:
    id: str
    check: Check
    files: dict[str, bytes]
    errors: list[str]
    warnings: list[str] | None = None  # None: not checked
    note: str = ""
    schema_invalid: frozenset[str] = frozenset()
    """The files a JSON Schema must reject: every file of a `schema` case, else those the case lists."""

    @property
    def schema_checkable(self) -> bool:
        """The file alone shows the error: a JSON Schema of one document must reject it."""
        return self.check == "schema"


TAXONOMY = "taxonomy.yml"
"""The corpus' site taxonomy (its top-level ``taxonomy:``), written next to the docs folder."""


@dataclass(frozen=True)
class Corpus:
    base: dict[str, bytes]
    cases: list[Case] = field(default_factory=list)
    taxonomy: bytes | None = None
    """The site taxonomy every build of the corpus uses (e.g. the lanes cases rely on)."""

    def options(self) -> Options:
        """The plugin options of a corpus build: the corpus' taxonomy, when it has one."""
        return Options(taxonomy=TAXONOMY if self.taxonomy is not None else None)

    def write(self, root: Path, *cases: Case) -> Path:
        """Write the base pages and ``cases``' files under ``root/content`` (and the taxonomy under ``root``);
        return the docs folder."""
        if self.taxonomy is not None:
            root.mkdir(parents=True, exist_ok=True)
            (root / TAXONOMY).write_bytes(self.taxonomy)
        docs = root / DOCS
        for files in [self.base, *(c.files for c in cases)]:
            for rel, data in files.items():
                path = docs / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        return docs


def _bytes(value: Any) -> bytes:
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])  # bytes that are not UTF-8 text
    if not isinstance(value, str):
        raise ValueError(f"a file is text or {{base64: ...}}, not {value!r}")
    return value.encode("utf-8")


def load_corpus(path: Path = CORPUS) -> Corpus:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for item in raw["cases"]:
        if item["check"] not in CHECKS:
            raise ValueError(f"{item['id']}: check must be one of {CHECKS}")
        files = {k: _bytes(v) for k, v in item["files"].items()}
        invalid = frozenset(files) if item["check"] == "schema" else frozenset(item.get("schema_invalid") or [])
        if not invalid <= set(files):
            raise ValueError(f"{item['id']}: schema_invalid names files the case does not have")
        cases.append(
            Case(
                id=item["id"],
                check=item["check"],
                files=files,
                errors=list(item.get("errors") or []),
                warnings=item.get("warnings"),
                note=item.get("note", ""),
                schema_invalid=invalid,
            )
        )
    ids = [c.id for c in cases]
    if len(ids) != len(set(ids)):
        raise ValueError("case ids must be unique")
    taxonomy = _bytes(raw["taxonomy"]) if raw.get("taxonomy") is not None else None
    return Corpus({k: _bytes(v) for k, v in raw["base"].items()}, cases, taxonomy)


class EditorReading(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as editors read it (yaml-language-server, hence VS Code): YAML 1.2's core schema, written out from the
    spec here rather than taken from the loader, so the corpus' schema checks do not lean on the code they check.
    ``yes``, ``no``, ``on``, ``off`` are text; ``0755`` is 755, ``0o17`` octal; dates and ``=`` are text; a merge key
    ``<<`` merges (yaml-language-server merges it)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {}


_CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
for _tag, _pattern, _first in _CORE:
    EditorReading.add_implicit_resolver(_tag, re.compile(_pattern), [*_first, ""] if "~" in _first else list(_first))


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    return int(text[2:], 8) if text.startswith("0o") else int(text[2:], 16) if text.startswith("0x") else int(text)


def _core_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(node.value).lower().lstrip("+")
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


EditorReading.add_constructor("tag:yaml.org,2002:int", _core_int)
EditorReading.add_constructor("tag:yaml.org,2002:float", _core_float)


def editor_reading(yaml_text: str) -> Any:
    """The frontmatter's data as an editor checks it against the JSON Schema: YAML 1.2, keys as text (JSON)."""
    return json_ready(yaml.load(yaml_text, Loader=EditorReading))  # a safe loader


def json_ready(value: Any) -> Any:
    """YAML data as an editor's schema check sees it: dates become strings, keys become strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value
