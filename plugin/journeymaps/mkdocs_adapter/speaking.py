"""The build speaks the site's language: each event of the plugin that renders runs inside ``i18n.use``.

MkDocs calls the plugin once per event, so the language is chosen again around each one (a context variable:
nothing is left selected between events, or after the build, for other code in the process)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from journeymaps import i18n

F = TypeVar("F", bound=Callable[..., Any])


def speaking(event: F) -> F:
    """Run the plugin's ``event`` in the language of its settings (English before ``on_config`` made them)."""

    @functools.wraps(event)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        speech = getattr(self, "_speech", None)
        if speech is None:
            return event(self, *args, **kwargs)
        with i18n.use(speech):
            return event(self, *args, **kwargs)

    return run  # type: ignore[return-value]
