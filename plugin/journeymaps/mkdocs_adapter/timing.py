"""Seconds per pipeline stage in one build, for the build's summary line."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

STAGES = ("load", "validate", "resolve", "analyse", "render")


class Timings(dict[str, float]):
    def reset(self) -> None:
        self.clear()

    def add(self, seconds: Mapping[str, float]) -> None:
        for stage, value in seconds.items():
            self[stage] = self.get(stage, 0.0) + value

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[stage] = self.get(stage, 0.0) + time.perf_counter() - start

    def summary(self) -> str:
        own = sum(self.get(k, 0.0) for k in STAGES)
        parts = ", ".join(f"{k} {self.get(k, 0.0):.2f}" for k in STAGES)
        return f"plugin time {own:.2f} s ({parts})"
