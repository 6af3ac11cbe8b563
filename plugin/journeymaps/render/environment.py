"""The template environment: autoescaped Jinja, site overrides first.

Templates are looked up in the site's own folders first (a material
``custom_dir`` such as ``themes/``), then in the package's ``templates/``,
so a site overrides any of them by putting a file at the same path.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_ICON_NAME = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")


def make_environment(override_dirs: Sequence[Path] = ()) -> Environment:
    dirs = [str(d) for d in override_dirs if Path(d).is_dir()] + [str(PACKAGE_TEMPLATES)]
    env = Environment(
        loader=FileSystemLoader(dirs),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # compiled once per build (an environment is made per build, so serve still sees edits)
    )
    env.filters["signed"] = signed
    return env


def signed(value: float | None) -> str:
    """``1`` -> ``+1``, ``-0.5`` -> ``-0.5``, ``0`` -> ``0``; None -> em dash."""
    if value is None:
        return "\u2014"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return f"+{text}" if value > 0 and not text.startswith("+") else text


class Icons:
    """Material design icons as inline SVG, read once from the theme's icon folders."""

    def __init__(self, folders: Sequence[Path] = ()) -> None:
        self.folders = [Path(f) for f in folders]

    def __call__(self, name: str) -> Markup:
        return _icon(tuple(self.folders), name)


@lru_cache(maxsize=512)
def _icon(folders: tuple[Path, ...], name: str) -> Markup:
    if not _ICON_NAME.match(name or ""):
        return Markup("")
    for folder in folders:
        file = folder / f"{name}.svg"
        if file.is_file():
            svg = file.read_text(encoding="utf-8")
            return Markup(svg.replace("<svg ", '<svg class="jm-icon" aria-hidden="true" focusable="false" ', 1))
    return Markup("")
