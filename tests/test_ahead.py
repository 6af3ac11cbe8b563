"""A one-shot build renders its pages' parts before MkDocs reads a page and frees the catalog (memory), and writes
material's search index entry by entry: the site is byte for byte the one the page-by-page path writes (the path
of `mkdocs serve` and of builds with PDFs), search index included.

In-process builds of a generated handbook on real MkDocsConfigs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from journeymaps.mkdocs_adapter.ahead import Spool
from journeymaps.mkdocs_adapter.plugin import JourneymapsPlugin
from journeymaps.mkdocs_adapter.search_index import write_entries

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from build import HANDBOOK_CONFIG  # noqa: E402  (search and journeymaps, PDFs off)
from generate import generate  # noqa: E402


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    generate(tmp_path / "content", 30)
    (tmp_path / "mkdocs.yml").write_text(HANDBOOK_CONFIG, encoding="utf-8")
    return tmp_path


def _build(project: Path, site: str) -> tuple[dict[str, bytes], Any]:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    folder = project / site
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return files, config.plugins["journeymaps"]


def test_the_pages_are_made_after_the_catalog_is_freed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool, bool]] = []
    fragments = JourneymapsPlugin._fragments

    def watch(self: JourneymapsPlugin, page: Any) -> None:
        seen.append((page.file.src_uri, self._handbook is None, self._ahead is not None))
        fragments(self, page)

    monkeypatch.setattr(JourneymapsPlugin, "_fragments", watch)
    site, plugin = _build(project, "site")
    assert len(seen) > 30 and any(src.startswith("maps/") for src, _, _ in seen)
    assert all(freed and spooled for _, freed, spooled in seen), [s for s in seen if not (s[1] and s[2])][:3]
    assert plugin._ahead is None  # the spool is closed once search's index is complete
    index = json.loads(site["search/search_index.json"])
    assert len(index["docs"]) > 30 and any(d["location"].startswith("maps/") for d in index["docs"])


def test_the_site_is_the_one_rendered_page_by_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ahead, _ = _build(project, "ahead")
    with monkeypatch.context() as m:  # no rendering ahead: each page's parts as it is written, search's own write
        m.setattr(JourneymapsPlugin, "on_env", lambda self, env, *, config, files: env)
        by_page, plugin = _build(project, "by-page")
    assert plugin._ahead is None
    assert sorted(ahead) == sorted(by_page)
    assert [name for name in ahead if ahead[name] != by_page[name]] == []
    assert b"jm-grid" in ahead["maps/cjm-1/index.html"] and len(ahead["journeymaps.json"]) > 10_000


def test_an_index_of_another_shape_gets_its_entries_too(tmp_path: Path) -> None:
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    path.write_bytes(b'{"docs": [], "config": {"lang": ["en"]}}')
    write_entries(tmp_path, [{"location": "a/", "title": "A <b>", "text": "\u00e9"}])
    assert json.loads(path.read_bytes()) == {
        "docs": [{"location": "a/", "title": "A <b>", "text": "\u00e9"}],
        "config": {"lang": ["en"]},
    }
    path.write_bytes(b'{"config":{"lang":["en"]},"docs":[]}')
    write_entries(tmp_path, [{"location": "a/"}, {"location": "b/"}])
    assert path.read_bytes() == b'{"config":{"lang":["en"]},"docs":[{"location":"a/"},{"location":"b/"}]}'


def test_the_spool_gives_back_large_texts_as_they_were_put() -> None:
    # written a slice at a time: multibyte characters and lone surrogates (which the spool keeps) across the slices
    large = "é" * 65_535 + "\ud83d" + "x" * 65_535 + "\ude00" + "€" * 70_000 + "<b>"
    spool = Spool()
    try:
        spool.put("page", ["", large, "after"])
        spool.put("other", ["𝄞" * 40_000])
        assert spool.take("other") == ["𝄞" * 40_000]
        assert spool.take("page") == ["", large, "after"]
        assert spool.take("page") is None  # taken once
    finally:
        spool.close()
