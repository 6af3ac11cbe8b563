"""The link policy of rendered pages: relative links on the site, absolute ones in PDFs of a site with a URL."""

from __future__ import annotations

from dataclasses import dataclass

from journeymaps.catalog.urls import relative_url

__all__ = ["Links"]


@dataclass(frozen=True)
class Links:
    """How a page links to another: relative to the page (the site, and PDFs of a site without ``site_url``),
    or ``absolute_base + url`` (PDFs of a site with one, so links work wherever the file is opened)."""

    absolute_base: str | None = None

    def __call__(self, page_url: str, target_url: str | None) -> str | None:
        if target_url is None:
            return None
        if self.absolute_base is not None:
            return self.absolute_base.rstrip("/") + "/" + target_url.lstrip("/")
        return relative_url(target_url, page_url)
