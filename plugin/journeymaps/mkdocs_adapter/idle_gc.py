"""Python's full garbage collection between ``mkdocs serve`` rebuilds, while the author reads, not during them.

Under serve the plugin keeps the handbook from one rebuild to the next (over a million objects at 1,000 maps), and
MkDocs makes a new site structure on every rebuild; Python's collector then makes a full collection, over all of
them, during nearly every rebuild: 0.2 to 0.4 s of a 1.5 s one-stage edit at 1,000 maps (measured with
``gc.callbacks``). Here, a pause after a rebuild ends (the page has reloaded by then), everything is collected once
and what is left is frozen (:func:`gc.freeze`): the collections during the next rebuild look only at the objects it
makes (0.05 s). What that rebuild leaves as garbage among the frozen objects (the last site structure, a replaced
map) is collected at the next pause: frozen, it is only kept a little longer, never lost, and memory stays bounded
by one rebuild's garbage. A rebuild that starts during the pause cancels it (the collector then works as usual);
``on_shutdown`` unfreezes everything. ``mkdocs build`` is untouched.
"""

from __future__ import annotations

import gc
import threading

__all__ = ["IDLE_SECONDS", "IdleCollector"]

IDLE_SECONDS = 2.0
"""How long after a rebuild the collection runs: after MkDocs has written the last files and the browser has
reloaded the page (both well under a second at 1,000 maps), before a person has read it and saved again."""


class IdleCollector:
    """Full collections between builds (see the module's docstring). ``build_started`` and ``build_ended`` are
    called by the build's thread; the collection runs on a timer thread."""

    def __init__(self, delay: float = IDLE_SECONDS) -> None:
        self.delay = delay
        self.collections = 0
        """Idle collections made (tests, benchmarks)."""
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._building = False

    def build_started(self) -> None:
        with self._lock:  # waits for a collection under way: the build would have paid for it anyway
            self._building = True
            self._cancel()

    def build_ended(self) -> None:
        with self._lock:
            self._building = False
            self._cancel()
            self._timer = threading.Timer(self.delay, self.collect)
            self._timer.daemon = True  # never keeps a stopping serve alive
            self._timer.start()

    def collect(self) -> bool:
        """Collect everything, then freeze what is alive; False (nothing done) while a build runs."""
        with self._lock:
            if self._building:
                return False
            self._cancel()  # called directly (tests): the pending one is not needed
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.collections += 1
            return True

    def close(self) -> None:
        """Serve stops: no collection pending, nothing left frozen."""
        with self._lock:
            self._cancel()
            if self.collections:
                gc.unfreeze()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
