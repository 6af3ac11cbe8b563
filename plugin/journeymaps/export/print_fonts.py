"""The print font: the web's Roboto, from the package's own files, ready for WeasyPrint.

The package ships the fonts as WOFF2 (what browsers want). WeasyPrint decompresses a WOFF2 face with fontTools,
in pure Python, each time a font configuration loads it: about 0.2 s per face, 14 faces, in every PDF worker. So
the faces are decompressed once, to TrueType files in the build's cache (``fonts/``, named by the WOFF2 file's
hash), and the workers are handed those bytes; the PDFs are the same bytes either way.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

FONT_URL = "https://journeymaps.invalid/fonts/"
"""Where print CSS finds the package's own fonts (:func:`fonts_css`); the only URL a PDF reads."""
FONT_DIR = Path(__file__).resolve().parent.parent / "templates" / "assets" / "journeymaps" / "fonts"
_FONT_FILE = re.compile(r"^[a-z0-9-]+\.woff2$")
_SFNT: dict[str, bytes] = {}
"""This process's decompressed faces, by WOFF2 file name (set by :func:`use_faces` in each worker)."""


def fonts_css(css: str) -> str:
    """The package's fonts.css with its ``url()``s pointing at :data:`FONT_URL`."""
    return re.sub(r'url\("(?!https?:)([^"]+)"\)', lambda m: f'url("{FONT_URL}{m.group(1)}")', css)


def decompressed_faces(cache: Path | None) -> dict[str, bytes]:
    """Every packaged face as TrueType bytes, by WOFF2 file name: from ``cache`` when it has them intact, else
    decompressed (and kept there when the folder can be written). A kept face ends with the SHA-256 of its bytes:
    an emptied, cut or garbled file is decompressed again, never handed to WeasyPrint (which would print the PDFs
    in another font without a word)."""
    from fontTools.ttLib import woff2  # type: ignore[import-untyped]

    faces = {}
    for source in sorted(FONT_DIR.glob("*.woff2")):
        data = source.read_bytes()
        kept = cache / f"{source.stem}-{hashlib.sha256(data).hexdigest()[:16]}.sfnt" if cache else None
        found = _intact(kept)
        if found is not None:
            faces[source.name] = found
            continue
        out = io.BytesIO()
        woff2.decompress(io.BytesIO(data), out)
        faces[source.name] = out.getvalue()
        if kept is not None:
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                scratch = kept.with_suffix(f".{os.getpid()}.tmp")
                scratch.write_bytes(faces[source.name] + hashlib.sha256(faces[source.name]).digest())
                os.replace(scratch, kept)
            except OSError:
                pass  # a read-only cache: decompressed again next time, nothing lost
    return faces


def _intact(kept: Path | None) -> bytes | None:
    """The face kept at ``kept``, if it is there and its bytes are the ones its digest names."""
    try:
        blob = kept.read_bytes() if kept is not None else b""
    except OSError:
        return None
    face, digest = blob[:-32], blob[-32:]
    return face if face and hashlib.sha256(face).digest() == digest else None


def use_faces(faces: dict[str, bytes]) -> None:
    """This process serves ``faces`` (from :func:`decompressed_faces`) instead of the WOFF2 files."""
    _SFNT.clear()
    _SFNT.update(faces)


def _data(url: str) -> tuple[bytes, str] | None:
    """(bytes, type) of a ``data:`` URL (a storyboard picture the document embeds), or None for any other."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    head, _, payload = url[5:].partition(";base64,")
    return base64.b64decode(payload), head or "application/octet-stream"


def font(url: str) -> bytes:
    """PDFs are made offline from the sources alone: nothing is fetched (no network, no files) but the
    package's own fonts (and what the document holds itself, as ``data:`` URLs: see :func:`fetcher`)."""
    if url.startswith(FONT_URL) and _FONT_FILE.match(name := url[len(FONT_URL) :]):
        if name in _SFNT:
            return _SFNT[name]
        path = FONT_DIR / name
        if path.is_file():
            return path.read_bytes()
    raise ValueError(f"not fetched (PDFs use no external resources): {url[:80]}")


def fetcher() -> Any:
    """The URL fetcher of :func:`font` in the shape this WeasyPrint wants (a URLFetcher in recent versions, a
    function before)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcherResponse"):

        class Fetcher(urls.URLFetcher):  # type: ignore[misc,name-defined,unused-ignore]
            def fetch(self, url: str, headers: object = None) -> Any:
                data = _data(url)
                if data is not None:
                    return urls.URLFetcherResponse(url, data[0], {"Content-Type": data[1]})
                return urls.URLFetcherResponse(url, font(url), {"Content-Type": "font/ttf"})

        return Fetcher()

    def fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
        data = _data(url)
        if data is not None:
            return {"string": data[0], "mime_type": data[1]}
        return {"string": font(url), "mime_type": "font/ttf"}

    return fetch
