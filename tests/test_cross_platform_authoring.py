"""Handbooks written on Windows and macOS: what an outside test of their files, names and tools found.

Files saved by Notepad and Excel (UTF-16, a byte-order mark, CRLF, a mix of CRLF and LF, cp1252), text pasted from
a Mac (U+2028 for Shift+Return), file names macOS writes decomposed (NFD), names that differ only by case, paths
written with backslashes, and spreadsheets saved as Excel's "Unicode Text" or in a European locale. Each bad input
is one line with its file and line; each test fails without its fix. The handbooks are tiny and built in this
process (one real ``mkdocs build``, at the end).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import PERSONA, Writer
from journeymaps.cli import main
from journeymaps.handbook import Handbook
from journeymaps.interop.csv_import import import_rows
from journeymaps.pipeline import build
from journeymaps.settings import Settings

MAP = """---
type: cjm
title: Sending the first invoice
persona: maya
stages:
  - name: Create invoice
    id: create
    actions: [Adds client details]
    emotion: 1
    pain_points:
      - {title: Fees are hidden, severity: 4}
  - name: Money lands
    id: money-lands
    emotion: 2
---

Body text.
"""
EMOTION_LINE = 14  # `    emotion: 2`, made 5 (out of range) where a test needs an error with a line

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def handbook(project: Path) -> Handbook:
    return build(Settings.for_folder(project / "content", project))


def said(project: Path) -> list[str]:
    return [str(d) for d in handbook(project).report.sorted()]


def base(write: Writer) -> None:
    write("personas/maya.md", PERSONA)


def write_map(project: Path, data: bytes, name: str = "first-invoice.md") -> Path:
    path = project / "content" / "maps" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- encodings and line endings of a page ---------------------------------------------------------------------


@pytest.mark.parametrize("codec, how", [("utf-16", ""), ("utf-16-le", " without a byte-order mark")])
def test_a_page_saved_as_utf16_is_read_and_said_once(project: Path, write: Writer, codec: str, how: str) -> None:
    """Notepad's and Excel's "Unicode" is UTF-16: with its byte-order mark the page was 'not UTF-8 (byte 0xff)' and
    its map was lost; without one (PowerShell, some exporters) it was read as a page of NUL characters, said nowhere,
    and `mkdocs build --strict` passed."""
    base(write)
    write_map(project, MAP.replace("\n", "\r\n").encode(codec))
    hb = handbook(project)
    assert [str(d) for d in hb.report.sorted()] == [
        f"content/maps/first-invoice.md:1: the file is UTF-16 text (what Notepad and Excel call 'Unicode'){how}; "
        "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
    ]
    assert hb.catalog.maps["first-invoice"].title == "Sending the first invoice"


def test_utf16_text_given_as_text_is_said_too(project: Path, write: Writer) -> None:
    """MkDocs reads UTF-16 without a byte-order mark as UTF-8 (it is, when it holds only ASCII) and gives the plugin
    that text: a text of NUL characters is read as the UTF-16 it is."""
    from journeymaps.sources.files import RawPage, folder_pages

    base(write)
    settings = Settings.for_folder(project / "content", project)
    text = MAP.encode("utf-16-le").decode("utf-8")
    pages = [*folder_pages(settings), RawPage("maps/first-invoice.md", "content/maps/first-invoice.md", text=text)]
    hb = build(settings, pages)
    assert [d.message.split(";")[0] for d in hb.report.sorted()] == [
        "the file is UTF-16 text (what Notepad and Excel call 'Unicode') without a byte-order mark"
    ]


@pytest.mark.parametrize(
    "variant",
    ["crlf", "bom+crlf", "mixed", "cr", "no final newline", "bom+mixed+no final newline"],
)
def test_error_lines_are_the_editors_lines_whatever_the_line_endings(
    project: Path, write: Writer, variant: str
) -> None:
    """Notepad's CRLF and byte-order mark, a file edited on both systems (CRLF and LF lines), classic Mac CR: the
    lines were right before this test was written; it keeps them so (the other tests here fail without a fix)."""
    base(write)
    text = MAP.replace("    emotion: 2\n", "    emotion: 5\n")
    lines = text.split("\n")
    if "mixed" in variant:
        text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
    elif "crlf" in variant:
        text = text.replace("\n", "\r\n")
    elif variant == "cr":
        text = text.replace("\n", "\r")
    if "no final newline" in variant:
        text = text.rstrip("\r\n")
    data = (b"\xef\xbb\xbf" if "bom" in variant else b"") + text.encode()
    write_map(project, data)
    assert said(project) == [f"content/maps/first-invoice.md:{EMOTION_LINE}: stages[1].emotion: 5 is outside -2..2"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_pasted_line_separator_is_text_and_keeps_every_line_number(project: Path, write: Writer, char: str) -> None:
    """Shift+Return on a Mac (Pages, TextEdit, Word) is U+2028. PyYAML breaks lines there (YAML 1.1), editors and
    YAML 1.2 do not: a quote pasted with one made the page 'not parse' at another line, or (in a [list]) put every
    later line number one off."""
    base(write)
    text = MAP.replace("title: Sending the first", f"title: Sending{char}the first")
    text = text.replace("[Adds client details]", f"[Adds{char}client details]").replace("emotion: 2\n", "emotion: 5\n")
    write_map(project, text.encode())
    hb = handbook(project)
    assert [str(d) for d in hb.report.sorted()] == [
        f"content/maps/first-invoice.md:{EMOTION_LINE}: stages[1].emotion: 5 is outside -2..2"
    ]
    doc = hb.catalog.maps["first-invoice"].doc
    assert doc.data is not None and doc.data["title"] == f"Sending{char}the first invoice"
    assert doc.line(("stages", 1, "emotion")) == EMOTION_LINE  # the full line map too (read on demand)


# --- names: case, Unicode normalisation, backslashes -------------------------------------------------------------


def test_file_names_that_differ_in_accents_written_nfc_or_nfd_are_one_file_on_macos(
    project: Path, write: Writer
) -> None:
    """`café.md` with é as one character (NFC) and as e + accent (NFD, as macOS names files) are two files on Linux
    and one on macOS: a warning, as names that differ by case get. `Straße` and `strasse` are two files everywhere
    (str.casefold makes ß 'ss'): no warning."""
    base(write)
    for name, mid in (
        (unicodedata.normalize("NFC", "café"), "cafe-a"),
        (unicodedata.normalize("NFD", "café"), "cafe-b"),
    ):
        write_map(project, MAP.replace("type: cjm", f"type: cjm\nid: {mid}").encode(), f"{name}.md")
    for name, mid in (("Straße", "strasse-a"), ("strasse", "strasse-b")):
        write_map(project, MAP.replace("type: cjm", f"type: cjm\nid: {mid}").encode(), f"{name}.md")
    lines = said(project)
    assert len(lines) == 1, lines
    assert "differs only in how its accented letters are written (NFC, NFD)" in lines[0]
    assert lines[0].endswith("they are one file on macOS; rename one of them")


def _with_image(project: Path, src: str, files: list[str]) -> None:
    for name in files:
        (project / "content" / "assets").mkdir(parents=True, exist_ok=True)
        (project / "content" / "assets" / name).write_text(SVG, encoding="utf-8")
    image = f"    image: {{src: '{src}', alt: Maya writes her invoice}}\n"
    write_map(project, MAP.replace("    emotion: 1\n", "    emotion: 1\n" + image).encode())


def test_a_picture_named_nfc_finds_its_file_named_nfd(project: Path, write: Writer) -> None:
    """A file copied from a Mac keeps its decomposed name (NFD) on Linux, where the map's path, typed, is NFC: the
    picture was 'not found', with a suggestion that looked the same. It is found, and linked as the disk spells it."""
    base(write)
    on_disk = unicodedata.normalize("NFD", "zoë.svg")
    _with_image(project, "../assets/" + unicodedata.normalize("NFC", "zoë.svg"), [on_disk])
    hb = handbook(project)
    assert [str(d) for d in hb.report.sorted()] == []
    image = hb.catalog.stage_images["first-invoice"][0]
    assert image is not None and image.src_uri == f"assets/{on_disk}"


def test_a_picture_whose_case_differs_is_said_on_every_system(
    project: Path, write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS and Windows find `Create-Invoice.svg` as `create-invoice.svg`; the web server and CI's Linux do not.
    The check read the file system, so the map passed on the author's Mac and the picture was a 404 on the site.
    Here the file system is made to ignore case, as macOS does: the line is the same as on Linux."""
    real_is_file = Path.is_file

    def is_file_ignoring_case(self: Path) -> bool:
        if real_is_file(self):
            return True
        folder = self.parent
        return folder.is_dir() and any(p.name.lower() == self.name.lower() for p in folder.iterdir())

    base(write)
    _with_image(project, "../assets/Create-Invoice.svg", ["create-invoice.svg"])
    monkeypatch.setattr(Path, "is_file", is_file_ignoring_case)
    assert said(project) == [
        "content/maps/first-invoice.md:10: stages[0].image.src: image '../assets/Create-Invoice.svg' is "
        "content/assets/create-invoice.svg on disk: the case of its letters differs, which macOS and Windows ignore, "
        "and a web server does not (did you mean '../assets/create-invoice.svg'?)"
    ]


