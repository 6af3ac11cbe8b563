"""Hostile text in every field comes out inert: HTML (and the inline SVG curves), journeymaps.json,
PDFs, and the Markdown of `journeymaps diff` that is posted to pull requests.

Each text field gets a payload naming it, with a script tag, attribute breakers (" and '), an
event handler, template syntax ({{ }} and {% %}), a Markdown link to javascript: and raw HTML.
The output is read with an HTML parser: no injected element, attribute or URL may exist, and the
payload must still be there as text (escaped, not dropped).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from conftest import CHROMIUM_ARGS, SITE_CONFIG, BuildResult, Writer, git


def payload(name: str) -> str:
    return (
        f"{name} <script>alert('{name}')</script> \" onmouseover=\"alert(1) ' onfocus='alert(2) "
        f"{{{{ 7*7 }}}} {{% if true %}}TPL{{% endif %}} [click](javascript:alert(3)) <img src=x onerror=alert(4)> "
        f'<a href="javascript:alert(5)">a</a> &amp; ]]> --> <!--'
    )


def q(name: str) -> str:
    """The payload as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(payload(name), ensure_ascii=False)


PERSONA = f"""---
type: persona
name: {q("persona.name")}
role: {q("persona.role")}
segment: {q("persona.segment")}
quote: {q("persona.quote")}
goals: [{q("persona.goals")}]
needs: [{q("persona.needs")}]
frustrations: [{q("persona.frustrations")}]
behaviors: [{q("persona.behaviors")}]
channels: [email]
evidence:
  - {{type: interviews, note: {q("persona.evidence.note")}, link: "../notes/?q=\\" onmouseover=\\"alert(6)"}}
---
Persona body.
"""
TOUCHPOINT = f"""---
type: touchpoint
name: {q("touchpoint.name")}
channel: web
owner: {q("touchpoint.owner")}
description: {q("touchpoint.description")}
---
"""
CEM = f"""---
type: cem
title: {q("cem.title")}
personas: [hostile]
competitors: [{q("cem.competitors")}]
stages:
  - name: {q("cem.stages.name")}
    id: discover
    emotion: {{hostile: 1}}
    influences: [{q("cem.stages.influences")}]
  - name: Second
    id: second
    emotion: {{hostile: -1}}
---
"""
CJM = f"""---
type: cjm
title: {q("cjm.title")}
persona: hostile
scope: {q("cjm.scope")}
owner: {q("cjm.owner")}
zooms_into: lifecycle#discover
evidence: [{{type: analytics, note: {q("cjm.evidence.note")}, link: "https://example.com/?a=1&b=<x>"}}]
stages:
  - name: {q("stage.name")}
    id: first
    goal: {q("stage.goal")}
    actions: [{q("stage.actions")}]
    thoughts: [{q("stage.thoughts")}]
    expectations: [{q("stage.expectations")}]
    touchpoints: [signup, {{name: {q("inline.name")}, id: inline-tp, channel: email, owner: {q("inline.owner")}}}]
    emotion: 1
    pain_points: [{{title: {q("stage.pain")}, severity: 3}}]
    opportunities: [{{title: {q("stage.opportunity")}, impact: 4, effort: 2, owner: {q("stage.opportunity.owner")}}}]
    quotes: [{{text: {q("stage.quote")}, source: {q("stage.quote.source")}}}]
    metrics: {{{q("stage.metric.name")}: {q("stage.metric.value")}}}
    owner: {q("stage.owner")}
    backstage: [{q("stage.backstage")}]
    support: [{q("stage.support")}]
  - name: Second stage
    id: second
    emotion: -1
---
Map body.
"""
FUTURE = CJM.replace("title: ", "state: future\nfuture_of: opening\ntitle: ", 1).replace('"cjm.title', '"future.title')
MAP_FIELDS = [
    "cjm.title",
    "cjm.scope",
    "cjm.owner",
    "cjm.evidence.note",
    "stage.name",
    "stage.goal",
    "stage.actions",
    "stage.thoughts",
    "stage.expectations",
    "inline.name",
    "stage.pain",
    "stage.opportunity",
    "stage.opportunity.owner",
    "stage.quote",
    "stage.quote.source",
    "stage.metric.name",
    "stage.metric.value",
    "stage.owner",
    "stage.backstage",
    "stage.support",
    "persona.name",  # the map page names its personas (a chip: name and role); their quote and goals are on
    "persona.role",  # the persona page, checked below
]


def hostile_handbook(write: Writer) -> None:
    write("index.md", "# Home\n")
    write("personas/hostile.md", PERSONA)
    write("touchpoints/signup.md", TOUCHPOINT)
    write("maps/lifecycle.md", CEM)
    write("maps/opening.md", CJM)
    write("maps/opening-future.md", FUTURE)


