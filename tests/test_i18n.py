"""Translations: the plugin speaks the site's `theme.language` from gettext catalogues read with Babel.

- Every catalogue has every message of the template catalogue, none fuzzy or empty, with the same placeholders,
  and the template catalogue is what the sources say today (`python3 tasks.py messages` was run).
- Real `mkdocs build`s of a small handbook in git with `theme.language: de` and `ja` read back: the plugin's own
  words on the map, persona, opportunities, health and changes pages are German (Japanese), and none of its
  English strings is left; dates and numbers follow the locale; `pt-BR` speaks `pt`; a site's `strings` win;
  an English build says the English ids.
- The command line speaks the site's language too (`lint`, `validate`), and `LANG` without a mkdocs.yml.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import BuildResult, Writer, commit_all, example_handbook, mkdocs_here
from journeymaps import Settings, build, i18n
from journeymaps.history.semdiff import diff_handbooks
from journeymaps.vocabulary import day, emotion_word, signed

ROOT = Path(__file__).resolve().parent.parent
POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Souza",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Souza",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_AUTHOR_DATE": "2026-11-20T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-20T10:00:00Z",
}


def _catalog(path: Path, locale: str | None = None) -> dict[str | tuple[str, ...], object]:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    return {m.id: m for m in catalog if m.id}


def _forms(string: object) -> list[str]:
    return list(string) if isinstance(string, (tuple, list)) else [str(string or "")]


# -- the catalogues ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_has_every_message_translated_with_its_placeholders(lang: str) -> None:
    template = _catalog(POT)
    assert len(template) > 100  # the plugin's strings, not an empty file
    po = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    found = _catalog(po, lang)
    assert set(found) == set(template), "run `python3 tasks.py messages` and translate the new strings"
    for msgid, message in found.items():
        assert not message.fuzzy, f"{lang}: fuzzy: {msgid!r}"  # type: ignore[attr-defined]
        forms = _forms(message.string)  # type: ignore[attr-defined]
        assert forms and all(f.strip() for f in forms), f"{lang}: untranslated: {msgid!r}"
        ids = list(msgid) if isinstance(msgid, tuple) else [msgid]
        wanted = [set(PLACEHOLDER.findall(i)) for i in ids]
        for form in forms:
            got = set(PLACEHOLDER.findall(form))
            assert got <= set().union(*wanted), f"{lang}: {form!r} has a placeholder {msgid!r} does not"
        assert set(PLACEHOLDER.findall(forms[-1])) == wanted[-1], f"{lang}: placeholders differ: {msgid!r}"
        # the same text gettext and Jinja format: % with the values (Jinja's new style formats every string)
        values = dict.fromkeys(set().union(*wanted), "x")
        for text in [*ids, *forms]:
            assert "%" not in text.replace("%%", "").replace("%(", "") or text % values


def test_the_template_catalogue_is_what_the_sources_say() -> None:
    """`python3 tasks.py messages` extracts the same strings: none was added or dropped since it last ran."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    from babel.messages.extract import extract_from_dir

    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, tasks.MESSAGE_SOURCES, tasks.MESSAGE_OPTIONS
        )
    }
    assert extracted == set(_catalog(POT)), "run `python3 tasks.py messages`"


