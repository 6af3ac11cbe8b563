"""Frontmatter keys the theme prints from `page.meta`: escaped or checked, never raw HTML in the site.

Material prints `status` (a class in every page's navigation), `subtitle`, `description`, `author`,
`icon` (an included file), `location` and the tags plugin's `tags`; MkDocs renders the page with
`template`. Real builds with Material, read back with BeautifulSoup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import PERSONA, BuildResult, Writer

CONFIG = """
site_name: Test handbook
docs_dir: content
theme:
  name: material
extra:
  status:
    beta: A page in beta
plugins:
  - search
  - tags
  - journeymaps:
      pdf: false
"""

EVIL = '"><img src=x onerror=alert({n})>'


def hostile_map(**keys: str) -> str:
    lines = ["---", "type: cjm", "title: Opening", "persona: maya"]
    lines += [f"{key}: {value}" for key, value in keys.items()]
    lines += ["stages:", "  - name: Sign up", "---", "Body text.", ""]
    return "\n".join(lines)


def injected(site: Path) -> list[str]:
    """Elements or attributes the hostile values would have made, on every page of the site."""
    found = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found += [f"{page.relative_to(site)}: {tag}" for tag in soup.find_all(attrs={"onerror": True})]
        found += [f"{page.relative_to(site)}: {tag}" for tag in soup.find_all("img", src="x")]
    return found


def test_every_printed_key_is_escaped_or_refused(write: Writer, build: Callable[..., BuildResult]) -> None:
    write("personas/maya.md", PERSONA)
    write(
        "maps/opening.md",
        hostile_map(
            status=repr(EVIL.format(n=1)),
            subtitle=f"[{EVIL.format(n=2)!r}]",
            description=repr(EVIL.format(n=3)),
            author=repr(EVIL.format(n=4)),
            icon="../../../../etc/passwd",
            template="../../../../etc/passwd",
            tags=f"[{EVIL.format(n=5)!r}]",
            location=repr("</script><script>alert(6)</script>"),
            revision_date=repr(EVIL.format(n=7)),
        ),
    )
    result = build(config=CONFIG)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    assert injected(result.site) == []
    page = result.html("maps/opening/index.html")
    assert page.select_one('meta[name="description"]')["content"] == EVIL.format(n=3)  # the text, shown as text
    assert page.select_one('meta[name="author"]')["content"] == EVIL.format(n=4)
    assert [t.get_text() for t in page.select(".md-tag")] == [EVIL.format(n=5)]
    assert not page.select('[class*="md-status--"]')
    assert "Body text." in page.select_one("article").get_text()
    for line in (
        "WARNING -  content/maps/opening.md:5: status: unknown status '\"><img src=x onerror=alert(1)>' (Material's: "
        "beta, deprecated, new; a site adds its own under extra.status in mkdocs.yml); it is left out",
        "WARNING -  content/maps/opening.md:6: subtitle: the theme prints it as text, and a list is not text; "
        "it is left out",
        "WARNING -  content/maps/opening.md:9: icon: the theme has no icon '../../../../etc/passwd' "
        "(.icons/<name>.svg, e.g. material/map); it is left out",
        "ERROR   -  content/maps/opening.md:10: template: '../../../../etc/passwd' is not a template of the theme "
        "(a file in its folders or the site's custom_dir, named by a relative path inside them); the page uses "
        "main.html",
    ):
        assert line in result.output
    strict = build("--strict", config=CONFIG)
    assert strict.code == 1 and "Traceback" not in strict.output


def test_values_the_theme_knows_are_kept(write: Writer, build: Callable[..., BuildResult], project: Path) -> None:
    write("personas/maya.md", PERSONA)
    write("maps/opening.md", hostile_map(status="beta", icon="material/map", subtitle="'Tom & Jerry <3'"))
    write("maps/closing.md", hostile_map(status="deprecated", template="custom.html").replace("Opening", "Closing"))
    (project / "overrides").mkdir()
    (project / "overrides" / "custom.html").write_text(
        '{% extends "main.html" %}{% block content %}<p id="custom">custom template</p>{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    result = build("--strict", config=CONFIG.replace("  name: material", "  name: material\n  custom_dir: overrides"))
    assert result.code == 0, result.output
    home = result.html("personas/maya/index.html")
    nav = {a.get_text(" ", strip=True): a for a in home.select("nav.md-nav--primary a.md-nav__link")}
    opening = nav["Opening Tom & Jerry <3"]
    assert opening.select_one("small").get_text() == "Tom & Jerry <3"
    assert opening.select_one(".md-status--beta")["title"] == "A page in beta"
    assert opening.select_one("svg") is not None  # the icon
    assert nav["Closing"].select_one(".md-status--deprecated") is not None
    assert result.html("maps/closing/index.html").select_one("#custom") is not None


def test_non_text_values_do_not_crash_the_theme(write: Writer, build: Callable[..., BuildResult]) -> None:
    """A mapping where the theme prints text, a number as a status, a missing icon: warnings, and the site builds."""
    write("personas/maya.md", PERSONA)
    write(
        "maps/opening.md",
        hostile_map(description="{a: '<b>x</b>'}", status="3", icon="material/no-such-icon", template="[main.html]"),
    )
    write(  # a template of the package's own: a fragment the plugin renders, not a page template
        "maps/closing.md",
        hostile_map(template="journeymaps/map.html").replace("Opening", "Closing"),
    )
    result = build(config=CONFIG)
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    assert injected(result.site) == []
    for line in (
        "content/maps/opening.md:5: description: the theme prints it as text, and a mapping is not text; "
        "it is left out",
        "content/maps/opening.md:6: status: unknown status a number (Material's",
        "content/maps/opening.md:7: icon: the theme has no icon 'material/no-such-icon'",
        "content/maps/opening.md:8: template: a list is not a template of the theme",
        "content/maps/closing.md:5: template: 'journeymaps/map.html' is not a template of the theme",
    ):
        assert line in result.output
    assert "<b>x</b>" not in (result.site / "maps/opening/index.html").read_text(encoding="utf-8")
