"""Reading single YAML values for `forms.schema`: keys, kinds, true/false, numbers, words, ids and lists.

`ValueReader` holds the state every part of the builder shares (the issues found, the form's
languages, texts in other languages waiting for their object) and reports each problem where it
is written. The readers built on it: `forms.schema_languages` (texts, in one language or several),
`forms.schema_field_keys` (options, conditions, examples, bounds), `forms.schema_workflows`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import MappingProxyType

from forms import vocabulary as V
from forms.errors import Code, Issue, shown
from forms.reader import LocList, LocMap
from forms.suggest import closest, did_you_mean

_KIND_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text", type(None): "empty"}


def kind_of(value: object) -> str:
    if isinstance(value, LocMap):
        return "a mapping"
    if isinstance(value, LocList):
        return "a list"
    name = _KIND_NAMES.get(type(value), type(value).__name__)
    return f"{name} ({value!r})" if isinstance(value, (bool, int, float)) else name


class ValueReader:
    """The shared state of one build, and readers of single values."""

    __slots__ = ("issues", "languages", "languages_broken", "tag_locs", "translated")

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.languages: tuple[str, ...] | None = None  # a form's declared languages; None: none declared
        self.languages_broken = False
        # Texts in the other languages, by the mapping (its id) of the object they belong to.
        self.translated: dict[int, list[tuple[str, str, str]]] = {}
        # Where each of those texts is written ("label:cy" → line, column), so lints in that language point at it.
        self.tag_locs: dict[int, dict[str, tuple[int, int]]] = {}

    def report(self, code: Code, at: tuple[int, int], **facts: object) -> None:
        self.issues.append(code.issue("", at[0], at[1], **facts))

    def check_keys(self, m: LocMap, allowed: Sequence[str], required: Sequence[str], owner: str) -> None:
        if len(m.keys() - set(allowed)):
            for key in m:
                if key not in allowed:
                    match = closest(key, allowed)
                    fix = f"Rename it '{match}'." if match else f"Remove it, or use one of: {', '.join(allowed)}."
                    self.report(Code.SCHEMA_UNKNOWN_KEY, m.key_at(key), key=key, owner=owner,
                                suggestion=f". Did you mean '{match}'?" if match else "", fix=fix)
        for key in required:
            if key not in m:
                self.report(Code.SCHEMA_MISSING_KEY, (m.line, m.column), key=key, owner=owner,
                            example=V.EXAMPLES.get(key, "..."))

    def boolean(self, m: LocMap, key: str, owner: str, default: bool) -> bool:
        value = m.get(key, default)
        if isinstance(value, bool):
            return value
        if value is None:
            return default
        words = ("yes", "no", "on", "off", "y", "n")
        hint = " ('yes' and 'no' are read as text)" if str(value).lower() in words else ""
        self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="true or false",
                    found=kind_of(value), fix=f"Write '{key}: true' or '{key}: false'{hint}.")
        return default

    def integer(self, m: LocMap, key: str, owner: str, minimum: int = 0) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner,
                        expected=f"a whole number of {minimum} or more", found=kind_of(value),
                        fix=f"Write a whole number, for example '{key}: {max(minimum, 1)}'.")
            return None
        return value

    def number(self, m: LocMap, key: str, owner: str) -> float | int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="a finite number",
                        found=kind_of(value), fix=f"Write a number, for example '{key}: 0'.")
            return None
        return value

    def budget(self, m: LocMap, owner: str) -> float | None:
        """`budget_minutes`: a number of minutes above zero, or nothing."""
        value = self.number(m, "budget_minutes", owner)
        if value is not None and not value > 0:
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("budget_minutes"), key="budget_minutes", owner=owner,
                        expected="a number of minutes above 0", found=kind_of(value),
                        fix="Write the practitioner minutes it may take at most, for example 'budget_minutes: 20'.")
            return None
        return value

    def one_of(self, m: LocMap, key: str, allowed: Sequence[str], default: str | None) -> str | None:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or value not in allowed:
            self.report(Code.SCHEMA_NOT_ALLOWED, m.value_at(key), key=key, value=shown(value),
                        suggestion=did_you_mean(value, allowed), allowed=", ".join(allowed))
            return default
        return value

    def ident(self, value: object, at: tuple[int, int]) -> str:
        if isinstance(value, str) and V.ID_PATTERN.fullmatch(value):
            return value
        text = "" if value is None else str(value)
        # Only words get a suggestion: a slug made from a mapping's repr would be nonsense.
        suggestion = f", for example '{V.slug(text)}'" if isinstance(value, (str, int, float)) and text else ""
        self.report(Code.ID_BAD, at, value=shown(value if isinstance(value, (str, dict, list)) else text),
                    suggestion=suggestion)
        return text

    def ident_key(self, m: LocMap, key: str) -> str:
        if key not in m:
            return ""
        return self.ident(m[key], m.value_at(key))

    def id_list(self, m: LocMap, key: str, owner: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="a list",
                        found=kind_of(value), fix=f"Write '{key}: [first, second]'.")
            return ()
        return tuple(self.ident(item, value.at(i)) for i, item in enumerate(value))

    def mappings(self, m: LocMap, key: str, owner: str, what_one: str) -> list[tuple[LocMap, tuple[int, int]]]:
        """The list of mappings under a key (sections, fields, steps), reporting anything else."""
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected=f"a list of {key}",
                        found=kind_of(value), fix=f"Write each {what_one} as an item starting with '- id:'.")
            return []
        if not value:
            self.report(Code.FORM_EMPTY, m.value_at(key), owner=owner, what=key, what_one=what_one)
        out = []
        for i, item in enumerate(value):
            if isinstance(item, LocMap):
                out.append((item, value.at(i)))
            else:
                self.report(Code.SCHEMA_WRONG_KIND, value.at(i), key=key, owner=owner,
                            expected=f"a mapping ({what_one} with 'id:' and other keys)", found=kind_of(item),
                            fix=f"Write the {what_one} as keys, e.g. '- id: ...' on one line and the rest below.")
        return out

    def locs(self, m: LocMap) -> MappingProxyType:
        """Where each key's value is written; for a text in several languages also each translation's
        place, as "label:cy" (call it after the mapping's texts are read)."""
        tagged = self.tag_locs.pop(id(m), None)
        return MappingProxyType({**m.value_marks, **tagged} if tagged else m.value_marks)

    def version(self, m: LocMap) -> int:
        value = m.get("version", 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report(Code.FORM_VERSION, m.value_at("version"), found=kind_of(value))
            return 1
        return value
