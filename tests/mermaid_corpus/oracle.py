"""Mermaid itself as the oracle: the pinned ``mermaid`` npm package (``tasks.py`` installs it into
.cache/node) in Debian's chromium, driven by Playwright, offline (the script is loaded from the file).

:func:`mermaid_or_skip` gives a :class:`Mermaid` whose :meth:`Mermaid.read` returns what Mermaid makes of a
text: whether it parses, what its journey database holds (title, sections, tasks with scores and people),
and what the rendered SVG draws (title, section and task labels, actors), as :class:`Read`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
MERMAID_JS = ROOT / ".cache" / "node" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]

# parse, then the journey db of a fresh parse, then render and what the SVG draws
_READ = """async ({text, id}) => {
  const out = {error: null, title: '', sections: [], tasks: [], drawn: null};
  try { await mermaid.parse(text); } catch (e) { out.error = String(e && e.message || e); return out; }
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  out.title = db.getDiagramTitle ? db.getDiagramTitle() : '';
  out.sections = [...db.getSections()];
  out.tasks = db.getTasks().map(t => ({section: t.section, task: t.task, score: t.score, people: [...t.people]}));
  let svg;
  try { svg = (await mermaid.render(id, text)).svg; } catch (e) {
    out.drawn = {error: String(e && e.message || e), title: '', sections: [], tasks: [], actors: []};
    return out;
  }
  const box = document.createElement('div');
  box.innerHTML = svg;
  const labels = (cls) => [...box.querySelectorAll(`foreignObject div.${cls} div.label`)].map(e => e.textContent);
  const title = [...box.querySelectorAll('svg > text[font-weight="bold"]')].map(e => e.textContent);
  out.drawn = {
    error: svg.includes('Maximum text size in diagram exceeded') ? 'Maximum text size in diagram exceeded'
      : (box.querySelector('.error-text') ? box.querySelector('.error-text').textContent : null),
    title: title.length ? title[title.length - 1] : '',
    sections: labels('journey-section'),
    tasks: labels('task'),
    actors: [...box.querySelectorAll('text.legend tspan')].map(e => e.textContent),
  };
  return out;
}"""


@dataclass
class Drawn:
    error: str | None
    title: str
    sections: list[str]
    tasks: list[str]
    actors: list[str]


@dataclass
class Read:
    error: str | None
    title: str
    sections: list[str]
    tasks: list[dict[str, Any]] = field(default_factory=list)
    drawn: Drawn | None = None

    def tasks_by_section(self) -> dict[str, list[str]]:
        """Section name -> its task names in order (sections with one name merged, as a dict does)."""
        out: dict[str, list[str]] = {name: [] for name in self.sections}
        for task in self.tasks:
            out.setdefault(task["section"], []).append(task["task"])
        return out


class Mermaid:
    def __init__(self, page: Any, version: str) -> None:
        self.page, self.version, self._n = page, version, 0

    def configure(self, **config: Any) -> None:
        """``mermaid.initialize`` with these settings (on top of ``startOnLoad: false``)."""
        self.page.evaluate("(c) => mermaid.initialize(c)", {"startOnLoad": False, **config})

    def read(self, text: str) -> Read:
        self._n += 1
        raw = self.page.evaluate(_READ, {"text": text, "id": f"oracle{self._n}"})
        drawn = raw.pop("drawn")
        return Read(**raw, drawn=Drawn(**drawn) if drawn else None)


def _version() -> str:
    import json

    return str(json.loads((MERMAID_JS.parent.parent / "package.json").read_text(encoding="utf-8"))["version"])


@contextmanager
def mermaid_or_skip() -> Iterator[Mermaid]:
    """Mermaid in chromium, or a skip saying what is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (tasks.py installs it with apt-get when run as root on Debian/Ubuntu)")
    if not MERMAID_JS.exists():
        pytest.skip(
            f"no {MERMAID_JS.relative_to(ROOT)} (python3 tasks.py install puts the pinned mermaid there with npm)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in the test extra
        pytest.skip(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            context = browser.new_context()
            context.route("**/*", lambda route: route.abort())  # offline: nothing but the page below
            page = context.new_page()
            page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            page.add_script_tag(path=str(MERMAID_JS))
            mermaid = Mermaid(page, _version())
            mermaid.configure()
            yield mermaid
        finally:
            browser.close()
