"""Tagged PDFs: a structure tree a screen reader reads (headings, lists, tables with their header cells, figures
with their alternative text), the running footer and page numbers marked as pagination artifacts.

Why WeasyPrint's ``pdf_tags=True`` and not ``pdf_variant="pdf/ua-1"``: the variant is the same tagging (plus PDF
1.7, already the default) and an XMP packet saying ``pdfuaid:part 1``, a claim of PDF/UA-1 conformance. No PDF/UA
validator (veraPDF, PAC) runs where the PDFs are built and tested, so nothing would back the claim; a public
body that files the PDF trusts that mark. The parts of PDF/UA-1 the tags alone do not give are added here,
without the claim: the XMP packet with the ``dc:title`` (WeasyPrint's own, at no conformance level), and what its
tagging leaves undone (:func:`tidy`):

- the running footer is drawn in a page margin box, whose text WeasyPrint marks as content of structure elements
  it then keeps out of the tree (orphans, which PDF/UA forbids): marked ``/Artifact`` (``/Pagination``) instead;
- a decorative picture (an icon's ``alt=""``, an ``aria-hidden`` swatch) becomes a ``Figure`` without ``/Alt``
  (PDF/UA forbids that too): marked ``/Artifact`` and taken out of the tree;
- a table without a header cell is one that lays things out (the map's header band, ``role="presentation"``;
  every table of data the templates print has ``<th>``, and so has a Markdown table): its parts become ``Div``;
- the page numbers, stamped on afterwards (:mod:`.stamp`), are marked ``/Artifact`` where they are drawn.

The handbook, assembled from these PDFs with pypdf (which drops every structure tree), gets one tree made of
theirs (:func:`merge_trees`). WeasyPrint also sets ``/MarkInfo``, ``/ViewerPreferences /DisplayDocTitle``
(the title in the reader's window, not the file name) and each page's ``/Tabs /S``; ``/Lang`` comes from the
document's ``<html lang>``.
"""

from __future__ import annotations

from typing import Any

PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True}
"""What ``write_pdf`` is given for a tagged PDF (see the module's docstring for why not ``pdf_variant``)."""
UNTAGGED = '<meta name="journeymaps-tags" content="off">'
"""In a print document's head when the site sets ``pdf_tags: false``: the worker writes it untagged."""


def write_options(html: str) -> dict[str, Any]:
    """``write_pdf``'s options for the print document ``html``: tagged unless it says :data:`UNTAGGED`."""
    return {} if UNTAGGED in html else PDF_OPTIONS


FOOTER = "/Pagination"
"""The artifact type of the running footer and page numbers (ISO 32000-1, 14.8.2.2)."""


def _number(reference: Any) -> int:
    """The object number of a pydyf reference (``b"12 0 R"``; a page's in ``/Kids`` is a bare number)."""
    return reference if isinstance(reference, int) else int(bytes(reference).split()[0])


def _is_reference(item: Any) -> bool:
    return isinstance(item, bytes) and item.endswith(b" R")


def tidy(document: Any, pdf: Any) -> None:
    """``write_pdf``'s finisher: the footer and decorative pictures of the pydyf ``pdf`` WeasyPrint just tagged made
    artifacts, and the XMP metadata packet added (see the module's docstring). An untagged ``pdf`` is left as is."""
    import pydyf

    objects = pdf.objects
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    reachable: set[int] = set()
    todo = [_number(ref) for ref in root["K"]]
    while todo:
        number = todo.pop()
        if number in reachable:
            continue
        reachable.add(number)
        kids = objects[number].get("K", ())
        todo.extend(_number(kid) for kid in kids if _is_reference(kid))
    for number in reachable:
        if objects[number].get("S") == "/Table":
            _layout_table(objects, objects[number])
    nums = objects[_number(root["ParentTree"])]["Nums"]
    page_refs = list(pdf.pages["Kids"][::3])
    for index in range(0, len(nums), 2):
        key, value = nums[index], nums[index + 1]
        if not isinstance(value, pydyf.Array) or key >= len(page_refs):
            continue  # an annotation's entry
        artifacts: set[int] = set()
        for mcid, ref in enumerate(value):
            if not _is_reference(ref):
                continue
            element = objects[_number(ref)]
            decorative = element.get("S") == "/Figure" and "Alt" not in element
            if _number(ref) in reachable and not decorative:
                continue
            artifacts.add(mcid)
            value[mcid] = b"null"
            if decorative:
                parent = objects[_number(element["P"])]
                parent["K"] = pydyf.Array(kid for kid in parent["K"] if kid != element.reference)
        if artifacts:
            page = objects[_number(page_refs[key])]
            _mark_artifacts(objects[_number(page["Contents"])], artifacts)
    _inline_spans(objects, reachable, nums, {_number(ref): i for i, ref in enumerate(page_refs)})
    document.metadata.include_in_pdf(pdf, "ua", None, None, compress=False)  # plain: any tool reads it


def _inline_spans(objects: Any, reachable: set[int], nums: Any, pages: dict[int, int]) -> None:
    """Give each run of text straight to the element it belongs to (``P``, ``H1``, ``TD``...) instead of through a
    ``Span`` element of its own, as WeasyPrint tags every run: the same reading, half the elements (each one a PDF
    object, which the handbook's assembly writes uncompressed). A run on another page than its element stays."""
    import pydyf

    for number in reachable:
        element = objects[number]
        if element.get("S") == "/Link" or "K" not in element:
            continue
        kids = element["K"]
        for index, kid in enumerate(kids):
            span = objects[_number(kid)] if _is_reference(kid) else None
            if span is None or span.get("S") != "/Span" or span.get("Pg") != element.get("Pg"):
                continue
            if len(span["K"]) != 1 or not isinstance(span["K"][0], int):
                continue
            mcid = span["K"][0]
            kids[index] = mcid
            nums[2 * pages[_number(span["Pg"])] + 1][mcid] = element.reference
            emptied = objects[_number(kid)] = pydyf.Dictionary()  # pydyf writes every object it holds: an empty one
            emptied.number, emptied.generation = span.number, span.generation


