"""The handbook: what one build knows, from the loaded pages to the analysis.

A plain data type, made by :func:`journeymaps.pipeline.build` and read by
every later stage (render, export, the diff); it holds no build logic itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymaps.analysis.facts import Analysis
from journeymaps.catalog.resolve import Catalog
from journeymaps.diagnostics import Report
from journeymaps.sources.frontmatter import SourceDoc

__all__ = ["Handbook"]


@dataclass
class Handbook:
    catalog: Catalog
    analysis: Analysis
    docs: dict[str, SourceDoc]
    """Every loaded page, entity or not, by src_uri."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per pipeline stage."""
    parsed: int = 0
    """Pages parsed by this build (the others came from a cache)."""

    @property
    def report(self) -> Report:
        """Every diagnostic of the build."""
        return self.catalog.report
