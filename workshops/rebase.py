"""One proposal re-applied to the version made so far: a three-way merge over the form's items (pure).

`rebase(ours_text, base, theirs)` compares each item of the form in three versions: the version
the proposal was made on (base), the version so far (ours) and the proposal (theirs). Items are the
form's own keys, each section (being there, its title and intro), each field (being there, where
it sits, each of its keys), and the order of the sections and of the fields in each list. An item
the proposal left as it was keeps ours; an item only the proposal changed takes its value; an item
both changed the same way is fine; an item changed differently on both sides is a clash. So is a
field moved or added into a section or group the other side removed. All clashes are found before
anything is written; with none, the changes are made with the round-trip editor in a safe order
(removed fields, then sections added or renamed, then fields added, changed and moved, then
sections removed, then order), so the comments and layout of the version so far survive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from forms.editing import Editor
from workshops.form_items import Placed, fields_of, plain_data, sections_of

_FORM_SKIPPED = ("version", "sections")  # publishing sets the version; sections are merged item by item
_PLACE = "place"  # the pseudo-key for where a field sits (section and group)

Item = tuple[str, str]  # ("form", key) | ("section", id) | ("field", id) | ("order", list name)
Container = tuple[str, str]  # ("section", id) | ("group", field id)


@dataclass(frozen=True, slots=True)
class Clash:
    """An item changed differently on both sides, with each side's value in words."""

    item: Item
    what: str
    ours: str
    theirs: str


@dataclass(frozen=True, slots=True)
class Rebased:
    """The new text (None when there are clashes), the clashes, and the items the proposal changed."""

    text: str | None
    clashes: tuple[Clash, ...] = ()
    changed: tuple[Item, ...] = ()


def _step(base: object, ours: object, theirs: object) -> str:
    """'keep' ours, 'take' theirs, or 'clash' (changed differently on both sides)."""
    if theirs == base or ours == theirs:
        return "keep"
    return "take" if ours == base else "clash"


def show(value: object) -> str:
    """A value in words for a refusal: text in quotes, lists and mappings as compact JSON, shortened."""
    if value is None:
        return "nothing"
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def _where(placed: Placed) -> str:
    return f"in the group '{placed.group}'" if placed.group else f"in the section '{placed.section}'"


def _field_change(base: Placed | None, side: Placed | None) -> str:
    """What one side did to a whole field, in words."""
    if side is None:
        return "removed"
    if base is None:
        return f"added as {show(side.values.get('label'))} {_where(side)}"
    keys = sorted(k for k in set(base.values) | set(side.values) if base.values.get(k) != side.values.get(k))
    moved = ["moved " + _where(side)] if base.home != side.home else []
    return "changed (" + ", ".join(keys + moved) + ")"


