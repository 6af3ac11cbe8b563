"""The template environment: autoescaped Jinja, site overrides first, the vocabulary registered once.

Templates are looked up in the site's own folders first (a material
``custom_dir`` such as ``themes/``), then in the package's ``templates/``,
so a site overrides any of them by putting a file at the same path. The
handbook's vocabulary (:mod:`journeymaps.vocabulary`) is there as filters and
globals: ``signed``, ``number``, ``day``, ``emotion_word``, ``emotion_level``, ``priority``; ``language()`` is
the language spoken (for ``lang`` attributes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from journeymaps import i18n, vocabulary
from journeymaps.render.palette import series_style

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
        extensions=["jinja2.ext.i18n"],
    )
    # ``{{ _("...") }}`` in templates: the same catalogue as the Python code (journeymaps.i18n), looked up at call
    # time, so one environment serves whichever language is active
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _template_gettext,
        _template_ngettext,
        newstyle=True,
    )
    env.globals["gettext"] = env.globals["_"] = _cached_gettext()
    env.globals["ngettext"] = _ngettext
    for name in VOCABULARY:
        env.filters[name] = env.globals[name] = getattr(vocabulary, name)
    env.globals["language"] = i18n.language  # ``<html lang="{{ language() }}">``: the language spoken now
    env.globals["series_style"] = series_style  # a curve series' colour, dash and marker (a legend's line)
    env.filters["one_byte"] = one_byte
    return env


def one_byte(text: str) -> Markup:
    """HTML (``text`` escaped unless it is markup already) with its characters beyond Latin-1 written as references
    (``›`` as ``&#8250;``): it reads the same, and Python keeps a page made of it at one byte a character instead of
    two (the backlog of a 1,000-map handbook is 4.8 million characters; one ``›`` doubles it)."""
    html = escape(text)
    if html.isascii() or max(html) <= "\xff":
        return html
    return Markup(html.encode("latin-1", "xmlcharrefreplace").decode("latin-1"))


def _template_gettext(message: str) -> str:
    """A template's words: the catalogue's as they are (HTML the translators wrote, e.g. ``&amp;``), a site's own
    ``strings`` as text (Jinja marks what gettext returns as safe HTML: a ``<`` of the site's is escaped here)."""
    own = getattr(i18n.active(), "strings", {}).get(message)
    return escape(own) if own is not None else i18n.active().gettext(message)


def _cached_gettext() -> Any:
    """Jinja's new-style ``_()`` for templates (the same result as ``jinja2.ext``'s), made cheaper for a large
    build: the words without placeholders, or with whole numbers only, are looked up once per language and
    environment (a grid says "Actions", "Pain points"... in every cell of every map), and it takes the evaluation
    context, not the template context (Jinja copies the template context for each call of a function that takes
    it inside a loop)."""
    seen: dict[tuple[object, ...], Markup] = {}  # the catalogue itself in the key: kept alive

    @pass_eval_context
    def gettext(__eval: EvalContext, __string: str, **variables: Any) -> Any:
        if variables and not all(type(v) is int for v in variables.values()):  # words with text: not kept
            return _format(__eval, _template_gettext(__string), variables)
        key = (i18n.active(), __eval.autoescape, __string, *variables.items())  # "sev %(n)s/5": a few n each
        found = seen.get(key)
        if found is None:
            found = seen[key] = _format(__eval, _template_gettext(__string), variables)
        return found

    return gettext


@pass_eval_context
def _ngettext(__eval: EvalContext, __singular: str, __plural: str, __num: int, **variables: Any) -> Any:
    """Jinja's new-style ``ngettext`` for templates, taking the evaluation context (see :func:`_cached_gettext`)."""
    variables.setdefault("num", __num)
    return _format(__eval, _template_ngettext(__singular, __plural, __num), variables)


def _format(eval_ctx: EvalContext, text: str, variables: dict[str, Any]) -> Any:
    """As ``jinja2.ext`` does: the words are HTML when autoescaping, and always a format string."""
    return (Markup(text) if eval_ctx.autoescape else text) % variables


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    own = getattr(i18n.active(), "strings", {}).get(singular if n == 1 else plural)
    return escape(own) if own is not None else i18n.active().ngettext(singular, plural, n)


VOCABULARY = (
    "signed",
    "number",
    "metric",
    "day",
    "emotion_word",
    "emotion_level",
    "priority",
    "weight_word",
    "ownership_word",
    "ticket_key",
    "isolate",
)
"""What templates say about numbers and dates: the same words, numbers and dates on every page and in every PDF,
in the active language (``{{ review.reviewed|day }}``, ``{{ mean|number }}``)."""


class Icons:
    """Material design icons as inline SVG, from the theme's icon folders: each read once per build (a new
    ``Icons`` per build, so ``serve`` sees an icon a site adds or changes)."""

    def __init__(self, folders: Sequence[Path] = ()) -> None:
        self.folders = [Path(f) for f in folders]
        self._read: dict[str, Markup] = {}

    def __call__(self, name: str) -> Markup:
        found = self._read.get(name)
        if found is None:
            found = self._read[name] = self._find(name)
        return found

    def _find(self, name: str) -> Markup:
        if not _ICON_NAME.match(name or ""):
            return Markup("")
        for folder in self.folders:
            file = folder / f"{name}.svg"
            if file.is_file():
                svg = file.read_text(encoding="utf-8")
                return Markup(svg.replace("<svg ", '<svg class="jm-icon" aria-hidden="true" focusable="false" ', 1))
        return Markup("")
