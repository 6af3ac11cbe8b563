"""Incremental `mkdocs serve` rebuilds are exact: after each kind of edit, the site a dirty rebuild leaves is, file
for file and byte for byte (search index included), the site a full build of the same sources writes; and a rebuild
renders only the pages made from what changed.

In-process builds on real MkDocsConfigs, the way `mkdocs serve` drives them: the config loaded again for each
rebuild (the plugin instances are kept), a first build, an edit, then `build(config, dirty=True)`."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import commit_all

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

CONFIG = """site_name: Incremental
docs_dir: content
theme: {{name: material, custom_dir: overrides}}
plugins:
  - search
  - journeymaps:
      pdf: false
      nav_threshold: {threshold}
      taxonomy: taxonomy.yml
"""
TAXONOMY = "channels:\n  sms: {label: SMS, icon: material/message-text-outline}\n"
MAPS = 22  # 2 CEMs, 20 CJMs, 2 personas, 6 touchpoints


def _config(project: Path, site: str, command: str, **options: Any) -> MkDocsConfig:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site), **options)
    config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    return config


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins["journeymaps"]


def _site(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> tuple[dict[str, Any], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, data: dict[str, Any], body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body, encoding="utf-8")


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data, body = _front(path)
    change(data)
    _write(path, data, body)


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    generate(tmp_path / "content", MAPS)
    (tmp_path / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG.format(threshold=1), encoding="utf-8")
    return tmp_path


def _stage_emotion(docs: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["stages"][0]["emotion"] = 2 if data["stages"][0]["emotion"] != 2 else -2

    _edit(docs / "maps" / "cjm-3.md", change)


def _opportunity(docs: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        stage = next(s for s in data["stages"] if s.get("opportunities"))
        stage["opportunities"][0]["impact"] = 1 if stage["opportunities"][0].get("impact") != 1 else 5
        stage["opportunities"][0]["title"] = "A <better> & cheaper way"

    _edit(docs / "maps" / "cjm-3.md", change)


def _map_title(docs: Path) -> None:
    _edit(docs / "maps" / "cjm-3.md", lambda d: d.__setitem__("title", "Renamed <journey>"))


def _persona_name(docs: Path) -> None:
    _edit(docs / "personas" / "persona-1.md", lambda d: d.__setitem__("name", "Renamed <Persona> & co"))


def _new_touchpoint(docs: Path) -> None:
    _write(docs / "touchpoints" / "kiosk.md", {"type": "touchpoint", "name": "Kiosk", "channel": "sms"}, "A kiosk.\n")


def _new_map(docs: Path) -> None:
    data, body = _front(docs / "maps" / "cjm-4.md")
    data["title"] = "A brand new journey"
    _write(docs / "maps" / "cjm-new.md", data, body)


def _deleted_map(docs: Path) -> None:
    (docs / "maps" / "cjm-5.md").unlink()


def _renamed_id(docs: Path) -> None:
    _edit(docs / "touchpoints" / "touchpoint-2.md", lambda d: d.__setitem__("id", "touchpoint-two"))


def _taxonomy(docs: Path) -> None:
    (docs.parent / "taxonomy.yml").write_text(TAXONOMY + "  email: {label: E-post, icon: material/email}\n")


def _template_override(docs: Path) -> None:
    (docs.parent / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Preview{% endblock %}\n', encoding="utf-8"
    )


def _home_page(docs: Path) -> None:
    (docs / "index.md").write_text("# A handbook\n\nSee [a map](maps/cjm-6.md).\n", encoding="utf-8")


def _nothing(docs: Path) -> None:
    pass


EDITS: dict[str, Callable[[Path], None]] = {
    "nothing": _nothing,
    "stage emotion": _stage_emotion,
    "opportunity": _opportunity,
    "map title": _map_title,
    "persona name": _persona_name,
    "new touchpoint": _new_touchpoint,
    "new map": _new_map,
    "deleted map": _deleted_map,
    "renamed id": _renamed_id,
    "taxonomy": _taxonomy,
    "template override": _template_override,
    "home page": _home_page,
}
EVERY_PAGE = {"taxonomy", "template override", "home page"}  # the site-wide key changes: every page renders


def _incremental(project: Path, edit: Callable[[Path], None]) -> tuple[dict[str, bytes], list[str], int]:
    """A serve session: the first build, the edit, a dirty rebuild; the site, the pages rendered, all pages."""
    config = _config(project, "served", "serve")
    mkdocs_build(config)
    total = len(_plugin(config).incremental.rendered)
    edit(project / "content")
    config = _config(project, "served", "serve")
    mkdocs_build(config, dirty=True)
    rendered = list(_plugin(config).incremental.rendered)
    config.plugins.on_shutdown()
    return _site(project / "served"), rendered, total


def _full(project: Path, **options: Any) -> dict[str, bytes]:
    config = _config(project, "full", "build", **options)
    mkdocs_build(config)
    config.plugins.on_shutdown()
    return _site(project / "full")


def _same_site(served: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(served) == sorted(full)
    differ = [name for name in full if served[name] != full[name]]
    shown = {  # the first line that differs, to tell why
        name: next(
            (pair for pair in zip(served[name].splitlines(), full[name].splitlines()) if pair[0] != pair[1]), None
        )
        for name in differ[:3]
    }
    assert differ == [], shown


@pytest.mark.parametrize("there_first", [True, False])
def test_a_persona_photo_that_comes_or_goes_leaves_every_page_exact(handbook: Path, there_first: bool) -> None:
    """A persona's photo is shown while its file is there (its page, the personas index): removing or adding the
    file, and nothing else, renders what shows it again, as a full build does."""
    docs = handbook / "content"
    picture = docs / "img" / "persona-1.svg"
    picture.parent.mkdir()
    drawing = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>'
    if there_first:
        picture.write_text(drawing, encoding="utf-8")
    _edit(docs / "personas" / "persona-1.md", lambda d: d.__setitem__("photo", "../img/persona-1.svg"))

    def edit(_docs: Path) -> None:
        picture.unlink() if there_first else picture.write_text(drawing, encoding="utf-8")

    served, rendered, total = _incremental(handbook, edit)
    _same_site(served, _full(handbook))
    assert "personas/index.md" in rendered and len(rendered) < total, rendered  # not the other persona's maps
    shown = "img/persona-1.svg" in served["personas/index.html"].decode()
    assert shown is not there_first


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_rebuild_after_an_edit_is_the_full_build_byte_for_byte(handbook: Path, kind: str) -> None:
    served, rendered, total = _incremental(handbook, EDITS[kind])
    _same_site(served, _full(handbook))
    assert "search/search_index.json" in served and len(served["search/search_index.json"]) > 10_000
    if kind in EVERY_PAGE:
        assert len(rendered) >= total - 1
    elif kind == "nothing":
        assert rendered == []
    else:
        assert 0 < len(rendered) < total * (0.9 if kind in ("persona name", "renamed id") else 0.5), rendered


def test_one_stage_edit_renders_its_map_and_what_lists_or_links_it(handbook: Path) -> None:
    data, _ = _front(handbook / "content" / "maps" / "cjm-3.md")
    cem = data["zooms_into"].split("#")[0]
    tps = {t for s in data["stages"] for t in s["touchpoints"]}
    served, rendered, total = _incremental(handbook, _stage_emotion)
    assert "maps/cjm-3.md" in rendered
    assert f"maps/{cem}.md" in rendered  # it zooms into the CEM: the CEM's page lists it
    assert f"personas/{data['persona']}.md" in rendered  # the persona's page shows its emotion curve
    assert {f"touchpoints/{t}.md" for t in tps} <= set(rendered)  # each touchpoint's page shows the emotion
    assert {"maps/index.md", "health/index.md"} <= set(rendered)  # they show each map's emotion
    # the indexes that show no emotion: personas (cards, map counts), touchpoints, the opportunity backlog
    assert not {"personas/index.md", "touchpoints/index.md", "opportunities/index.md"} & set(rendered)
    assert "maps/cjm-7.md" not in rendered  # a map it does not touch
    assert not any(
        p.startswith("touchpoints/") and p.split("/")[1][:-3] not in tps for p in rendered if "index" not in p
    )
    assert len(rendered) < total / 2
    _same_site(served, _full(handbook))


@pytest.mark.parametrize("kind", ["opportunity", "map title"])
def test_an_edit_the_backlog_shows_renders_the_opportunities_index(handbook: Path, kind: str) -> None:
    _, rendered, _ = _incremental(handbook, EDITS[kind])
    assert {"maps/cjm-3.md", "opportunities/index.md"} <= set(rendered)
    assert "personas/index.md" not in rendered


def test_a_persona_in_the_navigation_renders_every_page_when_renamed(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text(CONFIG.format(threshold=500), encoding="utf-8")
    served, rendered, total = _incremental(handbook, _persona_name)
    assert len(rendered) == total  # its name is in every page's navigation
    _same_site(served, _full(handbook))


def test_incremental_false_renders_every_page(handbook: Path) -> None:
    text = CONFIG.format(threshold=1) + "      incremental: false\n"
    (handbook / "mkdocs.yml").write_text(text, encoding="utf-8")
    served, rendered, total = _incremental(handbook, _stage_emotion)
    assert len(rendered) == total
    _same_site(served, _full(handbook))


def test_mkdocs_serve_makes_its_rebuilds_incremental_and_exact(
    handbook: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The real `mkdocs serve` (its server does not listen here: its loop is one edit and one rebuild): without
    `--dirty`, the rebuild renders only what the edit touched, says nothing of a dirty build, and is exact."""
    from mkdocs.commands.serve import serve
    from mkdocs.livereload import LiveReloadServer

    seen: dict[str, Any] = {}

    def one_rebuild(server: LiveReloadServer, *, open_in_browser: bool = False) -> None:
        caplog.clear()
        _stage_emotion(handbook / "content")
        server.builder()
        seen["site"] = _site(Path(server.root))

    monkeypatch.setattr(LiveReloadServer, "serve", one_rebuild)
    with caplog.at_level(logging.INFO):
        serve(str(handbook / "mkdocs.yml"), livereload=True)
    said = [r.getMessage() for r in caplog.records]
    line = next(m for m in said if m.startswith("journeymaps: ") and " pages rendered" in m)
    rendered = int(line.split("; ")[-1].split(" pages rendered")[0])
    assert 0 < rendered < 29, line
    assert not [m for m in said if "dirty" in m]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("mkdocs.commands")]
    _same_site(seen["site"], _full(handbook, site_url="http://127.0.0.1:8000/"))