class _Rebase:
    def __init__(self, ours_text: str, base: Mapping[str, Any], theirs: Mapping[str, Any]) -> None:
        self.editor = Editor(ours_text)
        self.data = {"base": base, "ours": plain_data(ours_text), "theirs": theirs}
        self.sections = {side: sections_of(d) for side, d in self.data.items()}
        self.fields = {side: fields_of(d) for side, d in self.data.items()}
        self.clashes: list[Clash] = []
        self.changed: list[Item] = []
        # The edits, in the order they are made; each is a call on the editor.
        self.phases: dict[str, list[Callable[[], None]]] = {
            name: [] for name in ("remove_fields", "sections", "fields", "remove_sections", "order")}

    def clash(self, item: Item, what: str, ours: str, theirs: str) -> None:
        self.clashes.append(Clash(item, what, ours, theirs))

    def edit(self, phase: str, item: Item, call: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        self.phases[phase].append(partial(call, *args, **kwargs))
        if item not in self.changed:
            self.changed.append(item)

    # --- the form's own keys -------------------------------------------------------------
    def form(self) -> None:
        base, ours, theirs = (self.data[s] for s in ("base", "ours", "theirs"))
        for key in dict.fromkeys([*base, *ours, *theirs]):
            if key in _FORM_SKIPPED:
                continue
            b, o, t = base.get(key), ours.get(key), theirs.get(key)
            step = _step(b, o, t)
            if step == "take":
                self.edit("sections", ("form", key), self.editor.set_form, key, t)
            elif step == "clash":
                self.clash(("form", key), f"the form's {key}", show(o), show(t))

    # --- sections ------------------------------------------------------------------------
    def section_items(self) -> None:
        bs, os_, ts = (self.sections[s] for s in ("base", "ours", "theirs"))
        for sid in dict.fromkeys([*ts, *bs, *os_]):
            b, o, t = bs.get(sid), os_.get(sid), ts.get(sid)
            item: Item = ("section", sid)
            step = _step(b, o, t)
            if step == "keep":
                continue
            if step == "take":
                if t is None:
                    self.edit("remove_sections", item, self.editor.remove_section, sid)
                elif b is None:
                    self.edit("sections", item, self._add_section, sid, t)
                else:
                    changes = {k: t.get(k) for k in set(b) | set(t) if b.get(k) != t.get(k)}
                    self.edit("sections", item, self.editor.update_section, sid, **changes)
            elif b is None or o is None or t is None:
                def words(side: Mapping[str, Any] | None) -> str:
                    return "removed" if side is None else f"titled {show(side.get('title'))}"
                self.clash(item, f"the section '{sid}'", words(o), words(t))
            else:
                for key in dict.fromkeys([*b, *o, *t]):
                    key_step = _step(b.get(key), o.get(key), t.get(key))
                    if key_step == "take":
                        self.edit("sections", item, self.editor.update_section, sid, **{key: t.get(key)})
                    elif key_step == "clash":
                        self.clash(item, f"the {key} of the section '{sid}'", show(o.get(key)), show(t.get(key)))

    def _add_section(self, sid: str, values: Mapping[str, Any]) -> None:
        """Add a section after the one it follows in the proposal (first when it follows none)."""
        order = list(self.sections["theirs"])
        present = [s.get("id") for s in self.editor.data["sections"]]
        previous = next((s for s in reversed(order[:order.index(sid)]) if s in present), None)
        index = present.index(previous) + 1 if previous is not None else 0
        self.editor.add_section(sid, values.get("title"), index, values.get("intro"))

    # --- lists one side removed while the other put fields in them -----------------------
    def containers(self) -> None:
        for side, other in (("theirs", "ours"), ("ours", "theirs")):
            for container in self._removed_containers(side):
                for fid in self._moved_into(other, container):
                    kind, name = container
                    what = f"the {kind} '{name}'"
                    into = f"the field '{fid}' " + ("moved into it" if fid in self.fields["base"] else "added to it")
                    if side == "theirs":
                        self.clash(("field", fid), what, into, "removed")
                    else:
                        self.clash(("section", name) if kind == "section" else ("field", name), what, "removed",
                                   into)

    def _removed_containers(self, side: str) -> list[Container]:
        """Sections and repeating groups in the base that this side removed and the other still has."""
        other = "ours" if side == "theirs" else "theirs"
        out: list[Container] = [("section", s) for s in self.sections["base"]
                                if s not in self.sections[side] and s in self.sections[other]]
        out += [("group", f) for f, placed in self.fields["base"].items()
                if placed.values.get("type") == "repeating_group"
                and f not in self.fields[side] and f in self.fields[other]]
        return out

    def _moved_into(self, side: str, container: Container) -> list[str]:
        base = self.fields["base"]
        return [fid for fid, placed in self.fields[side].items()
                if placed.home == container and (fid not in base or base[fid].home != container)]

    # --- fields --------------------------------------------------------------------------
    def field_items(self) -> None:
        bf, of, tf = (self.fields[s] for s in ("base", "ours", "theirs"))
        for fid in bf:  # removed by the proposal
            if fid in tf:
                continue
            step = _step(bf[fid], of.get(fid), None)
            if step == "take":
                self.edit("remove_fields", ("field", fid), self._remove_field, fid)
            elif step == "clash":
                self.clash(("field", fid), f"the field '{fid}'", _field_change(bf[fid], of[fid]), "removed")
        for fid, t in tf.items():  # added or changed, in the proposal's reading order
            b, o = bf.get(fid), of.get(fid)
            step = _step(b, o, t)
            if step == "take":
                self._take_field(fid, b, t)
            elif step == "clash" and (b is None or o is None):
                self.clash(("field", fid), f"the field '{fid}'", _field_change(b, o), _field_change(b, t))
            elif step == "clash":
                self._field_keys(fid, b, o, t)

    def _take_field(self, fid: str, base: Placed | None, theirs: Placed) -> None:
        item: Item = ("field", fid)
        if base is None:
            if theirs.group is not None and theirs.group not in self.fields["ours"]:
                return  # it comes with its new group, added whole
            self.edit("fields", item, self._add_field, fid, theirs)
            return
        keys = {k: theirs.values.get(k) for k in set(base.values) | set(theirs.values)
                if k != "id" and base.values.get(k) != theirs.values.get(k)}
        if keys:
            self.edit("fields", item, self.editor.update_field, fid, **keys)
        if base.home != theirs.home:
            self.edit("fields", item, self._move_field, fid, theirs)

    def _field_keys(self, fid: str, b: Placed, o: Placed, t: Placed) -> None:
        """Both sides changed the field: merge it key by key (and where it sits)."""
        item: Item = ("field", fid)
        if _step(b.home, o.home, t.home) == "take":
            self.edit("fields", item, self._move_field, fid, t)
        elif _step(b.home, o.home, t.home) == "clash":
            self.clash(item, f"where the field '{fid}' sits", _where(o), _where(t))
        for key in dict.fromkeys([*b.values, *o.values, *t.values]):
            bv, ov, tv = b.values.get(key), o.values.get(key), t.values.get(key)
            step = _step(bv, ov, tv)
            if step == "take":
                self.edit("fields", item, self.editor.update_field, fid, **{key: tv})
            elif step == "clash":
                self.clash(item, f"the {key} of the field '{fid}'", show(ov), show(tv))

    def _remove_field(self, fid: str) -> None:
        if fid in fields_of(self.editor.data):  # it may have gone already, with its group
            self.editor.remove_field(fid)

    def _add_field(self, fid: str, placed: Placed) -> None:
        values = dict(placed.values)
        if values.get("type") == "repeating_group":
            values["fields"] = _inner(self.fields["theirs"], fid)
        self.editor.add_field(placed.section, values, _index_after(self.editor, placed), group_id=placed.group)

    def _move_field(self, fid: str, placed: Placed) -> None:
        self.editor.move_field(fid, placed.section, _index_after(self.editor, placed), group_id=placed.group)

    # --- order ---------------------------------------------------------------------------
    def order(self) -> None:
        lists: list[tuple[Container | None, dict[str, list[str]]]] = [
            (None, {side: list(sections) for side, sections in self.sections.items()})]
        homes = {p.home for p in self.fields["base"].values()}
        for home in sorted(homes):
            lists.append((home, {side: [f for f, p in fields.items() if p.home == home]
                                 for side, fields in self.fields.items()}))
        for container, orders in lists:
            common = set(orders["base"]) & set(orders["ours"]) & set(orders["theirs"])
            b, o, t = ([i for i in orders[s] if i in common] for s in ("base", "ours", "theirs"))
            name = "the sections" if container is None else f"the fields in the {container[0]} '{container[1]}'"
            item: Item = ("order", "sections" if container is None else ":".join(container))
            step = _step(b, o, t)
            if step == "take":
                self.edit("order", item, self._reorder, container, t)
            elif step == "clash":
                self.clash(item, f"the order of {name}", ", ".join(o), ", ".join(t))

    def _reorder(self, container: Container | None, wanted: list[str]) -> None:
        """Put the listed items in the wanted order, in the places they hold; others stay where they are."""
        items = _list_of(self.editor.data, container)
        places = [i for i, x in enumerate(items) if isinstance(x, Mapping) and str(x.get("id")) in wanted]
        by_id = {str(items[i].get("id")): items[i] for i in places}
        for place, ident in zip(places, wanted, strict=True):
            items[place] = by_id[ident]

    def run(self) -> Rebased:
        self.form()
        self.section_items()
        self.containers()
        self.field_items()
        self.order()
        if self.clashes:
            return Rebased(None, tuple(dict.fromkeys(self.clashes)))
        for calls in self.phases.values():
            for call in calls:
                call()
        return Rebased(self.editor.text, (), tuple(self.changed))


def rebase(ours_text: str, base: Mapping[str, Any], theirs: Mapping[str, Any]) -> Rebased:
    """Re-apply the change from `base` to `theirs` onto the text `ours_text` (see the module's docstring)."""
    return _Rebase(ours_text, base, theirs).run()


def _list_of(data: Mapping[str, Any], container: Container | None) -> Any:
    if container is None:
        return data["sections"]
    kind, name = container
    if kind == "section":
        return next(s for s in data["sections"] if s.get("id") == name).get("fields") or []
    return next(f for f in _all(data) if f.get("id") == name).get("fields") or []


def _inner(fields: Mapping[str, Placed], group: str) -> list[dict[str, Any]]:
    out = []
    for fid, placed in fields.items():
        if placed.group == group:
            values = dict(placed.values)
            if values.get("type") == "repeating_group":
                values["fields"] = _inner(fields, fid)
            out.append(values)
    return out


def _index_after(editor: Editor, placed: Placed) -> int:
    """Where a field goes: after the sibling it followed in the proposal, else first."""
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
