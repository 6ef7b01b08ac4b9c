"""Applying accepted proposals to make the next version, as pure functions (CODESIGN.md decision 7).

A proposal is a whole proposed form; what it changes is read field by field against its own base.
One proposal on the current version is taken as written. Several are merged: each one's changed
fields are applied to the current text with the round-trip editor (so comments and layout
survive), and two proposals that change the same field, or a proposal that changes sections or
the form's own keys alongside others, are reported as conflicts rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.editing import Editor
from forms.reader import read

_FRAME_IGNORED = ("version", "status", "sections")


@dataclass(frozen=True, slots=True)
class Accepted:
    """An accepted proposal: its id, the text of the version it was made against, and its text."""

    id: int
    base_text: str
    text: str


@dataclass(frozen=True, slots=True)
class Conflict:
    first: int
    second: int
    what: str


@dataclass(frozen=True, slots=True)
class Merged:
    """The next version's text (None when there are conflicts) and the fields each proposal shaped."""

    text: str | None
    conflicts: tuple[Conflict, ...] = ()
    shaped: Mapping[int, tuple[str, ...]] = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class _Placed:
    section: str
    group: str | None
    # The sibling it follows, to put a new field back in the same place. Not compared: removing a
    # neighbour must not count as changing this field.
    after: str | None = field(compare=False)
    values: Mapping[str, Any]


def plain_data(text: str) -> dict[str, Any]:
    """A form's YAML as plain values, read exactly as the loader reads it (libyaml, bounded, YAML 1.2
    booleans: `yes` stays text, so a merged option `yes` is never written back as `true`)."""
    data = read(text).data
    return data if isinstance(data, dict) else {}


def fields_of(data: Mapping[str, Any]) -> dict[str, _Placed]:
    """Every field by id with where it sits; a group's own entry leaves out its inner fields."""
    out: dict[str, _Placed] = {}

    def walk(fields: Any, section: str, group: str | None) -> None:
        previous = None
        for item in fields if isinstance(fields, list) else ():
            if isinstance(item, dict) and "id" in item:
                values = {k: v for k, v in item.items() if k != "fields"}
                out[str(item["id"])] = _Placed(section, group, previous, values)
                walk(item.get("fields"), section, str(item["id"]))
                previous = str(item["id"])

    for section in data.get("sections") or ():
        if isinstance(section, dict):
            walk(section.get("fields"), str(section.get("id")), None)
    return out


def frame_of(data: Mapping[str, Any]) -> tuple[object, ...]:
    """Everything that is not a field: the form's own keys and its sections' ids, titles and intros."""
    keys = tuple(sorted((k, repr(v)) for k, v in data.items() if k not in _FRAME_IGNORED))
    sections = tuple((s.get("id"), s.get("title"), s.get("intro")) for s in data.get("sections") or ()
                     if isinstance(s, dict))
    return keys, sections


def touched(base: Mapping[str, _Placed], new: Mapping[str, _Placed]) -> list[str]:
    """Field ids added, removed or changed (including moved) between two field maps."""
    return sorted(fid for fid in set(base) | set(new) if base.get(fid) != new.get(fid))


def with_version(text: str, version: int) -> str:
    editor = Editor(text)
    editor.data["version"] = version
    return editor.text


def merge(current_text: str, accepted: Sequence[Accepted], version: int) -> Merged:
    """The next version made from the current text and the accepted proposals, or the conflicts."""
    if len(accepted) == 1 and accepted[0].base_text == current_text:
        only = accepted[0]
        shaped = touched(fields_of(plain_data(only.base_text)), fields_of(plain_data(only.text)))
        return Merged(with_version(only.text, version), (), {only.id: tuple(shaped)})
    claimed: dict[str, int] = {}
    conflicts: list[Conflict] = []
    plans: list[tuple[Accepted, dict[str, _Placed], dict[str, _Placed], list[str]]] = []
    for proposal in accepted:
        base_data, new_data = plain_data(proposal.base_text), plain_data(proposal.text)
        if frame_of(base_data) != frame_of(new_data):
            other = next((p.id for p in accepted if p.id != proposal.id), proposal.id)
            what = ("sections or the form's own details (these are published one proposal at a time, on the "
                    "version they were made from)")
            conflicts.append(Conflict(min(proposal.id, other), max(proposal.id, other), what))
            continue
        base, new = fields_of(base_data), fields_of(new_data)
        ids = touched(base, new)
        for fid in ids:
            if fid in claimed:
                conflicts.append(Conflict(claimed[fid], proposal.id, f"the field '{fid}'"))
            else:
                claimed[fid] = proposal.id
        plans.append((proposal, base, new, ids))
    if conflicts:
        return Merged(None, tuple(conflicts), {})
    editor = Editor(current_text)
    for _proposal, base, new, ids in plans:
        _apply(editor, base, new, ids)
    editor.data["version"] = version
    return Merged(editor.text, (), {p.id: tuple(ids) for p, _b, _n, ids in plans})


def _apply(editor: Editor, base: Mapping[str, _Placed], new: Mapping[str, _Placed], ids: list[str]) -> None:
    current = set(fields_of(editor.data))
    for fid in ids:
        if fid in base and fid not in new and fid in current:
            editor.remove_field(fid)
    for fid in ids:
        if fid not in new:
            continue
        placed = new[fid]
        if fid not in base:
            if placed.group is not None and placed.group not in base:
                continue  # it comes with its new group, added whole below
            values = dict(placed.values)
            if placed.values.get("type") == "repeating_group":
                values["fields"] = _inner(new, fid)
            editor.add_field(placed.section, values, _index_after(editor, placed), group_id=placed.group)
            continue
        keys = (set(base[fid].values) | set(placed.values)) - {"id"}
        editor.update_field(fid, **{k: placed.values.get(k) for k in keys})
        if placed.group is None and base[fid].section != placed.section:
            editor.move_field(fid, placed.section, _index_after(editor, placed))


def _inner(fields: Mapping[str, _Placed], group: str) -> list[dict[str, Any]]:
    out = []
    for fid, placed in fields.items():
        if placed.group == group:
            values = dict(placed.values)
            if values.get("type") == "repeating_group":
                values["fields"] = _inner(fields, fid)
            out.append(values)
    return out


def _index_after(editor: Editor, placed: _Placed) -> int:
    """Where a new field goes: after the sibling it followed in the proposal, else first."""
    if placed.after is None:
        return 0
    siblings: list[Any] = []
    for section in editor.data.get("sections") or ():
        if section.get("id") == placed.section:
            siblings = section.get("fields") or []
    if placed.group is not None:
        group = next((f for f in _all(editor.data) if f.get("id") == placed.group), {})
        siblings = group.get("fields") or []
    ids = [f.get("id") for f in siblings if isinstance(f, Mapping)]
    return ids.index(placed.after) + 1 if placed.after in ids else len(ids)


def _all(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []

    def walk(fields: Any) -> None:
        for item in fields if isinstance(fields, list) else ():
            if isinstance(item, Mapping):
                out.append(item)
                walk(item.get("fields"))

    for section in data.get("sections") or ():
        walk(section.get("fields"))
    return out