def test_a_serve_of_another_site_in_the_same_process_reads_its_own_git_history(tmp_path: Path) -> None:
    """MkDocs keeps one plugin instance per process: the git history a serve keeps is the served folder's own."""
    sites = {}
    for name in ("with-git", "without-git"):
        project = tmp_path / name
        generate(project / "content", 3)
        (project / "overrides").mkdir()
        (project / "mkdocs.yml").write_text(CONFIG.format(threshold=1).replace("      taxonomy: taxonomy.yml\n", ""))
        if name == "with-git":
            commit_all(project, "Maps")
        config = _config(project, "served", "serve")
        mkdocs_build(config)
        config.plugins.on_shutdown()
        sites[name] = (project / "served" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "No git history" not in sites["with-git"]
    assert "No git history" in sites["without-git"]


def test_a_build_in_the_same_process_between_serve_rebuilds_leaves_them_exact(handbook: Path) -> None:
    """MkDocs keeps one plugin instance per process: a one-shot build of the same site run between two rebuilds
    of a serve session (the build releases what serve keeps) makes the session's next rebuild read and render
    everything again, exactly; the one after is incremental again."""
    config = _config(handbook, "served", "serve")
    mkdocs_build(config)
    total = len(_plugin(config).incremental.rendered)
    _map_title(handbook / "content")
    mkdocs_build(_config(handbook, "served", "serve"), dirty=True)
    mkdocs_build(_config(handbook, "between", "build"))
    rendered = []
    for edit in (_stage_emotion, _opportunity):
        edit(handbook / "content")
        config = _config(handbook, "served", "serve")
        mkdocs_build(config, dirty=True)
        rendered.append(len(_plugin(config).incremental.rendered))
    config.plugins.on_shutdown()
    assert rendered[0] == total and 0 < rendered[1] < total / 2
    _same_site(_site(handbook / "served"), _full(handbook))


def test_mkdocs_serve_watches_the_taxonomy_file(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The taxonomy lives beside mkdocs.yml, outside the docs folder: serve watches it too, and a saved change
    renders every page again (its labels are on them), exactly as a full build."""
    from mkdocs.commands.serve import serve
    from mkdocs.livereload import LiveReloadServer

    watched: list[str] = []
    seen: dict[str, Any] = {}
    real_watch = LiveReloadServer.watch

    def watch(server: LiveReloadServer, path: str, *args: Any, **kwargs: Any) -> None:
        watched.append(path)
        real_watch(server, path, *args, **kwargs)

    def one_rebuild(server: LiveReloadServer, *, open_in_browser: bool = False) -> None:
        _taxonomy(handbook / "content")
        server.builder()
        seen["site"] = _site(Path(server.root))

    monkeypatch.setattr(LiveReloadServer, "watch", watch)
    monkeypatch.setattr(LiveReloadServer, "serve", one_rebuild)
    serve(str(handbook / "mkdocs.yml"), livereload=True)
    assert str(handbook / "taxonomy.yml") in watched
    _same_site(seen["site"], _full(handbook, site_url="http://127.0.0.1:8000/"))
