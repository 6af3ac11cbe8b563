"""Ids: the pattern every id follows, and slugs that default ids are made from."""

from __future__ import annotations

import re
import unicodedata

from journeymaps.validation.fields import ID_RE

MAX_ID = 64


# Latin letters that Unicode does not decompose into a base letter and a mark (NFKD keeps them whole, and the
# ASCII fold would drop them): "Łukasz Żak" is lukasz-zak, not ukasz-zak.
_LATIN = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
        "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "Ɖ": "D", "ɖ": "d",
        "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th",
        "ı": "i", "ĸ": "k", "ƒ": "f",
    }
)  # fmt: skip


def slugify(text: str) -> str:
    """``"Video ID call"`` -> ``"video-id-call"``; accents folded, other Latin letters spelled in ASCII (Ł is l, ß
    is ss, Æ is ae); may be empty for non-Latin text."""
    folded = unicodedata.normalize("NFKD", text.translate(_LATIN)).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:MAX_ID].rstrip("-")


def is_valid_id(value: str) -> bool:
    return bool(ID_RE.match(value))


def id_hint(value: str) -> str:
    """The explanation given with an invalid id, with a valid suggestion when one can be made."""
    hint = (
        "ids use lower-case letters, digits and hyphens, start with a letter or digit, and have at most 64 characters"
    )
    slug = slugify(value)
    if slug and slug != value:
        hint += f"; try '{slug}'"
    return hint
