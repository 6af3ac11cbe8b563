"""Fault injection on the caches (issue 15): what a crash, a full disk or another tool leaves in
``.cache/journeymaps`` (truncated, empty and foreign entries, a folder that cannot be written) is a miss that is
made again, never a failed build; the PDFs come out byte-identical to a clean build."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BuildResult, copy_of
from journeymaps.sources.parse_cache import FILE_NAME
from test_pdf import PDF_CONFIG, clean_build

pytest.importorskip("weasyprint")
PdfReader = pytest.importorskip("pypdf").PdfReader


def site_pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "pdf").rglob("*.pdf"))}


def entries(cache: Path) -> dict[str, Path]:
    """The cached PDFs by document title."""
    return {str(PdfReader(p).metadata.title): p for p in sorted(cache.glob("*.pdf"))}


def test_damaged_pdf_cache_entries_are_misses(
    project: Path, build: Callable[..., BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    clean = clean_build(tmp_path_factory)  # test_pdf's handbook with PDFs, from an empty cache
    assert clean.code == 0, clean.output
    expected = site_pdfs(clean.site)
    clean = BuildResult(clean.code, clean.output, copy_of(clean.site.parent, project) / "site")
    assert len(expected) == 6  # 2 personas, 3 maps, the handbook
    cache = project / ".cache" / "journeymaps" / "pdf"
    # every entry is a PDF and a sidecar that vouches for its bytes; nothing half-written is left
    for pdf in cache.glob("*.pdf"):
        facts = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        assert facts["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest() and facts["pages"] >= 1
    assert list(cache.glob("*.tmp")) == []

    by_title = entries(cache)
    opening = by_title["Account opening"]
    opening.write_bytes(opening.read_bytes()[: opening.stat().st_size // 2])  # truncated PDF, sidecar intact
    by_title["Maya Chen"].with_suffix(".json").write_text("", encoding="utf-8")  # empty sidecar
    lifecycle = by_title["Customer lifecycle"]
    lifecycle.write_bytes(b"%PDF-1.7\nnot a PDF at all\n")  # a foreign PDF with the old sidecar format
    lifecycle.with_suffix(".json").write_text('{"pages": 1}', encoding="utf-8")
    book = next(cache.glob("handbook-*.pdf"))
    book.write_bytes(b"")  # an empty handbook and a sidecar that is not ours
    book.with_suffix(".json").write_text('{"pages": "many"}', encoding="utf-8")
    (project / ".cache" / "journeymaps" / FILE_NAME).write_bytes(b"\xe3truncated")  # the parse cache too
    for site_pdf in (clean.site / "pdf").rglob("*.pdf"):
        site_pdf.unlink()

    healed = build("--strict", config=PDF_CONFIG)
    assert healed.code == 0, healed.output
    assert "Traceback" not in healed.output
    # 3 damaged entries rendered again; 2 entities and the handbook's 3 report sections reused
    assert "rendered 3, reused 5" in healed.output and "assembled in" in healed.output
    assert site_pdfs(healed.site) == expected
    warm = build("--strict", config=PDF_CONFIG)  # and the healed cache is whole again
    assert "rendered 0, reused 8" in warm.output and "reused)" in warm.output, warm.output
    assert site_pdfs(warm.site) == expected


def test_a_pdf_cache_folder_that_cannot_be_written(
    project: Path, build: Callable[..., BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    clean = clean_build(tmp_path_factory)  # test_pdf's handbook with PDFs, from an empty cache
    assert clean.code == 0, clean.output
    expected = site_pdfs(clean.site)
    clean = BuildResult(clean.code, clean.output, copy_of(clean.site.parent, project) / "site")
    cache = project / ".cache" / "journeymaps" / "pdf"
    for file in cache.iterdir():
        file.unlink()
    cache.rmdir()
    cache.write_text("a file where the cache folder goes (root ignores read-only folders)", encoding="utf-8")
    for site_pdf in (clean.site / "pdf").rglob("*.pdf"):
        site_pdf.unlink()

    blocked = build("--strict", config=PDF_CONFIG)
    assert blocked.code == 0, blocked.output
    assert "Traceback" not in blocked.output
    lines = [line for line in blocked.output.splitlines() if "the PDF cache cannot be written" in line]
    assert len(lines) == 1 and str(cache) in lines[0], blocked.output
    assert "rendered 8, reused 0" in blocked.output  # 5 entities and the handbook's 3 report sections
    assert site_pdfs(blocked.site) == expected
    assert cache.is_file()  # left as it was


def test_a_damaged_font_cache_is_decompressed_again_never_used(tmp_path: Path) -> None:
    """The print font's faces kept in the cache, emptied, cut short or overwritten: each is made again from the
    packaged WOFF2 (the same bytes, a font fontTools reads), so no PDF is printed in a fallback font."""
    import io

    from fontTools.ttLib import TTFont

    from journeymaps.export.print_fonts import decompressed_faces

    fresh = decompressed_faces(None)
    assert fresh and decompressed_faces(tmp_path) == fresh
    kept = sorted(tmp_path.iterdir())
    assert len(kept) == len(fresh)
    damage = [b"", b"garbage", kept[2].read_bytes()[:-100], b"\0" * 32 + hashlib.sha256(b"\0" * 32).digest()[:-1]]
    for path, bad in zip(kept, damage, strict=False):
        path.write_bytes(bad)
    faces = decompressed_faces(tmp_path)
    assert faces == fresh
    for data in faces.values():
        assert TTFont(io.BytesIO(data))["name"].getDebugName(1)  # a font, with its family name
    assert decompressed_faces(tmp_path) == fresh  # and kept again, intact
    assert all(path.read_bytes()[:-32] in fresh.values() for path in kept)