def test_paths_written_with_backslashes_are_one_line_with_the_path_to_write(project: Path, write: Writer) -> None:
    """`photo: images\\maya.svg` worked on Windows (which reads a backslash as a folder) and was 'not found' on
    Linux, with no hint; a storyboard's `..\\assets\\x.svg` was 'not a file of the docs folder'."""
    write("personas/images/maya.svg", SVG)
    write("personas/maya.md", PERSONA.replace("name: Maya Chen\n", "name: Maya Chen\nphoto: images\\maya.svg\n"))
    _with_image(project, "..\\assets\\create-invoice.svg", ["create-invoice.svg"])
    assert said(project) == [
        "content/maps/first-invoice.md:10: stages[0].image.src: '..\\assets\\create-invoice.svg' separates folders "
        "with backslashes, which only Windows reads; write it with '/', as in a Markdown image: "
        "'../assets/create-invoice.svg'",
        "content/personas/maya.md:4: photo: 'images\\maya.svg' separates folders with backslashes, which only "
        "Windows reads; write it with '/', as in a Markdown image: 'images/maya.svg'",
    ]


def test_a_windows_path_given_to_a_command_gets_the_path_it_meant(
    project: Path, write: Writer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base(write)
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\n", encoding="utf-8")
    (project / "sheets").mkdir()
    monkeypatch.chdir(project / "sheets")
    assert main(["import", "csv", "..\\stages.csv", "-f", "../mkdocs.yml"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "journeymaps import: ..\\stages.csv: cannot be read: No such file or directory; folders are separated by "
        "'/' here (did you mean '../stages.csv'?)"
    ]


def test_a_new_file_is_not_written_beside_one_whose_name_differs_only_by_case(
    project: Path, write: Writer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Linux, `journeymaps new` and an import wrote `maps/onboarding.md` beside `maps/Onboarding.md` (a map whose
    `id:` is another): two files that a checkout on macOS or Windows cannot hold (git: 'paths have collided')."""
    base(write)
    write_map(project, MAP.replace("type: cjm", "type: cjm\nid: onboarding-old").encode(), "Onboarding.md")
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["new", "cjm", "--title", "Onboarding", "--persona", "maya", "--stages", "A, B"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "journeymaps new: content/maps/Onboarding.md is there, and onboarding.md would be the same file on macOS "
        "and Windows (the names differ only by case or accents); nothing was written (choose another --title or "
        "--id, or edit that file)"
    ]
    sheet = "map_id,map_type,map_title,personas,stage_id,stage_name\r\nonboarding,cjm,Onboarding,maya,a,A\r\n"
    written, problems = import_sheet(project, sheet)
    assert written == [] and [p.split(" is there")[0] for p in problems] == [
        f"stages.csv:2: not taken: {project.as_posix()}/content/maps/Onboarding.md"
    ]
    assert sorted(p.name for p in (project / "content/maps").iterdir()) == ["Onboarding.md"]


# --- spreadsheets and the files an import edits ------------------------------------------------------------------


def import_sheet(project: Path, text: str) -> tuple[list[str], list[str]]:
    """(files written with their changes, problems) of importing ``text`` as a stages.csv."""
    settings = Settings.for_folder(project / "content", project)
    report = import_rows(text, "stages.csv", project / "content", handbook(project).catalog, project, settings)
    return [f"{path}: {', '.join(changes)}" for path, changes in report.written], report.lines()


SHEET = "map_id,stage_id,emotion,pain_points\r\nfirst-invoice,create,-1,Fees are hidden\r\n"


def test_an_import_keeps_the_line_ending_of_every_line_it_does_not_edit(project: Path, write: Writer) -> None:
    """A map edited on Windows and on a Mac has CRLF and LF lines: the import made every line of the frontmatter
    CRLF (a diff of every line); also the closing `...` became `---`."""
    base(write)
    lines = MAP.replace("\n---\n\nBody", "\n...\n\nBody").split("\n")
    mixed = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
    path = write_map(project, b"\xef\xbb\xbf" + mixed.encode())
    written, problems = import_sheet(project, SHEET)
    assert problems == [] and len(written) == 1
    expected = b"\xef\xbb\xbf" + mixed.replace("    emotion: 1\n", "    emotion: -1\n").encode()
    assert path.read_bytes() == expected


def test_an_import_keeps_a_frontmatter_that_ends_the_file_without_a_newline(project: Path, write: Writer) -> None:
    base(write)
    text = MAP.split("\n\nBody")[0].replace("\n", "\r\n")  # ends with `---`, no line break after it
    path = write_map(project, text.encode())
    assert import_sheet(project, SHEET)[1] == []
    assert path.read_bytes() == text.replace("emotion: 1\r\n", "emotion: -1\r\n").encode()


def test_titles_match_whichever_way_their_accents_are_written(project: Path, write: Writer) -> None:
    """A pain point pasted from a Mac app in NFD, the sheet's text in NFC (retyped, or normalised by the
    spreadsheet): the import took it for a new item, and the old one, severity and all, was deleted."""
    base(write)
    nfd = unicodedata.normalize("NFD", "Café fees are hidden")
    path = write_map(project, MAP.replace("Fees are hidden", nfd).encode())
    before = path.read_bytes()
    written, problems = import_sheet(project, SHEET.replace("-1,Fees", "1,Café fees"))
    assert (written, problems) == ([], [])
    assert path.read_bytes() == before


def test_an_import_does_not_rewrite_a_pasted_line_separator(project: Path, write: Writer) -> None:
    """ruamel.yaml breaks lines at U+2028 too: it wrote the title back quoted, with spaces in it. The map is left
    as it is, with the line that has the character."""
    base(write)
    path = write_map(project, MAP.replace("title: Sending the", "title: Sending\u2028the").encode())
    before = path.read_bytes()
    written, problems = import_sheet(project, SHEET)
    assert written == []
    assert problems == [
        "stages.csv:2: not taken: "
        f"{project.as_posix()}/content/maps/first-invoice.md:3 holds a LINE SEPARATOR (U+2028, Shift+Return on a "
        "Mac) in its frontmatter, which an import cannot write back as it is; replace it with a space (or a line "
        "break), and import again"
    ]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "data, reason",
    [
        (MAP.replace("Body text.", "Zoé").encode("cp1252"), "is not UTF-8 text (byte 0xe9 on line 17)"),
        (MAP.encode("utf-16"), "is UTF-16 text (what Notepad and Excel call 'Unicode')"),
    ],
)
def test_an_import_into_a_map_that_is_not_utf8_is_one_line(
    project: Path, write: Writer, data: bytes, reason: str
) -> None:
    """It was Python's own words: 'utf-8' codec can't decode byte 0xe9 in position 341: invalid continuation byte."""
    base(write)
    path = write_map(project, data)
    written, problems = import_sheet(project, SHEET)
    assert written == []
    assert problems == [
        f"stages.csv:2: not taken: content/maps/first-invoice.md {reason}; save it as UTF-8 first "
        "(journeymaps validate)"
    ]
    assert path.read_bytes() == data


def test_excel_sheets_unicode_text_in_and_a_sheet_in_cp1252_is_one_line_with_its_row(
    project: Path, write: Writer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's "Unicode Text" is UTF-16 with tabs between cells: it was refused ('can't decode byte 0xff in position
    0'). A sheet saved as Excel's plain "CSV" is cp1252: Python's words, with a byte position and no row."""
    base(write)
    path = write_map(project, MAP.encode())
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\n", encoding="utf-8")
    monkeypatch.chdir(project)
    rows = 'map_id\tstage_id\temotion\tpain_points\r\nfirst-invoice\tcreate\t-0,5\t"Fees are hidden\nCafé fees"\r\n'
    (project / "unicode.txt").write_bytes(rows.encode("utf-16"))
    assert main(["import", "csv", "unicode.txt"]) == 0, capsys.readouterr().err
    assert "    emotion: -0.5\n" in path.read_text(encoding="utf-8")
    assert "      - Café fees\n" in path.read_text(encoding="utf-8")
    capsys.readouterr()
    (project / "latin.csv").write_bytes(rows.replace("\t", ";").replace("Café", "Caf\xe9").encode("cp1252"))
    assert main(["import", "csv", "latin.csv"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "journeymaps import: latin.csv:2: not UTF-8 text (byte 0xe9); save it as 'CSV UTF-8' (Excel: Save As, "
        "CSV UTF-8 (Comma delimited)), or as 'Unicode Text'"
    ]


# --- one real build ----------------------------------------------------------------------------------------------


def test_mkdocs_build_of_a_handbook_written_on_windows_and_a_mac(project: Path, write: Writer, build) -> None:  # type: ignore[no-untyped-def]
    """A CRLF + byte-order-mark map with a pasted U+2028 and a picture whose name is NFD on disk, beside a UTF-16
    page: the build says the one line about the UTF-16 page and shows its map, keeps the title as written, and links
    the picture to the file it copied."""
    from urllib.parse import unquote

    base(write)
    on_disk = unicodedata.normalize("NFD", "zoë.svg")
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / on_disk).write_text(SVG, encoding="utf-8")
    image = "    image: {src: ../assets/zo\u00eb.svg, alt: Maya writes her invoice}\n"
    text = MAP.replace("title: Sending the", "title: Sending\u2028the").replace("emotion: 1\n", "emotion: 1\n" + image)
    write_map(project, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    write_map(project, MAP.replace("Sending the first invoice", "Getting paid").encode("utf-16"), "paid.md")
    result = build()
    assert result.code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith(("ERROR", "WARNING"))] == [
        "ERROR   -  content/maps/paid.md:1: the file is UTF-16 text (what Notepad and Excel call 'Unicode'); save it "
        "as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"
    ]
    assert result.html("maps/paid/index.html").h1.get_text(strip=True) == "Getting paid"
    page = result.html("maps/first-invoice/index.html")
    assert page.h1.get_text(strip=True) == "Sending\u2028the first invoice"
    pictures = [img["src"] for img in page.select("img") if "zo" in img.get("src", "")]
    assert pictures and all(
        (project / "site/maps/first-invoice" / unquote(src)).resolve().is_file() for src in pictures
    )
