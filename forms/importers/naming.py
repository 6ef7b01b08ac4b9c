"""Identifiers for imported forms: slugging foreign names and keeping every id unique."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
MAX_ID = 64
_NOT_ID_CHAR = re.compile(r"[^a-z0-9_-]+")
_RUNS = re.compile(r"__+")


def is_id(text: str) -> bool:
    return bool(ID_PATTERN.match(text))


def slug(text: object, limit: int = MAX_ID) -> str:
    """Lower case, anything outside [a-z0-9_-] becomes '_'; tidy ends; '' when nothing is left."""
    out = _NOT_ID_CHAR.sub("_", str(text).strip().lower())
    out = _RUNS.sub("_", out).strip("_-")
    if len(out) > limit:
        # Cut at a word boundary where one is near, so long labels give readable ids.
        cut = out[:limit]
        out = cut.rsplit("_", 1)[0] if "_" in cut[limit // 2:] else cut
        out = out.strip("_-")
    return out


def option_value(text: object) -> str:
    """An option value from a foreign answer code or text: 'o_' before a leading digit."""
    value = slug(text, 40)
    if not value:
        return "option"
    if not value[0].isalpha():
        value = "o_" + value
    return value[:MAX_ID]


def readable(name: str) -> str:
    """'has_disability' -> 'Has disability': a label made from a name, for untitled things."""
    words = re.sub(r"[_\-./]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def unique(value: str, taken: set[str]) -> str:
    """value, or value_2, value_3, ... whichever is free (and still at most 64 characters)."""
    if value not in taken:
        return value
    n = 2
    while True:
        suffix = f"_{n}"
        candidate = value[: MAX_ID - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


class Ids:
    """One namespace for section and field ids: foreign names keep their id when they can.

    Names that are already valid ids are reserved up front, so an id invented for a renamed
    field or a default section never takes a name that a later field rightly holds.
    """

    def __init__(self, reserved: set[str] | None = None) -> None:
        self.taken: set[str] = set()
        self.reserved: set[str] = set(reserved or ())

    def claim(self, name: object, fallback: str = "", prefix: str = "q_") -> str:
        """The id for a foreign name: itself when valid and free, else a slug made unique."""
        raw = "" if name is None else str(name).strip()
        if is_id(raw) and raw not in self.taken:
            self.taken.add(raw)
            return raw
        base = slug(raw)
        if not base or not base[0].isalpha():
            # Numeric codes ('/54126-8', '1.1') make poor ids; the question's words read better.
            base = slug(fallback, 40) or base
            if not base or not base[0].isalpha():
                base = prefix + base if base else prefix.rstrip("_-")
        return self.invent(base[:MAX_ID])

    def invent(self, base: str) -> str:
        value = unique(base, self.taken | self.reserved)
        self.taken.add(value)
        return value