def injected(soup: BeautifulSoup) -> list[str]:
    """Every element, attribute or URL in the page that came from a payload rather than from the site."""
    found = []
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        if tag.name == "script" and "alert(" in tag.get_text():
            found.append(f"<script>: {tag.get_text()[:60]}")
        if tag.name == "img" and tag.get("src") == "x":
            found.append("<img src=x>")
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.startswith("on"):
                found.append(f"<{tag.name} {attr}={text[:40]!r}>")
            if attr in ("href", "src", "action", "formaction", "xlink:href") and "".join(
                text.split()
            ).lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag.name} {attr}={text[:40]!r}>")
    return found


def html_pages(site: Path) -> Iterator[tuple[Path, BeautifulSoup]]:
    for page in sorted(site.rglob("*.html")):
        yield page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


SEARCH_CONFIG = SITE_CONFIG.replace("plugins:\n", "plugins:\n  - search\n")


def test_html_and_svg_are_inert(write: Writer, build: Callable[..., BuildResult]) -> None:
    hostile_handbook(write)
    result = build("--strict", config=SEARCH_CONFIG)
    assert result.code == 0, result.output
    # the search index: material shows its titles and text as HTML
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            assert injected(BeautifulSoup(doc[key], "html.parser")) == [], doc["location"]
    assert any(
        "<script>alert('cjm.title')</script>" in BeautifulSoup(d["title"], "html.parser").get_text()
        for d in index["docs"]
    )
    pages = 0
    for page, soup in html_pages(result.site):
        pages += 1
        assert injected(soup) == [], page
        assert "TPL" not in soup.get_text().replace("%}TPL{%", ""), f"{page}: template syntax was evaluated"
        assert ">49<" not in str(soup) and " 49 " not in soup.get_text(), f"{page}: {{{{ 7*7 }}}} was evaluated"
    assert pages >= 10
    map_page = result.html("maps/opening/index.html")
    text = map_page.select_one("article").get_text()
    for name in MAP_FIELDS:
        assert payload(name) in text, f"{name}: lost from the map page"
    assert map_page.select_one(".jm-grid") is not None
    svgs = map_page.select("svg.jm-curve, .jm-emotion-cell svg")
    assert svgs, "the emotion curve is on the map page"
    svg_text = " ".join(s.get_text(" ") for s in svgs)
    assert "<script>alert('stage.name')</script>" in svg_text  # the stage name is in the curve, as text
    for svg in svgs:
        assert svg.find("script") is None and svg.find("foreignobject") is None
    persona = result.html("personas/hostile/index.html")
    ptext = persona.select_one("article").get_text()
    for name in (
        "persona.role",
        "persona.goals",
        "persona.needs",
        "persona.frustrations",
        "persona.behaviors",
        "persona.quote",
    ):
        assert f"{name} <script>alert('{name}')</script>" in ptext, name
    links = [a["href"] for a in persona.select("article a[href]") if "notes" in a["href"]]
    assert links == ['../notes/?q=" onmouseover="alert(6)']  # the evidence link: one attribute, quotes escaped
    title = persona.select_one("title").get_text()
    assert "<script>" in title and persona.select_one("title").find("script") is None
    # the catalog: every payload round-trips exactly, and the file has no raw < or > to break out of a <script> tag
    raw = (result.site / "journeymaps.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw
    catalog = json.loads(raw)
    assert catalog["personas"]["hostile"]["data"]["name"] == payload("persona.name")
    stage = catalog["maps"]["opening"]["data"]["stages"][0]
    assert stage["metrics"] == {payload("stage.metric.name"): payload("stage.metric.value")}
    assert stage["quotes"][0]["text"] == payload("stage.quote")


def test_evidence_links_only_http_or_relative(write: Writer, build: Callable[..., BuildResult]) -> None:
    write(
        "personas/p.md",
        "---\ntype: persona\nname: P\nevidence:\n"
        "  - {note: a, link: 'javascript:alert(1)'}\n"
        '  - {note: b, link: "\\tjava\\nscript:alert(1)"}\n'
        "  - {note: c, link: 'DATA:text/html,<script>alert(1)</script>'}\n"
        "  - {note: d, link: 'vbscript:msgbox(1)'}\n"
        "  - {note: e, link: 'https://example.com/ok'}\n"
        "  - {note: f, link: '../relative/ok/'}\n---\n",
    )
    result = build()
    assert result.code == 0, result.output
    for index, scheme in enumerate(["javascript", "javascript", "data", "vbscript"]):
        assert (
            f"content/personas/p.md:{5 + index}: evidence[{index}].link: '{scheme}:' links are not allowed; "
            "use an http(s) or relative link"
        ) in result.output
    assert "evidence[4]" not in result.output and "evidence[5]" not in result.output
    soup = result.html("personas/p/index.html")
    assert injected(soup) == []
    assert len(soup.select(".jm-errors li")) == 4


# --- PDFs ----------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")
def test_pdfs_are_inert(write: Writer, build: Callable[..., BuildResult]) -> None:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    write("personas/hostile.md", PERSONA)
    write("touchpoints/signup.md", TOUCHPOINT)
    write("maps/opening.md", CJM.replace("zooms_into: lifecycle#discover\n", ""))
    config = SITE_CONFIG.replace(
        "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast",
        "pdf_workers: 1\n      pdf_handbook: false",
    )
    result = build("--strict", config=config)
    assert result.code == 0, result.output
    for pdf in (result.site / "pdf" / "opening.pdf", result.site / "pdf" / "personas" / "hostile.pdf"):
        raw = pdf.read_bytes()
        assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/Launch" not in raw
        reader = PdfReader(pdf)
        for page in reader.pages:
            for ref in page.get("/Annots", []):
                annot = ref.get_object() if isinstance(ref, IndirectObject) else ref
                action = annot.get("/A")
                if isinstance(action, DictionaryObject) and "/URI" in action:
                    uri = str(action["/URI"]).lower()
                    assert not uri.startswith(("javascript:", "data:")), uri
        words = " ".join(
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        field = "stage.goal" if pdf.stem == "opening" else "persona.role"
        assert f"{field} <script>alert('{field}')</script>" in words  # shown as text, not lost


# --- journeymaps diff: Markdown posted to pull requests -----------------------------------------


def test_diff_markdown_is_inert(project: Path, write: Writer) -> None:
    git(project, "init", "-q", "-b", "main")
    (project / "mkdocs.yml").write_text(SITE_CONFIG.lstrip(), encoding="utf-8")
    write("personas/hostile.md", "---\ntype: persona\nname: Plain\n---\n")
    write("touchpoints/signup.md", "---\ntype: touchpoint\nname: Signup\nchannel: web\n---\n")
    write("maps/lifecycle.md", CEM.replace("zooms_into: lifecycle#discover\n", ""))
    write(
        "maps/opening.md",
        "---\ntype: cjm\ntitle: Plain\npersona: hostile\nstages:\n  - {name: Plain, id: first, emotion: 0}\n"
        "  - {name: Second stage, id: second, emotion: -1}\n---\n",
    )
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    hostile_handbook(write)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "hostile")
    proc = subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", "diff", "HEAD~1", "HEAD"], cwd=project, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert "stage.pain" in md and "persona.name" in md  # the changes are listed
    # rendered the way a pull-request comment is (CommonMark, as GitHub), with raw HTML let through
    soup = BeautifulSoup(MarkdownIt("commonmark", {"html": True, "linkify": False}).render(md), "html.parser")
    assert injected(soup) == []
    assert [a.get("href") for a in soup.find_all("a")] == []  # no links at all: user text never becomes a link
    assert "<script>alert('stage.pain')</script>" in soup.get_text()


def test_no_script_runs_in_a_browser(write: Writer, build: Callable[..., BuildResult]) -> None:
    """The hostile handbook in chromium: no payload's alert() ever opens a dialog, on any page."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium (tasks.py installs it with apt-get when run as root on Debian/Ubuntu)")
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    hostile_handbook(write)
    result = build("--strict", config=SEARCH_CONFIG)
    assert result.code == 0, result.output

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(result.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs: list[str] = []
    pages = sorted(
        p.relative_to(result.site).as_posix().removesuffix("index.html") for p in result.site.rglob("index.html")
    )
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                headless=True,
                args=CHROMIUM_ARGS,
            )
            context = browser.new_context()
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base) else route.fulfill(status=200, body="")
                ),
            )
            tab = context.new_page()
            tab.on("dialog", lambda dialog: (dialogs.append(f"{tab.url}: {dialog.message}"), dialog.dismiss()))
            tab.set_content("<script>alert('control')</script>")  # the check itself works: a real script is seen
            assert [d.split(": ", 1)[1] for d in dialogs] == ["control"]
            dialogs.clear()
            for rel in pages:
                tab.goto(base + rel)
                tab.hover("article")  # onmouseover payloads, were any attribute to exist
                tab.keyboard.press("Tab")  # onfocus payloads
                tab.wait_for_timeout(50)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert len(pages) >= 10
    assert dialogs == []