def _mark_artifacts(stream: Any, mcids: set[int]) -> None:
    """Turn the marked content of ``mcids`` in the pydyf ``stream`` into artifacts (its operations still a list:
    ``/Tag``, ``<</MCID n>>``, ``BDC``, as pydyf's ``begin_marked_content`` wrote them)."""
    import pydyf

    operations = stream.stream
    for index, item in enumerate(operations):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids and index:
            tag = operations[index - 1]
            operations[index - 1] = "/Artifact"
            # a footer's text; a decorative picture is neither pagination nor layout: an artifact of no type
            properties = {"Type": FOOTER} if tag != "/Figure" else {}
            operations[index] = pydyf.Dictionary(properties)


_TABLE_PARTS = frozenset(("/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD", "/NonStruct"))


def _layout_table(objects: Any, table: Any) -> None:
    """Tag ``table`` and its rows and cells as ``Div`` when none of its cells is a header (``TH``); a table inside
    it is left to its own turn."""
    parts, todo = [table], [table]
    while todo:
        for kid in todo.pop().get("K", ()):
            element = objects[_number(kid)] if _is_reference(kid) else None
            if element is None or element.get("S") not in _TABLE_PARTS:
                continue
            if element["S"] == "/TH":
                return
            parts.append(element)
            todo.append(element)
    for element in parts:
        if element["S"] != "/NonStruct":
            element["S"] = "/Div"
            element.pop("A", None)


def merge_trees(writer: Any, sources: list[tuple[Any, int]], title: str, lang: str | None) -> None:
    """Give the handbook (pypdf's ``writer``, every page appended) one structure tree made of its parts' trees.

    ``sources``: each part's ``PdfReader`` (the one its pages were appended from) and the index of its first page in
    ``writer``. Each part's tree is cloned under one ``Document`` (pypdf maps its pages and link annotations to the
    copies it appended), its parent tree's keys moved past the parts before it; the catalog gets what WeasyPrint
    gave each part (``/MarkInfo``, ``/DisplayDocTitle``, ``/Lang``) and an XMP packet with the handbook's title."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    kids = document[NameObject("/K")] = ArrayObject()
    document_ref = writer._add_object(document)
    nums = ArrayObject()
    root = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject([document_ref])}
    )
    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    document[NameObject("/P")] = root_ref = writer._add_object(root)
    offset = 0
    for reader, first in sources:
        source = reader.trailer["/Root"].get("/StructTreeRoot")
        if source is None:
            continue
        for part in _kids(source.get_object()):
            for kid in _kids(part.get_object()):
                # "/P" (each element's parent) is left behind: it leads back to the part's own root
                cloned = kid.clone(writer, ignore_fields=("/P",)) if hasattr(kid, "clone") else kid
                _parent(cloned, document_ref)
                kids.append(cloned)
        entries = list(source.get_object()["/ParentTree"].get_object()["/Nums"])
        for key, value in zip(entries[::2], entries[1::2]):
            new_key = NumberObject(int(key) + offset)
            cloned = value.clone(writer, ignore_fields=("/P",))
            nums.extend([new_key, cloned])
            if int(key) < len(reader.pages):
                writer.pages[first + int(key)][NameObject("/StructParents")] = new_key
            else:  # a link annotation's entry: its element holds the annotation
                for kid in _kids(cloned.get_object()):
                    if isinstance(kid.get_object(), DictionaryObject) and "/Obj" in kid.get_object():
                        kid.get_object()["/Obj"].get_object()[NameObject("/StructParent")] = new_key
        offset += max((int(key) for key in entries[::2]), default=-1) + 1
    root[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    if lang:
        catalog[NameObject("/Lang")] = TextStringObject(lang)
    for page in writer.pages:
        page[NameObject("/Tabs")] = NameObject("/S")
    metadata = DecodedStreamObject()
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    metadata.set_data(_xmp(title))
    catalog[NameObject("/Metadata")] = writer._add_object(metadata)


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    return list(kids) if isinstance(kids, list) else [kids]


def _parent(reference: Any, parent: Any) -> None:
    """Set ``/P`` of the structure element at ``reference`` and of every element under it."""
    from pypdf.generic import NameObject

    todo = [(reference, parent)]
    while todo:
        reference, parent = todo.pop()
        element: Any = reference.get_object() if hasattr(reference, "get_object") else None
        if not isinstance(element, dict) or element.get("/Type") not in ("/StructElem", None) or "/S" not in element:
            continue
        element[NameObject("/P")] = parent
        todo.extend((kid, reference) for kid in _kids(element))


def _xmp(title: str) -> bytes:
    """An XMP packet with the handbook's title (``dc:title``), which PDF/UA asks for beside ``/Title``: the one
    WeasyPrint writes for each part (:func:`tidy`), made here without importing WeasyPrint into the build."""
    from xml.sax.saxutils import escape

    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><rdf:Description rdf:about="" pdf:Producer="journeymaps"/>'
        f'<rdf:Description rdf:about=""><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li>'
        '</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>'
    ).encode()
