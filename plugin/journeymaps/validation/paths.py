"""Stage 2, validate: the rules of a stage's alternative paths that no single field sees.

The model checks each path alone (a name, a share in 0..100); here the paths of one stage are checked together:
their shares add up to 100 at most (the main path takes the rest), and no two have the same name.
"""

from __future__ import annotations

from journeymaps.diagnostics import Diagnostic
from journeymaps.sources.frontmatter import SourceDoc
from journeymaps.validation.models import Cem, Cjm
from journeymaps.vocabulary import num

__all__ = ["check_paths"]


def check_paths(model: Cjm | Cem, doc: SourceDoc) -> list[Diagnostic]:
    """One message per stage whose path shares add up to over 100, and per path whose name is taken."""
    out: list[Diagnostic] = []
    for si, stage in enumerate(model.stages):
        if not stage.paths:
            continue
        total = sum(p.share for p in stage.paths if p.share is not None)
        if total > 100:
            parts = " + ".join(num(p.share) for p in stage.paths if p.share is not None)
            out.append(
                Diagnostic(
                    doc.path,
                    doc.line(("stages", si, "paths")),
                    f"stages[{si}].paths",
                    f"the shares add up to {num(total)}% ({parts}), more than 100%; a share is the part of the "
                    "stage's customers who take that path, so lower them (the main path takes the rest)",
                )
            )
        seen: dict[str, int] = {}
        for pi, path in enumerate(stage.paths):
            key = path.name.casefold()
            if key in seen:
                out.append(
                    Diagnostic(
                        doc.path,
                        doc.line(("stages", si, "paths", pi, "name")),
                        f"stages[{si}].paths[{pi}].name",
                        f"the path name '{path.name}' is already used by paths[{seen[key]}] of this stage; "
                        "give each path its own name",
                    )
                )
            else:
                seen[key] = pi
    return out
