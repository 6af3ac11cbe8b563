"""journeymaps: customer journey maps as Markdown + YAML, published as a CX handbook.

The pipeline, one module per stage (only :mod:`journeymaps.mkdocs_adapter`
imports MkDocs):

    load      -> :mod:`journeymaps.sources.frontmatter`      frontmatter with line positions
    validate  -> :mod:`journeymaps.validation.validate`  typed models (:mod:`journeymaps.validation.models`)
    resolve   -> :mod:`journeymaps.catalog.resolve`   the catalog of cross-references
    analyse   -> :mod:`journeymaps.analysis.facts`   health, comparisons, rankings
    render    -> :mod:`journeymaps.render`    templates and SVG
    export    -> :mod:`journeymaps.export`    PDF (optional dependency)

:func:`journeymaps.pipeline.build_catalog` runs load -> analyse for a docs folder.
"""

__version__ = "0.1.0"
