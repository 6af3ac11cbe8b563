"""Page numbers, stamped onto finished PDFs ("Page 3 of 13"), so one cached rendering serves two numberings.

A map's own PDF is numbered 1 to n; the same pages in the handbook are numbered by their place in the whole
file. WeasyPrint lays a document out once; its page numbers are then one small content stream per page, the
last of the page's ``/Contents`` (after a ``q`` that comes first), both marked ``/JMStamp``, set in a font that
a tiny sample document embeds (the print font, subset to the digits and the words of the label). The handbook's
assembly swaps that stream for the handbook's number (or drops it, on the cover) without laying anything out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymaps.i18n import _

MARK = "/JMStamp"
FONT_PREFIX = "/JMPN"
SIZE_PT = 8.0
COLOUR = "0.349 0.388 0.431"  # #59636e, the footer's grey
RIGHT_MM = 10.0
BASELINE_MM = 8.2
"""Where the number sits: right-aligned on the footer's baseline (pdf.css: 14 mm bottom margin, 3 mm padding)."""
PT_PER_MM = 72 / 25.4
DIGITS = "0123456789"


def label_template() -> str:
    """The page-number label in the active language (part of every PDF's cache key)."""
    return _("Page %(page)s of %(pages)s")


LABEL_COMMENT = "/* page numbers: "
"""How the PDFs' stylesheet ends: the label in the build's language (a new label makes new PDFs; a worker process,
which speaks no language of its own, reads its label there: :func:`label_of`)."""


def label_comment() -> str:
    return LABEL_COMMENT + label_template().replace("*/", "* /") + " */"


def label_of(css: str) -> str:
    """The label the stylesheet ``css`` ends with (:func:`label_comment`); the active language's without one."""
    start = css.rfind(LABEL_COMMENT)
    if start < 0:
        return label_template()
    return css[start + len(LABEL_COMMENT) : css.rindex(" */")]


def label(page: int, pages: int, template: str | None = None) -> str:
    return (template or label_template()) % {"page": page, "pages": pages}


def sample_html(fonts_css: str, template: str) -> str:
    """A one-line document holding every character a label can print, in the footer's font."""
    chars = "".join(sorted(set(template.replace("%(page)s", "").replace("%(pages)s", "")) - set(DIGITS)))
    text = (DIGITS + " " + chars).replace("&", "&amp;").replace("<", "&lt;")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{fonts_css}\n"
        "@page { size: 200mm 20mm; margin: 0 }"
        'p { font-family: "Roboto", "Noto Sans", "DejaVu Sans", sans-serif; font-size: 8pt; margin: 0 }'
        f"</style></head><body><p>{text}</p></body></html>"
    )


@dataclass(frozen=True)
class Glyph:
    font: str  # resource name, e.g. "/JMPN0"
    code: int  # the glyph id (Identity-H)
    width: float  # advance, in 1/1000 of the font size


