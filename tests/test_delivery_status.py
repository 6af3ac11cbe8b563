"""Delivery status: an opportunity's `status` and ticket `link`, read back from a real build (HTML, Chromium, PDF,
journeymaps.json), the spreadsheet round trip and `journeymaps diff`, all through the real commands.

One handbook is built once for the module (with PDFs); the CSV and diff tests work on their own copies.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from conftest import PERSONA, SITE_CONFIG, chromium, git, mkdocs

HOSTILE_LINK = 'https://tracker.example.com/issues?id=7&tab="><script>alert(1)</script>'
CEM = """
---
type: cem
title: Lifecycle
personas: [maya, raj]
stages:
  - name: Discover
    id: discover
    emotion: {maya: 1, raj: 0}
    opportunities:
      - {title: Fee calculator, impact: 5, effort: 1, status: done, link: "https://jira.example.com/browse/GRO-88"}
      - {title: Partner bank feeds, impact: 5, effort: 1, status: dropped,
         link: "https://linear.app/fernway/issue/PAY-1432/partner-bank-feeds"}
  - name: Open account
    id: open
    emotion: {maya: -1, raj: -2}
    moment_of_truth: true
    opportunities:
      - {title: Plain idea, impact: 4, effort: 1}
---
"""
CJM = f"""
---
type: cjm
title: Account opening
persona: maya
zooms_into: lifecycle#open
stages:
  - name: Sign up
    id: signup
    emotion: 1
    opportunities:
      - {{title: Magic-link signup, impact: 4, effort: 2, status: planned,
         link: "https://jira.example.com/browse/CX-142"}}
      - title: "Passkeys <b>&</b> more"
        impact: 3
        effort: 2
        status: in progress
        link: '{HOSTILE_LINK}'
  - name: Verify identity
    id: verify
    emotion: -2
    opportunities:
      - {{title: Book a slot, impact: 3, effort: 3}}
      - {{title: Unscored thing, status: planned}}
