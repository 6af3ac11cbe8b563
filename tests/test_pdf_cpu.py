"""The PDF worker's savings, read back with poppler and pypdf: icons as pictures parsed once per worker, page numbers
stamped while WeasyPrint writes the PDF. Each must leave the PDF as a reader sees and copies it: same drawing, same
text, same bytes whatever the worker rendered before."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader, PdfWriter

from journeymaps.export import pdf as worker
from journeymaps.export import print_icons
from journeymaps.export.print_icons import PrintIcons, as_img, print_sign
from journeymaps.export.stamp import MARK, label, label_comment, number_pages
from journeymaps.render.environment import Icons
from journeymaps.render.signs import SIGNS, sign

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by tasks.py")

STAR = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.62L12 2 9.19 8.62 2 9.24l5.45 4.73L5.82 21z"/></svg>'
)
RING = '<svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="9" fill="none" stroke="black" stroke-width="2"/></svg>'
CSS = "@page { size: A5; margin: 10mm 10mm 14mm }\n.jm-icon { width: 1.1em; height: 1.1em; vertical-align: -0.2em }\n"
WORDS = "Payment retry failed twice; the customer called support"


@pytest.fixture
def icons(tmp_path: Path) -> Icons:
    folder = tmp_path / "icons" / "test"
    folder.mkdir(parents=True)
    (folder / "star.svg").write_text(STAR, encoding="utf-8")
    (folder / "ring.svg").write_text(RING, encoding="utf-8")
    return Icons([tmp_path / "icons"])


@pytest.fixture
def started() -> Iterator[None]:
    """This process as a PDF worker (the print stylesheet kept small), with no icon known yet."""
    print_icons._ICONS.clear()
    worker._init_worker(CSS + label_comment())
    yield
    print_icons._ICONS.clear()
    worker._release_worker()  # the font configuration (and its temporary folder) goes now


def document(icons: Icons, rows: int, sizes: tuple[str, ...] = ("9pt", "12pt", "16pt")) -> str:
    """A document printing the two icons in rows of text at several sizes and colours (``rows`` of them)."""
    printed = PrintIcons(icons)
    lines = []
    for i in range(rows):
        size, colour = sizes[i % len(sizes)], ("#b42318", "#0b6b3a", "#1f2328")[i % 3]
        lines.append(
            f'<p style="font-size: {size}; color: {colour}">{printed("test/star")} {WORDS} {i} '
            f'<span style="opacity: .5">{printed("test/ring")}</span> done</p>'
        )
    return f"<!DOCTYPE html><html><body>{''.join(lines)}</body></html>"


def render(html: str, target: Path) -> bytes:
    _key, error = worker.render_one(html, "0" * 64, str(target))
    assert error is None, error
    return target.read_bytes()


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_print_icons_are_pictures_of_the_web_icons_and_the_web_keeps_inline_svg(icons: Icons) -> None:
    printed = PrintIcons(icons)
    img = printed("test/star")
    assert str(icons("test/star")).startswith('<svg class="jm-icon" aria-hidden="true" focusable="false" ')
    found = re.fullmatch(r'<img class="jm-icon" alt="" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">', img)
    assert found, img
    assert base64.b64decode(found.group(1)).decode() == STAR  # the file itself: the web's attributes taken off
    ring = base64.b64decode(str(printed("test/ring")).split("base64,")[1][:-2]).decode()
    assert ring.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')  # a standalone picture says so
    assert printed("test/missing") == "" and printed("not an icon name") == ""
    assert printed("test/star") is img  # made once
    assert as_img("") == Markup("")
    # the plugin's own signs (a delivery status, a moment of truth) the same way, labelled or not
    assert str(sign("moment")).startswith('<svg class="jm-sign jm-sign-moment"')  # the web's, unchanged
    moment = print_sign("moment", "Moment of truth")
    found = re.fullmatch(
        r'<img class="jm-sign jm-sign-moment" alt="Moment of truth" src="data:image/svg\+xml;base64,(.+)">', moment
    )
    assert found, moment
    picture = base64.b64decode(found.group(1)).decode()
    assert picture.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16">')
    assert SIGNS["moment"] in picture and "aria" not in picture and "class" not in picture
    assert print_sign("no such sign") == ""


def test_icons_parsed_once_per_worker_give_the_bytes_of_parsing_each(
    icons: Icons, started: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker parses an icon once for all its documents; the PDF is byte for byte the one WeasyPrint makes
    loading every icon itself, in any order of documents, and every saved graphics state is restored."""
    big, small = document(icons, 40), document(icons, 7, ("12pt", "20pt"))
    cached = render(big, tmp_path / "big.pdf")
    after_big = render(small, tmp_path / "small.pdf")
    assert print_icons._ICONS, "the worker keeps the icons it parsed"
    print_icons._ICONS.clear()
    alone = render(small, tmp_path / "alone.pdf")
    assert after_big == alone  # whatever the worker rendered before
    monkeypatch.setattr(print_icons, "document_images", lambda html: {})  # WeasyPrint parses and draws each icon
    assert render(big, tmp_path / "plain.pdf") == cached
    assert render(small, tmp_path / "plain-small.pdf") == alone
    page = PdfReader(tmp_path / "big.pdf").pages[0]
    drawing = page["/Contents"][1].get_object().get_data()
    assert len(re.findall(rb"(?m)^q$", drawing)) == len(re.findall(rb"(?m)^Q$", drawing))
    text = pdftotext(tmp_path / "big.pdf")
    assert f"{WORDS} 0" in text and not re.search("[\ue000-\uf8ff]", text)  # icons add no characters


def test_pictures_that_need_the_document_are_left_to_weasyprint(started: None, tmp_path: Path) -> None:
    """A picture with text (a storyboard drawing) needs the document's fonts: it is not kept by the worker."""
    with_text = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20"><text x="2" y="15">£480</text></svg>'
    url = "data:image/svg+xml;base64," + base64.b64encode(with_text.encode()).decode()
    assert print_icons._parsed(url) is None
    html = f'<p><img class="jm-icon" alt="" src="{url}" style="width: 30mm; height: 10mm"> Paid</p>'
    render(html, tmp_path / "text.pdf")
    assert "£480" in pdftotext(tmp_path / "text.pdf")  # drawn by WeasyPrint, with the document's fonts


def test_page_numbers_are_stamped_as_the_pdf_is_written_and_the_handbook_can_swap_them(
    icons: Icons, started: None, tmp_path: Path
) -> None:
    pdf = tmp_path / "long.pdf"
    data = render(document(icons, 90), pdf)
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, 1):
        contents = [c.get_object() for c in page["/Contents"]]
        assert contents[0].get(MARK) and contents[-1].get(MARK) and not contents[1].get(MARK)
        assert contents[0].get_data().strip() == b"q"
        page_text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert label(number, pages) in page_text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts)  # the number's font is embedded too
    # the handbook's assembly: the stamp swapped for the page's place in the whole file, without laying out again
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    number_pages(writer, [label(i + 40, 99) for i in range(pages)])
    out = io.BytesIO()
    writer.write(out)
    swapped = tmp_path / "swapped.pdf"
    swapped.write_bytes(out.getvalue())
    text = pdftotext(swapped)
    assert label(40, 99) in text and label(1, pages) not in text
    assert text.count(WORDS) == pdftotext(pdf).count(WORDS)
    assert hashlib.sha256(render(document(icons, 90), tmp_path / "again.pdf")).digest() == hashlib.sha256(data).digest()
