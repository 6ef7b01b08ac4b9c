"""A form's items as plain data, for comparing and merging versions (pure): each field with where it sits,
each section with its own keys, and which fields two versions differ in.

`workshops.proposals` (what a proposal changes, and applying accepted ones) and `workshops.rebase`
(the three-way merge item by item) both read forms this way; keeping the readers here lets each of
them import this module without importing the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.reader import read


@dataclass(frozen=True, slots=True)
class Placed:
    """A field's place (section, and repeating group if any) and its own keys, inner fields left out."""

    section: str
    group: str | None
    # The sibling it follows, to put a new field back in the same place. Not compared: removing a
    # neighbour must not count as changing this field.
    after: str | None = field(compare=False)
    values: Mapping[str, Any]

    @property
    def home(self) -> tuple[str, str]:
        """The list it sits in: ("group", id) inside a repeating group, else ("section", id)."""
        return ("group", self.group) if self.group is not None else ("section", self.section)


def plain_data(text: str) -> dict[str, Any]:
    """A form's YAML as plain values, read exactly as the loader reads it (libyaml, bounded, YAML 1.2
    booleans: `yes` stays text, so a merged option `yes` is never written back as `true`)."""
    data = read(text).data
    return data if isinstance(data, dict) else {}


def fields_of(data: Mapping[str, Any]) -> dict[str, Placed]:
    """Every field by id, in reading order, with where it sits; a group's entry leaves out its inner fields."""
    out: dict[str, Placed] = {}

    def walk(fields: Any, section: str, group: str | None) -> None:
        previous = None
        for item in fields if isinstance(fields, list) else ():
            if isinstance(item, dict) and "id" in item:
                values = {k: v for k, v in item.items() if k != "fields"}
                out[str(item["id"])] = Placed(section, group, previous, values)
                walk(item.get("fields"), section, str(item["id"]))
                previous = str(item["id"])

    for section in data.get("sections") or ():
        if isinstance(section, dict):
            walk(section.get("fields"), str(section.get("id")), None)
    return out


def sections_of(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every section by id, in order, with its own keys (title, intro) and not its fields."""
    return {str(s.get("id")): {k: v for k, v in s.items() if k not in ("id", "fields")}
            for s in data.get("sections") or () if isinstance(s, dict)}


def touched(base: Mapping[str, Placed], new: Mapping[str, Placed]) -> list[str]:
    """Field ids added, removed or changed (including moved) between two field maps."""
    return sorted(fid for fid in set(base) | set(new) if base.get(fid) != new.get(fid))
