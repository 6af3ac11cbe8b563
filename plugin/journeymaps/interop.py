"""From the resolved catalog to the interchange formats (Mermaid text); used by the map page and the CLI."""

from __future__ import annotations

from .mermaid import Export, Section, journey_text
from .models import Cem, Cjm
from .resolve import Catalog


def mermaid_of_map(catalog: Catalog, map_id: str) -> Export:
    """The map as a Mermaid journey: actors are the personas' names."""
    from .analyse import emotion_series

    v = catalog.maps[map_id]
    model = v.model
    assert isinstance(model, (Cjm, Cem))
    names = {pid: (catalog.personas[pid].title if pid in catalog.personas else pid) for pid in v.personas}
    series = emotion_series(model, v.personas)
    sections = [Section(stage.name, tuple(stage.actions), {names.get(pid, pid) or "Customer": values[i]
                                                           for pid, values in series.items()})
                for i, stage in enumerate(model.stages)]
    return journey_text(model.title, sections)
