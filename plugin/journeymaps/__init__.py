"""journeymaps: customer journey maps as Markdown + YAML, published as a CX handbook.

The pipeline, one subpackage per stage (see ARCHITECTURE.md for the picture)::

    sources -> validation -> catalog -> analysis -> render -> export
    (read)     (models)      (links)    (facts)     (HTML)    (PDF)

with ``interop`` (Mermaid, CSV, scaffolding) and ``history`` (git) beside it,
``pipeline`` the one build entry, ``settings`` the one settings object,
``vocabulary`` the one way numbers are said, and two edges: ``cli`` and
``mkdocs_adapter`` (the only code that imports MkDocs).

The public API is what this module exports; everything else may change.
"""

from journeymaps.diagnostics import Diagnostic, Report, Severity
from journeymaps.handbook import Handbook
from journeymaps.pipeline import Pipeline, build
from journeymaps.settings import Options, Settings
from journeymaps.sources.files import RawPage
from journeymaps.version import __version__

__all__ = [
    "Diagnostic",
    "Handbook",
    "Options",
    "Pipeline",
    "RawPage",
    "Report",
    "Settings",
    "Severity",
    "__version__",
    "build",
]