---
"""
PDF_CONFIG = SITE_CONFIG.replace(
    "pdf: false  # PDFs have their own tests (test_pdf.py): the others stay fast", "pdf: true"
)
OPEN_RANKED = ["Plain idea", "Magic-link signup", "Passkeys <b>&</b> more", "Book a slot"]  # 20, 16, 12, 9
CLOSED = ["Fee calculator", "Partner bank feeds"]  # priority 25 each, but done and dropped


def write_handbook(root: Path) -> None:
    files = {
        "personas/maya.md": PERSONA,
        "personas/raj.md": PERSONA.replace("Maya Chen", "Raj Patel"),
        "maps/lifecycle.md": CEM,
        "maps/opening.md": CJM,
    }
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("delivery")
    write_handbook(root)
    (root / "mkdocs.yml").write_text(PDF_CONFIG.lstrip(), encoding="utf-8")
    proc = mkdocs(root, "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def html(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def rows(site: Path) -> dict[str, Tag]:
    table = html(site, "opportunities/index.html").select_one("table.jm-opportunities")
    assert table is not None
    return {tr.select_one(".jm-opp-title").get_text(): tr for tr in table.select("tbody tr")}


def test_backlog_shows_status_chips_and_ticket_links(site: Path) -> None:
    found = rows(site)
    assert list(found) == [*OPEN_RANKED, "Unscored thing", *CLOSED]
    chips = {title: tr.select("td")[1].select_one(".jm-status") for title, tr in found.items()}  # beside the title
    words = {title: chip.get_text(" ", strip=True) for title, chip in chips.items() if chip}
    assert words == {
        "Plain idea": "idea",
        "Magic-link signup": "planned",
        "Passkeys <b>&</b> more": "in progress",  # `in progress` is read as in-progress
        "Book a slot": "idea",
        "Unscored thing": "planned",
        "Fee calculator": "done",
        "Partner bank feeds": "dropped",
    }
    for title, chip in chips.items():
        assert chip is not None
        # a sign and the word, never the colour alone
        assert chip.select_one("svg.jm-sign") is not None and chip.select_one(".jm-status-word").get_text(), title
    assert "jm-status-in-progress" in chips["Passkeys <b>&</b> more"]["class"]
    # each sign's shape is drawn once on the page and referred to from every row: every reference finds its shape
    page = html(site, "opportunities/index.html")
    shapes = {p["id"]: p for p in page.select("svg.jm-sign-defs path[id]")}
    refs = [use["href"] for use in page.select("table.jm-opportunities svg.jm-sign use")]
    assert len(refs) >= len(found) and {ref.lstrip("#") for ref in refs} == set(shapes)
    assert all(p["d"] and p["fill"] == "currentColor" for p in shapes.values())  # drawn in the text's colour

    magic = found["Magic-link signup"].select_one("a.jm-ticket")
    assert magic["href"] == "https://jira.example.com/browse/CX-142"
    assert set(magic["rel"]) == {"noopener", "nofollow"}
    assert magic.get_text(" ", strip=True) == "CX-142 , ticket for Magic-link signup"
    hostile = found["Passkeys <b>&</b> more"]
    assert hostile.select_one("a.jm-ticket")["href"] == HOSTILE_LINK  # the whole address, as one attribute
    assert hostile.select_one("a.jm-ticket").get_text(" ", strip=True).startswith("ticket")
    assert page.select("script") and not any("alert(1)" in (s.string or "") for s in page.select("script"))
    assert not page.select("table.jm-opportunities b")  # the title is text, not markup
    assert found["Book a slot"].select_one("a.jm-ticket") is None
    linear = found["Partner bank feeds"].select_one("a.jm-ticket")  # the key is not the address's last part
    assert linear.get_text(" ", strip=True) == "PAY-1432 , ticket for Partner bank feeds"
    counts = page.select_one("ul.jm-status-counts").get_text(" ", strip=True)
    assert counts == "idea 2 planned 2 in progress 1 done 1 dropped 1"


def test_next_quarter_ranks_only_open_opportunities(site: Path) -> None:
    found = rows(site)
    ranks = {title: tr.select_one("td").get_text(" ", strip=True) for title, tr in found.items()}
    assert ranks == {
        "Plain idea": "next quarter 1",
        "Magic-link signup": "next quarter 2",
        "Passkeys <b>&</b> more": "next quarter 3",
        "Book a slot": "4",
        "Unscored thing": "unscored",
        "Fee calculator": "closed",
        "Partner bank feeds": "closed",
    }
    assert [t for t, tr in found.items() if "jm-next-quarter" in (tr.get("class") or [])] == OPEN_RANKED[:3]
    assert [t for t, tr in found.items() if "jm-closed" in (tr.get("class") or [])] == CLOSED
    # the matrix is for choosing what to do next: the closed ones (priority 25) are not on it
    dots = [a["aria-label"] for a in html(site, "opportunities/index.html").select("svg.jm-matrix a")]
    assert sorted(d.split(",")[0] for d in dots) == [
        "1. Plain idea",
        "2. Magic-link signup",
        "3. Passkeys <b>&</b> more",
        "4. Book a slot",
    ]


def test_map_grid_shows_status_other_than_idea(site: Path) -> None:
    page = html(site, "maps/opening/index.html")
    items = {li.find(string=True, recursive=False).strip(): li for li in page.select(".jm-grid .jm-opps li")}
    assert items["Magic-link signup"].select_one(".jm-status").get_text(strip=True) == "planned"
    assert items["Magic-link signup"].select_one("a.jm-ticket")["href"] == "https://jira.example.com/browse/CX-142"
    assert items["Unscored thing"].select_one(".jm-status-planned") is not None
    assert items["Book a slot"].select_one(".jm-status") is None  # an idea is what every opportunity starts as
    cem = html(site, "maps/lifecycle/index.html")
    done = next(li for li in cem.select(".jm-grid .jm-opps li") if "Fee calculator" in li.get_text())
    assert done.select_one(".jm-status").get_text(strip=True) == "done" and "jm-opp-done" in done["class"]


def test_catalog_json_carries_status_and_link(site: Path) -> None:
    data = json.loads((site / "journeymaps.json").read_text(encoding="utf-8"))
    ops = {op["title"]: op for s in data["maps"]["opening"]["stages"] for op in s["opportunities"]}
    assert ops["Magic-link signup"] == {
        "title": "Magic-link signup",
        "priority": 16,
        "status": "planned",
        "link": "https://jira.example.com/browse/CX-142",
    }
    assert ops["Passkeys <b>&</b> more"]["status"] == "in-progress"
    assert ops["Book a slot"]["status"] == "idea" and ops["Book a slot"]["link"] is None
    written = data["maps"]["opening"]["data"]["stages"][0]["opportunities"][1]
    assert (written["status"], written["link"]) == ("in-progress", HOSTILE_LINK)


def test_status_filter_in_chromium(site: Path) -> None:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto((site / "opportunities" / "index.html").as_uri())

        def shown() -> list[str]:
            return tab.eval_on_selector_all(
                "table.jm-opportunities tbody tr",
                "rows => rows.filter(r => r.offsetParent !== null)"
                ".map(r => r.querySelector('.jm-opp-title').textContent)",
            )

        status = tab.locator("form.jm-filters select[name=status]")
        assert len(shown()) == 7
        status.select_option("done")
        assert shown() == ["Fee calculator"]
        assert tab.locator("form.jm-filters output").inner_text() == "1 opportunity"
        status.select_option("open")
        assert shown() == [*OPEN_RANKED, "Unscored thing"]
        status.select_option("closed")
        assert shown() == CLOSED
        status.select_option("in-progress")
        assert shown() == ["Passkeys <b>&</b> more"]
        tab.locator("form.jm-filters select[name=map]").select_option("lifecycle")
        assert shown() == []  # filters combine
        status.select_option("")
        assert shown() == ["Plain idea", *CLOSED]
        assert errors == []
        context.close()
        # without JavaScript nothing is hidden: the page reads in full, chips and all
        plain = browser.new_context(java_script_enabled=False)
        tab = plain.new_page()
        tab.goto((site / "opportunities" / "index.html").as_uri())
        assert len(shown()) == 7
        assert tab.locator("table.jm-opportunities .jm-status").count() == 7
        plain.close()


def _sections(reader: PdfReader) -> dict[str, int]:
    return {
        item.title: reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)
    }


def _pdftext(pdf: Path, first: int, last: int) -> str:
    args = ["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")
def test_pdf_summary_and_backlog(site: Path) -> None:
    book = site / "pdf" / "handbook.pdf"
    sections = _sections(PdfReader(book))
    summary = " ".join(_pdftext(book, sections["Executive summary"] + 1, sections["Personas"]).split())
    nexts = summary.split("Next three opportunities")[1].split("Map health")[0]
    # the CEM's family: its own opportunities and those of the CJM that details it; closed ones are skipped
    assert nexts.index("Plain idea") < nexts.index("Magic-link signup") < nexts.index("Passkeys")
    assert "Fee calculator" not in nexts and "Partner bank feeds" not in nexts and "Book a slot" not in nexts
    assert "planned" in nexts and "in progress" in nexts
    backlog = " ".join(_pdftext(book, sections["Opportunity backlog"] + 1, sections["CJM vs CEM"]).split())
    for title in (*OPEN_RANKED, "Unscored thing", *CLOSED):
        assert title in backlog, title
    assert backlog.index("Book a slot") < backlog.index("Unscored thing") < backlog.index("Fee calculator")
    assert "GRO-88" in backlog and "done" in backlog and "dropped" in backlog
    grid = " ".join(_pdftext(site / "pdf" / "opening.pdf", 1, 1).split())
    assert "Magic-link signup planned" in grid


# ---- the spreadsheet round trip and the diff work on their own copies ---------------------------------------------


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymaps.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        input="",
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    write_handbook(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.lstrip(), encoding="utf-8")
    yield tmp_path


def read_sheet(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_csv_carries_status_and_link_both_ways(project: Path) -> None:
    assert cli(project, "export", "csv", "--out", "sheets").returncode == 0
    columns, sheet = read_sheet(project / "sheets" / "opportunities.csv")
    assert columns[-2:] == ["status", "link"]
    by_title = {r["title"]: r for r in sheet}
    assert (by_title["Magic-link signup"]["status"], by_title["Magic-link signup"]["link"]) == (
        "planned",
        "https://jira.example.com/browse/CX-142",
    )
    assert by_title["Book a slot"]["status"] == "idea" and by_title["Book a slot"]["link"] == ""
    before = {p: p.read_bytes() for p in (project / "content" / "maps").iterdir()}
    # an unchanged sheet changes nothing: not `status: idea` added everywhere, not `in progress` respelt
    proc = cli(project, "import", "csv", "sheets/opportunities.csv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {p: p.read_bytes() for p in before} == before
    by_title["Magic-link signup"]["status"] = "done"
    by_title["Book a slot"]["status"] = "in_progress"
    by_title["Book a slot"]["link"] = "https://jira.example.com/browse/CX-150"
    with (project / "sheets" / "opportunities.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(sheet)
    proc = cli(project, "import", "csv", "sheets/opportunities.csv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cli(project, "export", "csv", "--out", "again").returncode == 0
    again = {r["title"]: r for r in read_sheet(project / "again" / "opportunities.csv")[1]}
    assert again["Magic-link signup"]["status"] == "done"
    assert (again["Book a slot"]["status"], again["Book a slot"]["link"]) == (
        "in-progress",
        "https://jira.example.com/browse/CX-150",
    )
    assert again["Passkeys <b>&</b> more"]["link"] == HOSTILE_LINK
    # a bad cell is one line naming the row, and nothing is written
    by_title["Plain idea"]["status"] = "doen"
    by_title["Fee calculator"]["link"] = "javascript:alert(1)"
    with (project / "sheets" / "opportunities.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(sheet)
    kept = (project / "content" / "maps" / "lifecycle.md").read_bytes()
    proc = cli(project, "import", "csv", "sheets/opportunities.csv")
    out = proc.stdout + proc.stderr
    assert "status: 'doen' is not one of: idea, planned, in-progress, done, dropped (did you mean 'done'?)" in out
    assert "link: 'javascript:' links are not allowed" in out
    assert "Traceback" not in out
    assert b"javascript" not in (project / "content" / "maps" / "lifecycle.md").read_bytes()
    assert (project / "content" / "maps" / "lifecycle.md").read_bytes() == kept


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_reports_status_and_link_changes(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "backlog")
    base = git(project, "rev-parse", "--short", "HEAD")
    opening = project / "content" / "maps" / "opening.md"
    text = opening.read_text(encoding="utf-8")
    text = text.replace("status: planned,\n", "status: done,\n").replace("browse/CX-142", "browse/CX-143")
    opening.write_text(text.replace("status: planned}", "status: dropped}"), encoding="utf-8")
    git(project, "commit", "-qam", "delivered")
    proc = cli(project, "diff", base, "HEAD")
    assert proc.returncode == 0, proc.stderr
    section = proc.stdout.split("### Map (CJM): Account opening (`opening`) — changed")[1].split("###")[0]
    assert [line for line in section.splitlines() if line.startswith("- ")] == [
        "- opportunity status at *Sign up*: “Magic-link signup”: planned → done",
        "- opportunity link at *Sign up*: “Magic-link signup”: `https://jira.example.com/browse/CX-142` → "
        "`https://jira.example.com/browse/CX-143`",
        "- opportunity status at *Verify identity*: “Unscored thing”: planned → dropped",
    ]
    data = json.loads(cli(project, "diff", base, "HEAD", "--format", "json").stdout)
    changes = next(e for e in data["entities"] if e["id"] == "opening")["changes"]
    assert [(c["kind"], c["before"], c["after"]) for c in changes] == [
        ("opportunity-status", "planned", "done"),
        ("opportunity-link", "https://jira.example.com/browse/CX-142", "https://jira.example.com/browse/CX-143"),
        ("opportunity-status", "planned", "dropped"),
    ]


def test_a_ticket_link_reads_as_the_trackers_own_name_for_it() -> None:
    """The chip shows the key or number the tracker gives the ticket, wherever the address holds it; else "ticket"."""
    from journeymaps.vocabulary import ticket_key

    assert {
        link: ticket_key(link)
        for link in (
            "https://jira.example.com/browse/CX-142",
            "https://jira.example.com/browse/CX-142?focusedCommentId=1#comment",
            "https://linear.app/fernway/issue/PAY-1432/explain-no-match-results",
            "https://youtrack.example.com/issue/CX_TEAM-12",
            "https://github.com/fernway/app/issues/8812",
            "https://github.com/fernway/app/pull/31/files",
            "https://gitlab.com/fernway/app/-/issues/12",
            "https://gitlab.com/fernway/app/-/merge_requests/5",
            "https://dev.azure.com/fernway/cx/_workitems/edit/45121",
            "https://tracker.example.com/issues?id=7",
            "https://www.notion.so/fernway/Roadmap-2026-5f3a",
            "https://example.com/2026/plan",
        )
    } == {
        "https://jira.example.com/browse/CX-142": "CX-142",
        "https://jira.example.com/browse/CX-142?focusedCommentId=1#comment": "CX-142",
        "https://linear.app/fernway/issue/PAY-1432/explain-no-match-results": "PAY-1432",
        "https://youtrack.example.com/issue/CX_TEAM-12": "CX_TEAM-12",
        "https://github.com/fernway/app/issues/8812": "#8812",
        "https://github.com/fernway/app/pull/31/files": None,
        "https://gitlab.com/fernway/app/-/issues/12": "#12",
        "https://gitlab.com/fernway/app/-/merge_requests/5": "!5",
        "https://dev.azure.com/fernway/cx/_workitems/edit/45121": "#45121",
        "https://tracker.example.com/issues?id=7": None,
        "https://www.notion.so/fernway/Roadmap-2026-5f3a": None,
        "https://example.com/2026/plan": None,
    }
