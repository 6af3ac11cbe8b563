"""Export, step 3: the handbook PDF, assembled from the per-entity PDFs with pypdf.

Nothing is laid out a second time: the cover and contents are one small
WeasyPrint document, the rest are the cached PDFs of personas and maps, page
for page. The assembly adds the outline (a bookmark per entity, under
"Personas" and "Maps") and turns every link that points at an entity in the
handbook into a jump to its first page, so the contents and the cross-links
work offline inside the one file.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeymaps.catalog.urls import pdf_path, relative_url
from journeymaps.export.documents import PdfJob
from journeymaps.export.pdf import PdfCache
from journeymaps.export.stamp import label, number_pages
from journeymaps.export.tagging import merge_trees
from journeymaps.i18n import _

HANDBOOK = pdf_path("handbook", "")
CONTENTS_PER_PAGE = 34
CoverMaker = Callable[[Sequence[tuple[PdfJob, int]]], PdfJob]
CoverRenderer = Callable[[PdfJob], Path]


@dataclass
class Assembly:
    pages: int
    entities: int
    links_internal: int


def site_path_of(uri: str, from_pdf: str, site_url: str | None) -> str | None:
    """The site-relative URL a link in the PDF at ``from_pdf`` points to, or None if it leaves the site."""
    if site_url and uri.startswith(site_url.rstrip("/") + "/"):
        return uri[len(site_url.rstrip("/")) + 1 :].split("#")[0]
    if "://" in uri or uri.startswith(("mailto:", "#", "/")):
        return None
    path = uri.split("#")[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_pdf), path))
    if joined == ".":
        return ""
    return joined + ("/" if path.endswith("/") else "")


def assemble(
    jobs: Sequence[PdfJob],
    cache: PdfCache,
    make_cover: CoverMaker,
    render_cover: CoverRenderer,
    entity_urls: dict[str, str],
    target: Path,
    *,
    site_url: str | None,
    title: str,
    created: str | None,
) -> Assembly:
    """Write the handbook to ``target``.

    Args:
        jobs: The entity PDFs in handbook order (all present in ``cache``).
        make_cover: Builds the cover job from (job, first page number) pairs.
        render_cover: Renders a cover job to a PDF file and returns its path.
        entity_urls: ``job.out`` -> the entity's page URL on the site (what links point at).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    counts = [cache.pages(job.key) for job in jobs]  # recorded at render time: no PDF is parsed twice

    def numbered(cover_pages: int) -> list[tuple[PdfJob, int]]:
        out, page = [], cover_pages + 1
        for job, count in zip(jobs, counts):
            out.append((job, page))
            page += count
        return out

    # The contents' page numbers depend on how long the contents are: guess (a cover page, then about
    # CONTENTS_PER_PAGE entries a page), render, count, and render again only if the guess was wrong.
    cover_pages, cover_path = 1 + math.ceil((len(jobs) + 6) / CONTENTS_PER_PAGE), None
    for _attempt in range(3):
        cover = make_cover(numbered(cover_pages))
        cover_path = render_cover(cover)
        actual = len(PdfReader(cover_path).pages)
        if actual == cover_pages:
            break
        cover_pages = actual
    assert cover_path is not None

    writer = PdfWriter()
    parts = [(PdfReader(cover_path), 0)]  # each PDF and its first page: their structure trees are joined below
    writer.append(parts[0][0], import_outline=False, excluded_fields=["/B"])
    first_page: dict[str, int] = {}
    origin: list[str] = [HANDBOOK] * len(writer.pages)  # which PDF each page came from (for relative links)
    for job in jobs:
        first_page[job.out] = len(writer.pages)
        parts.append((PdfReader(cache.path(job.key)), len(writer.pages)))
        writer.append(parts[-1][0], import_outline=False, excluded_fields=["/B"])
        origin += [job.out] * (len(writer.pages) - len(origin))
    lang = parts[0][0].root_object.get("/Lang")
    if any("/StructTreeRoot" in reader.root_object for reader, _ in parts):  # not with pdf_tags: false
        merge_trees(writer, parts, title, str(lang) if lang else None)  # tagged as its parts are (tagging.py)

    groups: dict[str, object] = {}
    for job in jobs:
        if job.kind == "section":  # a report section is a bookmark of its own
            writer.add_outline_item(title=job.title, page_number=first_page[job.out])
            continue
        heading = _("Personas") if job.kind == "persona" else _("Maps")
        if heading not in groups:
            groups[heading] = writer.add_outline_item(title=heading, page_number=first_page[job.out])
        writer.add_outline_item(title=job.title, page_number=first_page[job.out], parent=groups[heading])  # type: ignore[arg-type]

    by_url = {url: first_page[out] for out, url in entity_urls.items() if out in first_page}
    internal = 0
    pages = list(writer.pages)
    refs = [page.indirect_reference for page in pages]
    for index, page in enumerate(pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or action is None:
                continue
            action = action.get_object()
            if action.get("/S") != "/URI":
                continue
            uri = str(action.get("/URI"))
            target_url = site_path_of(uri, origin[index], site_url)
            if target_url is None:
                continue
            if target_url not in by_url:
                if not site_url and origin[index] != HANDBOOK:  # a relative link, now read from the handbook's folder
                    anchor = "#" + uri.split("#", 1)[1] if "#" in uri else ""
                    action[NameObject("/URI")] = TextStringObject(relative_url(target_url, HANDBOOK) + anchor)
                continue
            del annot[NameObject("/A")]
            annot[NameObject("/Dest")] = ArrayObject([refs[by_url[target_url]], NameObject("/Fit")])
            internal += 1

    total = len(writer.pages)  # the cover has no number; every other page its place in the whole file
    number_pages(writer, [None] + [label(i, total) for i in range(2, total + 1)])
    writer.set_page_label(0, total - 1, style="/D", start=1)  # type: ignore[arg-type]
    metadata = {"/Title": title, "/Producer": "journeymaps"}
    if created:
        stamp = "D:" + created.replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + "Z"
        metadata.update({"/CreationDate": stamp, "/ModDate": stamp})
    writer.add_metadata(metadata)
    writer.page_mode = "/UseOutlines"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        writer.write(handle)
    tmp.replace(target)
    return Assembly(len(writer.pages), len(jobs), internal)