_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _cmap(data: bytes) -> dict[int, str]:
    """code -> text, from a ToUnicode CMap (bfchar and bfrange sections)."""
    out: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(section)
        for code, text in zip(codes[::2], codes[1::2]):
            out[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in section.splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 3:
                first, last, start = (int(c, 16) for c in codes)
                for i in range(last - first + 1):
                    out[first + i] = chr(start + i)
    return out


def _widths(cid_font: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    w = list(cid_font.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        nxt = w[i + 1].get_object() if hasattr(w[i + 1], "get_object") else w[i + 1]
        if isinstance(nxt, list):
            for j, width in enumerate(nxt):
                out[first + j] = float(width)
            i += 2
        else:
            for code in range(first, int(nxt) + 1):
                out[code] = float(w[i + 2])
            i += 3
    return out


def glyphs_of(fonts: Any) -> dict[str, Glyph]:
    """char -> glyph, from a page's ``/Font`` resources (the ``/JMPN*`` fonts only)."""
    out: dict[str, Glyph] = {}
    for name in sorted(fonts or {}):
        if not str(name).startswith(FONT_PREFIX):
            continue
        font = fonts[name].get_object()
        cid = font["/DescendantFonts"][0].get_object()
        default = float(cid.get("/DW", 1000))
        widths = _widths(cid)
        for code, text in _cmap(font["/ToUnicode"].get_object().get_data()).items():
            if len(text) == 1 and text not in out:
                out[text] = Glyph(str(name), code, widths.get(code, default))
    return out


def stream_for(text: str, glyphs: dict[str, Glyph], page_width: float, left: float, bottom: float) -> bytes:
    """The content stream printing ``text`` right-aligned in the footer (characters without a glyph are skipped)."""
    runs: list[tuple[str, list[int]]] = []
    width = 0.0
    for char in text:
        glyph = glyphs.get(char)
        if glyph is None:
            continue
        width += glyph.width * SIZE_PT / 1000
        if not runs or runs[-1][0] != glyph.font:
            runs.append((glyph.font, []))
        runs[-1][1].append(glyph.code)
    x = left + page_width - RIGHT_MM * PT_PER_MM - width
    y = bottom + BASELINE_MM * PT_PER_MM
    # an artifact of pagination (tagging.py): a screen reader skips it, as it skips the footer beside it
    parts = [f"/Artifact <</Type /Pagination>> BDC q {COLOUR} rg BT {x:.2f} {y:.2f} Td"]
    for font, codes in runs:
        parts.append(f"{font} {SIZE_PT:g} Tf <{''.join(f'{c:04x}' for c in codes)}> Tj")
    parts.append("ET Q EMC")
    return " ".join(parts).encode("ascii")


def _contents(page: Any) -> list[Any]:
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [contents]


def number_pages(writer: Any, labels: Sequence[str | None], fonts: Any = None) -> None:
    """Set the stamp of each page of ``writer`` to ``labels[i]`` (None: no number), replacing any earlier stamp.

    ``fonts`` (a ``/Font`` dictionary with the ``/JMPN*`` fonts of a sample, from another PDF) is cloned into
    ``writer`` for pages that do not carry the fonts yet."""
    from pypdf.generic import ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, NameObject

    cloned: dict[str, Any] = {}
    cache: dict[int, dict[str, Glyph]] = {}
    opening: Any = None
    for page, text in zip(writer.pages, labels):
        contents = _contents(page)
        if contents and contents[-1].get_object().get(MARK):
            contents = contents[1:-1]  # the "q" before the page's own drawing and the stamp after it
        if text is not None:
            resources = page.get("/Resources")
            if resources is None:
                resources = page[NameObject("/Resources")] = DictionaryObject()
            resources = resources.get_object()
            page_fonts = resources.get("/Font")
            if page_fonts is None:
                page_fonts = resources[NameObject("/Font")] = DictionaryObject()
            page_fonts = page_fonts.get_object()
            if not any(str(n).startswith(FONT_PREFIX) for n in page_fonts) and fonts is not None:
                for name in fonts:
                    if str(name).startswith(FONT_PREFIX):
                        if name not in cloned:
                            cloned[name] = writer._add_object(fonts[name].get_object().clone(writer))
                        page_fonts[NameObject(name)] = cloned[name]
            glyphs = cache.get(id(page_fonts))
            if glyphs is None:
                glyphs = cache[id(page_fonts)] = glyphs_of(page_fonts)
            box = page.mediabox
            stream = DecodedStreamObject()
            stream[NameObject(MARK)] = BooleanObject(True)
            stream.set_data(b"Q " + stream_for(text, glyphs, float(box.width), float(box.left), float(box.bottom)))
            if opening is None:  # the page's drawing leaves its transformation in place: save the state before it
                opening = DecodedStreamObject()
                opening[NameObject(MARK)] = BooleanObject(True)
                opening.set_data(b"q ")
                opening = writer._add_object(opening)
            contents = [opening, *contents, writer._add_object(stream)]
        page[NameObject("/Contents")] = ArrayObject(contents)


def sample_fonts(sample_pdf: bytes) -> Any:
    """The ``/Font`` dictionary of a rendered :func:`sample_html`, its fonts renamed ``/JMPN0``, ``/JMPN1``..."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, NameObject

    page = PdfReader(io.BytesIO(sample_pdf)).pages[0]
    fonts: Any = page["/Resources"]["/Font"].get_object()  # type: ignore[index]
    out = DictionaryObject()
    for i, name in enumerate(sorted(fonts)):
        out[NameObject(f"{FONT_PREFIX}{i}")] = fonts.raw_get(name)
    return out


_REFERENCE = re.compile(rb"(\d+) 0 R")


def _number(reference: Any) -> int:
    """The object number of a pydyf reference (``b"12 0 R"``)."""
    return int(bytes(reference).split()[0]) if not isinstance(reference, int) else reference


class _Raw:
    """A PDF object written as it was prepared (an object of the sample, renumbered): pydyf's object interface."""

    def __init__(self, data: bytes, stream: bool) -> None:
        self.number: int | None = None
        self.offset = 0
        self.generation = 0
        self.free = "n"
        self.data = data
        self.compressible = not stream

    @property
    def indirect(self) -> bytes:
        return f"{self.number} 0 obj\n".encode() + self.data + b"\nendobj"

    @property
    def reference(self) -> bytes:
        return f"{self.number} 0 R".encode()


@dataclass
class Stamper:
    """Stamps each page's standalone number ("Page 1 of 2") onto a PDF while WeasyPrint writes it (``write_pdf``'s
    ``finisher``): the same streams and fonts :func:`number_pages` would add, without reading the PDF back.

    The fonts are the sample's (:func:`sample_html`), kept as the bytes WeasyPrint wrote for it (compressed once
    per worker), renumbered into each document."""

    glyphs: dict[str, Glyph]
    template: str
    fonts: list[tuple[str, int]]  # (resource name "JMPN0", the font's object number in the sample)
    objects: dict[int, tuple[bytes, bytes]]  # sample object number -> (its dictionary, its stream part or b"")

    @classmethod
    def from_sample(cls, pdf: Any, sample_pdf: bytes, template: str) -> Stamper:
        """From the sample as WeasyPrint built it (``pdf``, a pydyf PDF seen by a finisher) and wrote it."""
        resources = pdf.objects[_number(pdf.objects[_number(pdf.pages["Kids"][0])]["Resources"])]
        font_dict = pdf.objects[_number(resources["Font"])]
        fonts = [(f"{FONT_PREFIX[1:]}{i}", _number(font_dict[name])) for i, name in enumerate(sorted(font_dict))]
        objects: dict[int, tuple[bytes, bytes]] = {}
        todo = [number for _, number in fonts]
        while todo:
            number = todo.pop()
            if number in objects:
                continue
            data = pdf.objects[number].data
            head, marker, body = data.partition(b"\nstream\n")
            objects[number] = (head, marker + body)
            todo.extend(int(n) for n in _REFERENCE.findall(head))
        return cls(glyphs_of(sample_fonts(sample_pdf)), template, fonts, objects)

    def __call__(self, document: Any, pdf: Any) -> None:
        import pydyf

        pages = [pdf.objects[n] for n in pdf.pages["Kids"][::3]]
        renumbered = {}
        for old in sorted(self.objects):
            raw = _Raw(b"", bool(self.objects[old][1]))  # its bytes once every object has its new number
            pdf.add_object(raw)
            renumbered[old] = raw
        for old, raw in renumbered.items():
            head, body = self.objects[old]
            raw.data = _REFERENCE.sub(lambda m: renumbered[int(m.group(1))].reference, head) + body
        opening = pydyf.Stream([b"q "], pydyf.Dictionary({MARK[1:]: "true"}))
        pdf.add_object(opening)
        seen: set[int] = set()
        for i, page in enumerate(pages, 1):
            resources = pdf.objects[_number(page["Resources"])]
            font_dict = pdf.objects[_number(resources["Font"])]
            if id(font_dict) not in seen:  # the pages share one resource dictionary
                seen.add(id(font_dict))
                for name, old in self.fonts:
                    font_dict[name] = renumbered[old].reference
            left, bottom, right = (float(v) for v in list(page["MediaBox"])[:3])
            text = label(i, len(pages), self.template)
            stamp = pydyf.Stream(
                [b"Q " + stream_for(text, self.glyphs, right - left, left, bottom)],
                pydyf.Dictionary({MARK[1:]: "true"}),
            )
            pdf.add_object(stamp)
            page["Contents"] = pydyf.Array([opening.reference, page["Contents"], stamp.reference])
