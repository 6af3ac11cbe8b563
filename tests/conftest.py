"""Shared fixtures: write a handbook's sources into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

Writer = Callable[[str, str], Path]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture
def write(project: Path) -> Writer:
    def _write(rel: str, text: str) -> Path:
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


PERSONA = """
---
type: persona
name: Maya Chen
role: Freelance designer
channels: [email, app]
---
Maya runs a one-person studio.
"""

CEM = """
---
type: cem
title: Customer lifecycle
personas: [maya, raj]
stages:
  - name: Discover
    id: discover
    emotion: {maya: 1, raj: 0}
  - name: Open account
    id: open
    emotion: {maya: -1, raj: -2}
    moment_of_truth: true
---
"""

CJM = """
---
type: cjm
title: Account opening
persona: maya
zooms_into: lifecycle#open
reviewed: 2026-09-30
evidence:
  - {type: interviews, note: 12 interviews}
stages:
  - name: Sign up
    emotion: 1
    touchpoints: [signup-form, {name: Video ID call, channel: app}]
  - name: Verify identity
    emotion: -2
    pain_points: [{title: Call drops, severity: 4}]
---
Body text.
"""