def test_no_message_is_said_inside_an_f_string() -> None:
    """Babel's extractor does not look inside an f-string: ``f"{_('Map title')}: "`` was never in a catalogue, so the
    prompt stayed English in every language. Each ``_()``, ``ngettext()`` or ``N_()`` call sits outside f-strings."""
    import ast

    said = {"_", "ngettext", "N_"}
    hidden = []
    for path in sorted((ROOT / "plugin" / "journeymaps").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in said
                        and any(isinstance(a, ast.Constant) for a in inner.args)  # a msgid written there
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, hidden


def test_the_catalogues_ship_in_the_wheel_and_babel_is_a_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = ROOT / "plugin" / "journeymaps"
    shipped = {f for p in project["tool"]["setuptools"]["package-data"]["journeymaps"] for f in package.glob(p)}
    catalogues = [POT, *(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po" for lang in TRANSLATED)]
    assert all(c.is_file() for c in catalogues)
    assert set(catalogues) <= shipped
    assert any(d.replace(" ", "").startswith("babel>=") for d in project["project"]["dependencies"])


# -- the templates say every word through the catalogue ----------------------------------------------------------------

VISIBLE_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
"""Attributes a reader sees or hears (tooltips, screen readers, image text, empty fields)."""
SAME_IN_EVERY_LANGUAGE = {"CJM", "CEM", "PDF", "Mermaid"}
"""Text a template may write as it is: the two map types' abbreviations and the names of a file format and a tool,
which every catalogue keeps too (``Karte der Kundenreise (CJM)``, ``PDF herunterladen``). Besides these, text in
``<code>`` (syntax a reader types: ``journeymaps lint``, ``type: persona``) and the body of a ``{% block *_class %}``
(CSS class names a child template fills into its parent's ``class=""``) are not words to translate."""
LETTERS = re.compile(r"[^\W\d_]{2,}")


class _VisibleText(HTMLParser):
    """The literal text and visible attribute values of a template's skeleton: its HTML with every ``{{ }}`` and
    ``{% %}`` replaced by a space (so what is left is what the template writes as it is)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0  # inside <script>, <style> or <code>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style", "code")
        self.found += [f"{k}={v!r}" for k, v in attrs if k in VISIBLE_ATTRIBUTES and v and LETTERS.search(v)]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "code")

    def handle_data(self, data: str) -> None:
        words = " ".join(data.split())
        if not self.hidden and LETTERS.search(words) and words not in SAME_IN_EVERY_LANGUAGE:
            self.found.append(words)


def _skeleton(env: object, source: str) -> str:
    """The template's data tokens (Jinja's own lexer), each tag or expression a space, a block named ``*_class``
    left out."""
    out: list[str] = []
    names: list[str] = []  # the open blocks' names, innermost last
    tokens = list(env.lex(source))  # type: ignore[attr-defined]
    for i, (_line, kind, value) in enumerate(tokens):
        if kind == "name" and tokens[i - 1][1] == "whitespace" and tokens[i - 2][2] == "block":
            names.append(value)
        elif kind == "name" and value == "endblock" and names:
            names.pop()
        elif kind == "data" and not any(n.endswith("_class") for n in names):
            out.append(value)
        elif kind in ("variable_begin", "block_begin"):
            out.append(" ")
    return "".join(out)


def test_every_template_says_its_words_through_the_catalogue() -> None:
    """No template writes visible English of its own: every word between tags and in title, aria-label, alt and
    placeholder is ``{{ _("...") }}`` (or an author's value), so every language sees its own."""
    from journeymaps.render.environment import PACKAGE_TEMPLATES, make_environment

    env = make_environment()
    templates = sorted(PACKAGE_TEMPLATES.rglob("*.html"))
    assert len(templates) > 30  # pages, partials and PDFs
    left = {}
    for path in templates:
        parser = _VisibleText()
        parser.feed(_skeleton(env, path.read_text(encoding="utf-8")))
        parser.close()
        if parser.found:
            left[str(path.relative_to(PACKAGE_TEMPLATES))] = parser.found
    assert not left, f"wrap these in _(): {left}"


def test_the_static_check_sees_unwrapped_words() -> None:
    """The check above fails on each kind of leftover it is there for, and passes wrapped ones."""
    from journeymaps.render.environment import make_environment

    env = make_environment()

    def found(source: str) -> list[str]:
        parser = _VisibleText()
        parser.feed(_skeleton(env, source))
        parser.close()
        return parser.found

    wrapped = '<p>{{ _("Stages") }} <code>type: persona</code> CJM</p>{% block body_class %}jm-x{% endblock %}'
    assert found(wrapped) == []
    assert found("<th>{{ n }} stages</th>") == ["stages"]
    assert found('<tr{% if x %} id="{{ x }}"{% endif %}><td title="Open {{ x }}">—</td></tr>') == ["title='Open  '"]
    assert found('<section aria-label="{{ _(\'Map\') }}"><img alt="map"></section>') == ["alt='map'"]


# -- languages, strings, numbers and dates -----------------------------------------------------------------------------


def test_a_region_speaks_its_language_and_an_unknown_language_english() -> None:
    assert i18n.language_of("pt-BR") == ("pt", "pt_BR")
    assert i18n.language_of("de_AT") == ("de", "de_AT")
    assert i18n.language_of("it") == ("en", "en")  # no catalogue: English words, English numbers
    assert i18n.language_of("not a language!") == ("en", "en")
    with i18n.use(i18n.speech("pt-BR")):
        assert i18n._("Map health") == "Saúde dos mapas"
        assert signed(-0.5) == "-0,5" and day("2026-06-20") == "20 de jun. de 2026"
    assert i18n._("Map health") == "Map health"  # nothing left selected after the block


def test_a_site_in_a_language_without_a_catalogue_hears_it_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Italian pages get English words: the build says so in one info line (not a warning: --strict still builds),
    once per process (serve reloads the config on every rebuild), and never for a language the plugin speaks."""
    import logging

    from mkdocs.config import load_config

    from journeymaps.mkdocs_adapter import config as adapter_config

    monkeypatch.setattr(adapter_config, "_said", set())
    (tmp_path / "docs").mkdir()
    for language, said in (("it", 1), ("it", 0), ("pt_BR", 0), ("en_GB", 0), ("sv_SE", 1)):
        (tmp_path / "mkdocs.yml").write_text(
            f"site_name: S\ntheme:\n  name: mkdocs\n  locale: {language}\nplugins:\n  - journeymaps\n"
        )
        config = load_config(str(tmp_path / "mkdocs.yml"))
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeymaps"):
            adapter_config.settings_of(config, config.plugins["journeymaps"].config)
        lines = [r for r in caplog.records if "no translation" in r.getMessage()]
        assert len(lines) == said, (language, [r.getMessage() for r in caplog.records])
        assert all(r.levelno == logging.INFO and language in r.getMessage() for r in lines)
        assert all("strings option" in r.getMessage() and "de, fr" in r.getMessage() for r in lines)


def test_site_strings_win_flat_and_per_language() -> None:
    strings = i18n.flat_strings({"Pain points": "Frictions", "Map health": "Map care", "de": {"Map health": "Pflege"}})
    with i18n.use(i18n.speech("de", strings)):
        assert i18n._("Map health") == "Pflege"
        assert i18n._("Maps") == "Karten"
    with i18n.use(i18n.speech("en", strings)):
        assert i18n._("Map health") == "Map care"
        assert i18n.ngettext("%(n)s map", "%(n)s maps", 2) == "2 maps"
    regional = i18n.flat_strings({"pt-BR": {"Maps": "Jornadas"}})  # a region's strings are its language's
    with i18n.use(i18n.speech("pt", regional)):
        assert (i18n._("Maps"), i18n._("Map health")) == ("Jornadas", "Saúde dos mapas")


def test_numbers_and_dates_follow_the_locale_and_english_stays_as_it_was() -> None:
    assert (signed(1.25), signed(-0.5), day("2026-06-20"), emotion_word(-2)) == (
        "+1.2",
        "-0.5",
        "2026-06-20",
        "very negative",
    )
    with i18n.use(i18n.speech("de")):
        assert (signed(1.25), signed(-0.5), day("2026-06-20"), emotion_word(-2)) == (
            "+1,2",
            "-0,5",
            "20.06.2026",
            "sehr negativ",
        )
    with i18n.use(i18n.speech("ja")):
        assert (day("2026-06-20"), emotion_word(2)) == ("2026/06/20", "とてもポジティブ")


# -- real builds -------------------------------------------------------------------------------------------------------

PERSONA = """
---
type: persona
name: Maya Chen
role: Freelance designer
---
Maya runs a one-person studio.
"""

CEM = """
---
type: cem
title: Customer lifecycle
personas: [maya]
reviewed: 2026-11-01
stages:
  - {name: Discover, id: discover, emotion: {maya: 1}, owner: Growth}
  - {name: Open account, id: open, emotion: {maya: -1}, owner: Onboarding squad, moment_of_truth: true}
---
"""

CJM = """
---
type: cjm
title: Account opening
persona: maya
zooms_into: lifecycle#open
reviewed: 2026-01-15
stages:
  - name: Sign up
    emotion: 1
    owner: Onboarding squad
    touchpoints: [{name: Signup form, channel: web}]
    opportunities: [{title: Magic link, impact: 4, effort: 2}]
  - name: Verify identity
    emotion: -2
    moment_of_truth: true
    pain_points: [{title: Call drops, severity: 4}]
    opportunities: [{title: Save as you type, impact: 5, effort: 1}]
---
Body text.
"""

SITE = """
site_name: Test handbook
docs_dir: content
theme:
  name: material
  language: {language}
  features: [navigation.indexes]
plugins:
  - search
  - journeymaps:
      pdf: false
{extra}"""

PAGES = (
    "maps/opening/index.html",
    "personas/maya/index.html",
    "opportunities/index.html",
    "health/index.html",
    "compare/index.html",
    "compare/lifecycle/opening/index.html",
)


def _site(language: str, extra: str = "") -> str:
    return SITE.format(language=language, extra=textwrap.indent(textwrap.dedent(extra), "      "))


def _git(project: Path) -> None:
    commit_all(project, "Maya's journey", GIT_ENV)


@pytest.fixture
def handbook(write: Writer, project: Path) -> Path:
    write("index.md", "# Handbook\n")
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", CJM)
    write("maps/lifecycle.md", CEM)
    _git(project)
    return project


def _text(result: BuildResult, rel: str) -> str:
    page = result.html(rel)
    for tag in page.select("script, style"):
        tag.decompose()
    return " ".join(page.get_text(" ").split())


def _field_names() -> set[str]:
    import inspect

    import pydantic

    from journeymaps.validation import models

    classes = [c for _n, c in inspect.getmembers(models, inspect.isclass) if issubclass(c, pydantic.BaseModel)]
    return {name for c in classes for name in c.model_fields}


_FIELDS = _field_names()
"""The format's field names (``opportunities``, ``expectations``): what authors type in every language, so a
finding names them as they are ("ninguna etapa tiene opportunities"); an id that is only a field name is no leftover."""


def _english(lang: str) -> Iterator[str]:
    """The plugin's English strings a page could show, as the words between their placeholders: each id whose
    translation differs, cut at its placeholders, fragments long enough to be the plugin's and no author's."""
    found = _catalog(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", lang)
    for msgid, message in found.items():
        ids = list(msgid) if isinstance(msgid, tuple) else [msgid]
        if any(i in _forms(message.string) for i in ids):  # type: ignore[attr-defined]  # the same word
            continue
        for text in ids:
            for piece in PLACEHOLDER.split(text)[::2]:
                piece = piece.replace("%%", "%").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                if len(piece.strip(" .,:;()“”'")) >= 12 and piece.strip(" .,:;()“”'") not in _FIELDS:
                    yield piece.strip()


def _left(text: str, english: list[str]) -> list[str]:
    return [s for s in english if s in text]


@pytest.fixture
def built(handbook: Path, build: Callable[..., BuildResult]) -> Callable[[str], BuildResult]:
    def _built(language: str, extra: str = "") -> BuildResult:
        result = build(config=_site(language, extra))
        assert result.code == 0, result.output
        return result

    return _built


def test_a_german_build_says_the_plugins_words_in_german(built: Callable[..., BuildResult]) -> None:
    result = built("de")
    texts = {rel: _text(result, rel) for rel in PAGES}
    nav = result.html("index.html").select_one("nav.md-nav--primary").get_text(" ")  # type: ignore[union-attr]
    for title in ("Karten", "Chancen", "Zustand der Karten", "Letzte Änderungen", "Kontaktpunkte"):
        assert title in nav
    map_page = result.html(PAGES[0])
    assert "Emotionskurve: Account opening" in str(map_page)  # the curve's accessible title
    assert "Verlauf" in texts[PAGES[0]] and "Zuletzt geändert" in texts[PAGES[0]]
    assert "20.11.2026 von Ana Souza" in texts[PAGES[0]]  # the date as Germans write it
    assert "Diese Karte als Mermaid-Journey-Diagramm" in texts[PAGES[0]]
    assert "Verlauf" in texts[PAGES[1]] and "Alle letzten Änderungen" in texts[PAGES[1]]
    assert result.html(PAGES[2]).select_one("h1").get_text(strip=True) == "Chancen"  # type: ignore[union-attr]
    health = texts[PAGES[3]]
    assert "Prüfung überfällig: zuletzt geprüft am 15.01.2026" in health
    assert "Phase „Verify identity“ hat keine verantwortliche Person" in health
    assert "eine veraltete Karte ist schlimmer als keine" in health
    changes = _text(result, "changes/index.html")
    assert "Die letzten 1 Commits" not in changes and "Der letzte Commit" in changes
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "Karte der Kundenreise (CJM), Ist-Zustand, für Maya Chen." in words
    assert "Moment der Wahrheit" in words
    english = sorted(set(_english("de")))
    assert len(english) > 50
    for rel, text in {**texts, "changes/index.html": changes}.items():
        assert not _left(text, english), f"{rel}: English left"
    words = _single_words("de")
    for rel in PAGES:  # no single word either ("Stage", "Channels", "owned"), the authors' words and code aside
        page = result.html(rel)
        for tag in page.select("script, style, code"):
            tag.decompose()
        theirs = " ".join(page.get_text(" ").split())
        for phrase in (*AUTHORS_WORDS, "Handbook", "Maya runs a one-person studio."):
            theirs = theirs.replace(phrase, " ")
        assert not [w for w in words if re.search(rf"\b{w}\b", theirs)], f"{rel}: English left: {theirs}"
    data = json.loads((result.site / "journeymaps.json").read_text(encoding="utf-8"))
    assert data["maps"]["opening"]["stages"][1]["emotion_word"] == "very negative"  # data stays English


AUTHORS_WORDS = (
    "Account opening", "Customer lifecycle", "Sign up", "Verify identity", "Signup form", "Magic link",
    "Save as you type", "Call drops", "Maya Chen", "Onboarding squad", "Growth", "Discover", "Open account",
    "Body text.", "Test handbook",
)  # fmt: skip
"""What the handbook's authors wrote (the fixture's titles and names): English, and theirs to translate."""


def _single_words(lang: str) -> set[str]:
    """The plugin's one-word English ids ("Channels", "Stage", "owned") that the catalogue says differently."""
    found = _catalog(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", lang)
    return {
        msgid
        for msgid, message in found.items()
        if isinstance(msgid, str) and re.fullmatch(r"[A-Za-z]{4,}", msgid) and msgid not in _FIELDS
        and message.string != msgid  # type: ignore[attr-defined]
    }  # fmt: skip


@pytest.mark.skipif(
    importlib.util.find_spec("weasyprint") is None or shutil.which("pdftotext") is None,
    reason="the pdf extra and poppler-utils (python3 tasks.py setup)",
)
def test_the_german_map_pdfs_say_no_english(handbook: Path, build: Callable[..., BuildResult]) -> None:
    """The map PDFs of a German handbook read back with poppler: German lanes, dates and page numbers, the
    document's language ``de``, and none of the plugin's English: no sentence, and no single word either once the
    authors' own words are taken out."""
    from pypdf import PdfReader

    result = build(config=_site("de").replace("pdf: false", "pdf: true"))
    assert result.code == 0, result.output
    english = sorted(set(_english("de")))
    words = _single_words("de")
    assert {"Channels", "Stage", "Page"} <= words
    expected = {
        "opening.pdf": ("Schmerzpunkte", "Chancen", "Kanäle", "Moment der Wahrheit", "15.01.2026", "Seite 1 von 1"),
        "lifecycle.pdf": ("Ist-Zustand", "Verantwortlich", "01.11.2026", "Seite 1 von 1"),
    }
    for name, said in expected.items():
        pdf = result.site / "pdf" / name
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        text = " ".join(out.split())
        assert all(s in text for s in said), (name, text)
        assert not _left(text, english), f"{name}: English left"
        theirs = text
        for phrase in AUTHORS_WORDS:
            theirs = theirs.replace(phrase, " ")
        assert not [w for w in words if re.search(rf"\b{w}\b", theirs)], f"{name}: English left: {theirs}"
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "de"


def test_a_japanese_build_says_the_plugins_words_in_japanese(built: Callable[..., BuildResult]) -> None:
    result = built("ja")
    texts = {rel: _text(result, rel) for rel in PAGES}
    nav = result.html("index.html").select_one("nav.md-nav--primary").get_text(" ")  # type: ignore[union-attr]
    for title in ("マップ", "改善機会", "マップの健全性", "最近の変更", "タッチポイント"):
        assert title in nav
    assert "感情曲線：Account opening" in str(result.html(PAGES[0]))
    assert "2026/11/20（Ana Souza）" in texts[PAGES[0]]
    assert "レビュー期限切れ：最終レビュー 2026/01/15" in texts[PAGES[3]]
    assert "ステージ「Verify identity」に担当者がいません" in texts[PAGES[3]]
    english = sorted(set(_english("ja")))
    for rel, text in texts.items():
        assert not _left(text, english), f"{rel}: English left"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium (python3 tasks.py setup)")
def test_a_filter_counts_in_the_catalogues_words(built: Callable[..., BuildResult]) -> None:
    """Filtering the maps and opportunities of a Japanese handbook in Chromium: the count the script writes is the
    catalogue's ("1 件のマップ", a counter word before the noun), not a number glued to a noun."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS

    result = built("ja")
    form = result.html("maps/index.html").select_one("form.jm-filters")
    assert form is not None and form["data-jm-count"] == "{n} 件のマップ"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto((result.site / "maps" / "index.html").as_uri())
            count = tab.locator("form.jm-filters output")
            assert count.inner_text() == "2 件のマップ"
            tab.select_option("form.jm-filters select[name=type]", "cem")
            assert count.inner_text() == "1 件のマップ"
            tab.goto((result.site / "opportunities" / "index.html").as_uri())
            tab.select_option("form.jm-filters select[name=map]", "opening")
            assert tab.locator("form.jm-filters output").inner_text() == "2 件の改善機会"
            english = built("en")  # one of a thing is said in the singular, by the page and by the script
            tab.goto((english.site / "maps" / "index.html").as_uri())
            assert tab.locator("form.jm-filters output").inner_text() == "2 maps"
            tab.select_option("form.jm-filters select[name=type]", "cem")
            assert tab.locator("form.jm-filters output").inner_text() == "1 map"
            french = built("fr")  # the language's own plural rules (Intl.PluralRules: French 0 and 1 are "one")
            tab.goto((french.site / "maps" / "index.html").as_uri())
            tab.select_option("form.jm-filters select[name=type]", "cem")
            assert tab.locator("form.jm-filters output").inner_text() == "1 carte"
        finally:
            browser.close()


@pytest.mark.parametrize(
    ("lang", "health", "pair"),
    [
        ("fr", "Santé des cartes", "Account opening dans Customer lifecycle"),
        ("es", "Salud de los mapas", "Account opening en Customer lifecycle"),
        ("pt", "Saúde dos mapas", "Account opening em Customer lifecycle"),
    ],
)
def test_every_language_leaves_no_english_of_the_plugins(
    built: Callable[..., BuildResult], lang: str, health: str, pair: str
) -> None:
    result = built(lang)
    nav = result.html("index.html").select_one("nav.md-nav--primary").get_text(" ")  # type: ignore[union-attr]
    assert health in nav and pair in nav
    english = sorted(set(_english(lang)))
    for rel in PAGES:
        assert not _left(_text(result, rel), english), f"{lang} {rel}: English left"


def test_pt_br_speaks_portuguese_and_a_site_string_wins(built: Callable[..., BuildResult]) -> None:
    result = built("pt-BR", "strings:\n  Map health: Cuidado dos mapas\n  fr: {Maps: Plans}\n")
    nav = result.html("index.html").select_one("nav.md-nav--primary").get_text(" ")  # type: ignore[union-attr]
    assert "Mapas" in nav and "Mudanças recentes" in nav and "Plans" not in nav
    assert "Cuidado dos mapas" in nav and "Saúde dos mapas" not in nav
    assert result.html("health/index.html").select_one("h1").get_text(strip=True) == "Cuidado dos mapas"  # type: ignore[union-attr]
    assert "20 de nov. de 2026" in _text(result, PAGES[0])


def test_an_english_build_says_the_english_ids(built: Callable[..., BuildResult]) -> None:
    result = built("en")
    texts = {rel: _text(result, rel) for rel in PAGES}
    nav = result.html("index.html").select_one("nav.md-nav--primary").get_text(" ")  # type: ignore[union-attr]
    for title in ("Maps", "Opportunities", "Map health", "Recent changes", "Touchpoints"):
        assert title in nav
    assert "2026-11-20 by Ana Souza" in texts[PAGES[0]]
    assert "review overdue: last reviewed 2026-01-15" in texts[PAGES[3]]
    assert "stage 'Verify identity' has no owner" in texts[PAGES[3]]


def test_site_strings_are_text_with_the_same_placeholders(built: Callable[..., BuildResult]) -> None:
    result = built(
        "de", 'strings:\n  History: "Story <b>bold</b>"\n  "%(date)s by %(author)s": "%(date)s, %(author)s"\n'
    )
    history = result.html(PAGES[0]).select_one("section.jm-history")
    assert history is not None and history.select_one("h2 b") is None
    assert history.select_one("h2").get_text() == "Story <b>bold</b>"  # type: ignore[union-attr]
    assert "20.11.2026, Ana Souza" in history.get_text(" ")


def test_site_strings_in_the_generated_indexes_titles_are_text(built: Callable[..., BuildResult]) -> None:
    """A section index's title (``<title>``, its heading, the navigation of every page) is the site's word as text."""
    result = built(
        "en", 'strings:\n  Maps: "</script><script>alert(2)</script>"\n  Map health: "Care & <b>feeding</b>"\n'
    )
    for rel, word in (
        ("maps/index.html", "</script><script>alert(2)</script>"),
        ("health/index.html", "Care & <b>feeding</b>"),
    ):
        page = result.html(rel)
        assert page.select_one("h1").get_text() == word  # type: ignore[union-attr]
        assert page.title is not None and page.title.get_text().startswith(word)
        nav = page.select_one("nav.md-nav--primary")
        assert nav is not None and word in nav.get_text() and nav.select_one("b") is None
        assert not [s for s in page.select("script") if "alert(2)" in s.get_text()]


@pytest.mark.parametrize(
    ("strings", "said"),
    [
        ('"%(date)s by %(author)s": "%(datum)s"', "%(datum)s is not one of its placeholders (%(author)s, %(date)s)"),
        ('"Map health": "100% healthy"', "write %% for a percent sign"),
        ("Map health: [a, list]", "'Map health': expected the text to show instead"),
    ],
)
def test_a_site_string_that_cannot_be_said_is_one_error(
    handbook: Path, build: Callable[..., BuildResult], strings: str, said: str
) -> None:
    result = build(config=_site("de", f"strings:\n  {strings}\n"))
    assert result.code != 0
    assert said in result.output and "Traceback" not in result.output


def test_a_string_the_plugin_does_not_say_is_a_warning(built: Callable[..., BuildResult]) -> None:
    result = built("de", "strings:\n  Pain pints: Frictions\n")
    assert "'Pain pints' is not a string the plugin shows" in result.output


# -- the command line and the diff -------------------------------------------------------------------------------------


def _cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_the_command_line_speaks_the_sites_language(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text(_site("de"), encoding="utf-8")
    lint = _cli(handbook, "lint")
    assert "Phase „Verify identity“ hat keine verantwortliche Person [no-owner]" in lint.stdout
    assert re.search(r"^\d+ Befunde in 2 Karten$", lint.stderr, re.M), lint.stderr
    validate = _cli(handbook, "validate")
    assert "1 Persona, 2 Karten, 1 Kontaktpunkt: 0 Fehler, 0 Warnungen" in validate.stderr  # one in the singular
    (handbook / "mkdocs.yml").unlink()  # no site config: the terminal's language
    french = _cli(handbook, "lint", "content", env={"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
    assert "l’étape « Verify identity » n’a pas de responsable" in french.stdout
    plain = _cli(handbook, "lint", "content", env={"LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
    assert "stage 'Verify identity' has no owner" in plain.stdout


def test_the_diff_in_german(tmp_path: Path) -> None:
    def handbook(folder: str, emotion: str, pain: str) -> object:
        docs = tmp_path / folder
        (docs / "maps").mkdir(parents=True)
        (docs / "maps" / "opening.md").write_text(
            f"---\ntype: cjm\ntitle: Opening\nstages:\n  - {{name: Verify, emotion: {emotion}, "
            f"pain_points: [{pain}]}}\n---\n",
            encoding="utf-8",
        )
        return build(Settings.for_folder(docs))

    with i18n.use(i18n.speech("de")):
        diff = diff_handbooks(handbook("a", "-2", "Call drops"), handbook("b", "-0.5", "No status"), "main", "HEAD")  # type: ignore[arg-type]
        text = diff.markdown()
    assert "1 Karte geändert" in text
    assert "### Karte (CJM): Opening (`opening`) — geändert" in text
    assert "Emotion bei *Verify*: -2 → -0,5" in text
    assert "Schmerzpunkt hinzugefügt bei *Verify*: „No status“" in text
    assert "Schmerzpunkt entfernt bei *Verify*: „Call drops“" in text


# -- what a CX team reading its own language found (an outside test of the five languages) ----------------------------


def test_a_german_page_says_one_word_for_a_thing(write: Writer, built: Callable[..., BuildResult]) -> None:
    """One page, one word: the CEM's hot spots are "Brennpunkte" in the heading and "ein Brennpunkt" in the table
    (it said "ein Hotspot" there), and a touchpoint's owned/earned/paid is its media type ("Medienart: eigene
    Medien"), not "Zuständigkeit", a second word for the owner ("Verantwortlich") beside it."""
    write(
        "maps/care.md",
        "---\ntype: cem\ntitle: Care\npersonas: [maya]\nstages:\n  - {name: Get help, emotion: {maya: -2}}\n---\n",
    )
    result = built("de")
    compare = _text(result, "compare/index.html")
    assert "Noch keine CJM: ein Brennpunkt" in compare and "Brennpunkte ohne CJM" in compare
    assert "Hotspot" not in compare
    index = result.html("touchpoints/index.html").select_one("table")
    assert index is not None
    heads = [th.get_text(strip=True) for th in index.select("thead th")]
    assert "Medienart" in heads and "Verantwortlich" in heads and "Zuständigkeit" not in heads
    cells = [td.get_text(strip=True) for td in index.select("tbody td")]
    assert "eigene Medien" in cells


def test_a_japanese_curve_names_the_persona_apart_from_the_particle(built: Callable[..., BuildResult]) -> None:
    """The curve's point titles put a space between の and an author's Latin name, as every other message of the
    Japanese catalogue does around a placeholder ("Verify identity の Maya Chen", not "のMaya Chen")."""
    result = built("ja")
    titles = [t.get_text() for t in result.html(PAGES[0]).select("svg title")]
    assert "Verify identity の Maya Chen：-2（とてもネガティブ）" in titles
    assert not [t for t in titles if "のMaya" in t]
    assert "ペルソナ 1 人。" in _text(result, "personas/index.html")  # people are counted in 人, not 件


@pytest.mark.parametrize(
    ("lang", "home", "said"),
    [
        ("de", "Startseite", ("Nächstes Quartal", "1 Karte des Kundenerlebnisses", "Priorität 25")),
        ("es", "Inicio", ("Próximo trimestre", "1 mapa de experiencia", "prioridad 25")),
        ("fr", "Accueil", ("Trimestre prochain", "1 carte de l’expérience", "priorité 25")),
        ("pt", "Início", ("Próximo trimestre", "1 mapa de experiência", "prioridade 25")),
        ("ja", "ホーム", ("次の四半期", "1 件のエクスペリエンスマップ", "優先度 25")),
    ],
)
def test_the_generated_home_page_speaks_the_sites_language(
    handbook: Path, built: Callable[..., BuildResult], lang: str, home: str, said: tuple[str, ...]
) -> None:
    """A handbook without an index.md gets a generated home page: its title, the sections' counts and blurbs, the
    next quarter and the note at its foot are the catalogue's, and none of the plugin's English is left."""
    (handbook / "content" / "index.md").unlink()
    result = built(lang)
    page = result.html("index.html")
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None and home in nav.get_text(" ")
    text = _text(result, "index.html")
    assert all(s in text for s in said), text
    assert "index.md" in text  # the note at its foot, translated around the file name
    assert not _left(text, sorted(set(_english(lang)))), f"{lang}: English left: {text}"
    words = _single_words(lang)
    for phrase in (*AUTHORS_WORDS, "Handbook"):
        text = text.replace(phrase, " ")
    assert not [w for w in words if re.search(rf"\b{w}\b", text)], f"{lang}: English left: {text}"


def test_the_built_in_taxonomys_labels_are_the_plugins_words() -> None:
    """Every channel and evidence type of the built-in taxonomy (data/taxonomy.yml) is in the catalogues, so a
    page can say it in the site's language (``i18n.term_label``); a site's own label is shown as it is written."""
    import yaml

    data = yaml.safe_load((ROOT / "plugin" / "journeymaps" / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
    labels = {t["label"] for kind in ("channels", "evidence") for t in data[kind].values()}
    assert labels == i18n.BUILT_IN_TERMS, "data/taxonomy.yml and i18n.BUILT_IN_TERMS name the same labels"
    assert labels <= set(_catalog(POT))
    with i18n.use(i18n.speech("de")):
        assert (i18n.term_label("Mobile app"), i18n.term_label("Phone")) == ("Mobile App", "Telefon")
        assert i18n.term_label("Partner integration") == "Partner integration"  # a site's own
    with i18n.use(i18n.speech("ja")):
        assert i18n.term_label("Session recordings") == "セッション録画"
    assert i18n.term_label("Social media") == "Social media"  # English


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("es", "1 con fallo en la comprobación"),
        ("fr", "1 en échec à la vérification"),
        ("pt", "1 com falha na verificação"),
        ("de", "1 nicht bestanden"),
    ],
)
def test_lint_says_how_many_fail_in_words_true_of_one(handbook: Path, lang: str, summary: str) -> None:
    """`lint --fail-on` counts the failing findings with one message for any number (the code has no plural for
    it): the catalogues say it without a verb that agrees with the number ("1 hacen fallar" was wrong)."""
    (handbook / "mkdocs.yml").write_text(_site(lang), encoding="utf-8")
    lint = _cli(handbook, "lint", "--fail-on", "stage-count")  # the journey map's two stages: one finding
    assert lint.returncode == 1
    assert lint.stderr.rstrip().endswith(summary), lint.stderr


def test_the_built_in_channels_and_evidence_types_are_named_in_the_sites_language(tmp_path: Path) -> None:
    """The example handbook in German: a channel chip, an evidence tag and the CJM vs CEM page's channel and data
    source rows name the built-in terms as the catalogue says them (``i18n.term_label``), not in English or as ids."""
    from bs4 import BeautifulSoup

    work = example_handbook(tmp_path)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  language: de\n"))
    code, output = mkdocs_here(work)
    assert code == 0, output

    def page(rel: str) -> BeautifulSoup:
        return BeautifulSoup((work / "site" / rel).read_text(encoding="utf-8"), "html.parser")

    opening = page("maps/account-opening/index.html")
    assert [t.get_text() for t in opening.select(".jm-evidence .jm-tag")] == [
        "Interviews",
        "Nutzungsdaten",
        "Sitzungsaufzeichnungen",
    ]
    chips = {c["data-channel"]: c.get_text(strip=True) for c in opening.select(".jm-channel[data-channel]")}
    assert chips["email"] == "E-Mail" and chips["app"] == "Mobile App"
    rows = {
        tr.th.get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in page("compare/index.html").select("table tr")
        if tr.th is not None
    }
    assert "E-Mail" in rows["Abgedeckte Kanäle"] and "email" not in rows["Abgedeckte Kanäle"]
    assert "Sitzungsaufzeichnungen" in rows["Datenquellen"] and "session-recordings" not in rows["Datenquellen"]
    # a metric's number with the German decimal sign, as written (not rounded); a metric's text as written
    metrics = {
        dt.get_text(): dt.find_next_sibling("dd").get_text()
        for dt in page("maps/customer-lifecycle/index.html").select(".jm-metrics dt")
    }
    assert metrics["csat"] == "2,9" and metrics["repeat contact"] == "38%"
