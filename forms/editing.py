"""Guided edits to a form's YAML that keep the rest of the file exactly as its author wrote it.

Used by the studio's guided editor, for people who do not write YAML. Writes go through
ruamel.yaml's round-trip mode (comments, key order, quoting and flow style survive); reading
for validation stays on the fast libyaml path (`forms.loader`). Each edit returns the new text,
its validation result and the plain-English changes, so the editor can show what the edit did.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from forms import vocabulary as V
from forms.diff import diff
from forms.errors import Code, Issue, shown
from forms.loader import LoadResult, load_text
from forms.model import Form

# Key order for new fields and keys, as docs/format.md writes them.
_FIELD_ORDER = V.FIELD_KEYS
_SECTION_ORDER = V.SECTION_KEYS
# What the guided editor sets (budget_minutes too: a workshop may agree a budget, and publishing merges it).
_FORM_SETTABLE = ("title", "purpose", "status", "owner", "budget_minutes")
_SECTION_SETTABLE = ("title", "intro")


class EditError(Exception):
    """The edit cannot be made as asked (an unknown or duplicate id, or text that is not YAML)."""

    def __init__(self, problem: Issue) -> None:
        self.problem = problem  # an EDIT_ entry of the catalog
        sentence = problem.sentence()
        super().__init__(sentence[:1].upper() + sentence[1:])  # shown on its own, as a sentence


@dataclass(frozen=True, slots=True)
class EditResult:
    """The edited text, its validation, and what changed in plain English."""

    text: str
    result: LoadResult
    changes: tuple[str, ...]
    summary: str


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long labels
    yaml.indent(mapping=2, sequence=4, offset=2)  # the library's style: "  - id: ..." under a key
    return yaml


class Editor:
    """One editing session over a form's text: apply edits, then read `text`."""

    def __init__(self, text: str) -> None:
        try:
            self.data = _yaml().load(text)
        except YAMLError as exc:
            raise EditError(Code.EDIT_YAML_BROKEN.issue(problem=_yaml_problem(exc))) from exc
        if not isinstance(self.data, CommentedMap) or self.data.get("kind") != "form":
            raise EditError(Code.EDIT_NOT_A_FORM.issue())
        if not isinstance(self.data.get("sections"), CommentedSeq):
            self.data["sections"] = CommentedSeq()

    @property
    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()

    # --- finding things ------------------------------------------------------------------
    def _sections(self) -> CommentedSeq:
        return self.data["sections"]

    def _section(self, section_id: str) -> CommentedMap:
        for section in self._sections():
            if isinstance(section, Mapping) and section.get("id") == section_id:
                return section
        raise EditError(Code.EDIT_NO_SECTION.issue(section=section_id))

    def _find_field(self, field_id: str) -> tuple[CommentedSeq, int]:
        """The list holding the field, and its index in that list."""
        def search(fields: Any) -> tuple[CommentedSeq, int] | None:
            if not isinstance(fields, CommentedSeq):
                return None
            for index, item in enumerate(fields):
                if isinstance(item, Mapping):
                    if item.get("id") == field_id:
                        return fields, index
                    found = search(item.get("fields"))
                    if found:
                        return found
            return None

        for section in self._sections():
            found = search(section.get("fields")) if isinstance(section, Mapping) else None
            if found:
                return found
        raise EditError(Code.EDIT_NO_FIELD.issue(field=field_id))

    def _field(self, field_id: str) -> CommentedMap:
        fields, index = self._find_field(field_id)
        return fields[index]

    def _field_ids(self) -> set[str]:
        ids: set[str] = set()

        def collect(fields: Any) -> None:
            for item in fields if isinstance(fields, CommentedSeq) else ():
                if isinstance(item, Mapping):
                    ids.add(str(item.get("id")))
                    collect(item.get("fields"))

        for section in self._sections():
            if isinstance(section, Mapping):
                collect(section.get("fields"))
        return ids

    # --- form ----------------------------------------------------------------------------
    def set_form(self, key: str, value: object) -> None:
        if key not in _FORM_SETTABLE:
            raise EditError(Code.EDIT_NOT_SETTABLE.issue(key=key, owner="the form", allowed=", ".join(_FORM_SETTABLE)))
        _set(self.data, key, value, V.FORM_KEYS)

    # --- sections ------------------------------------------------------------------------
    def add_section(self, section_id: str, title: str | dict[str, str], index: int | None = None,
                    intro: str | dict[str, str] | None = None) -> None:
        _check_id(section_id)
        if any(isinstance(s, Mapping) and s.get("id") == section_id for s in self._sections()):
            raise EditError(Code.EDIT_SECTION_EXISTS.issue(section=section_id))
        section = CommentedMap([("id", section_id), ("title", _plain(title))])
        if intro:
            section["intro"] = _plain(intro)
        section["fields"] = CommentedSeq()
        sections = self._sections()
        sections.insert(len(sections) if index is None else index, section)

    def update_section(self, section_id: str, **values: object) -> None:
        section = self._section(section_id)
        for key, value in values.items():
            if key not in _SECTION_SETTABLE:
                raise EditError(Code.EDIT_NOT_SETTABLE.issue(key=key, owner="a section",
                                                             allowed=", ".join(_SECTION_SETTABLE)))
            _set(section, key, value, _SECTION_ORDER)

    def remove_section(self, section_id: str) -> None:
        self._retire_all(list(self._section(section_id).get("fields") or ()))
        sections = self._sections()
        sections.pop(sections.index(self._section(section_id)))

    def move_section(self, section_id: str, index: int) -> None:
        sections = self._sections()
        section = self._section(section_id)
        sections.pop(sections.index(section))
        sections.insert(max(0, min(index, len(sections))), section)

    # --- fields --------------------------------------------------------------------------
    def add_field(self, section_id: str, values: Mapping[str, object], index: int | None = None,
                  group_id: str | None = None) -> None:
        field_id = str(values.get("id", ""))
        _check_id(field_id)
        if field_id in self._field_ids():
            raise EditError(Code.EDIT_FIELD_EXISTS.issue(field=field_id))
        field = CommentedMap()
        for key in _FIELD_ORDER:
            if values.get(key) is not None:
                field[key] = _plain(values[key])
        target = self._fields_of(section_id, group_id)
        target.insert(len(target) if index is None else index, field)

    def _fields_of(self, section_id: str, group_id: str | None) -> CommentedSeq:
        """The list a field goes in: a repeating group's, when `group_id` is given, else the section's own."""
        if group_id is not None:
            group = self._field(group_id)
            if group.get("type") != "repeating_group":
                raise EditError(Code.EDIT_NOT_A_GROUP.issue(field=group_id))
            return group.setdefault("fields", CommentedSeq())
        return self._section(section_id).setdefault("fields", CommentedSeq())

    def update_field(self, field_id: str, **values: object) -> None:
        """Set keys of a field; a value of None removes the key (its default applies again)."""
        field = self._field(field_id)
        for key, value in values.items():
            if key not in _FIELD_ORDER or key in ("id", "fields"):
                raise EditError(Code.EDIT_NOT_SETTABLE.issue(
                    key=key, owner="a question", allowed="every key of a question but its id and its fields"))
            _set(field, key, value, _FIELD_ORDER)

    def remove_field(self, field_id: str) -> None:
        fields, index = self._find_field(field_id)
        self._retire_all([fields.pop(index)])

    def _retire_all(self, removed: list[Any]) -> None:
        """A published form keeps the ids of removed fields (and their groups' fields) in `retired` for ever."""
        if self.data.get("status") != "published":
            return  # a draft's fields were never in a record
        since = int(self.data.get("version") or 1) + 1
        stack = list(removed)
        while stack:
            item = stack.pop(0)
            if isinstance(item, Mapping) and item.get("id"):
                self.retire(str(item["id"]), since, self._main_text(item.get("label")))
                stack.extend(item.get("fields") or ())

    def _main_text(self, text: object) -> str:
        """A text as the main language writes it: a label per language is named by its main language's words."""
        if isinstance(text, Mapping):
            languages = self.data.get("languages")
            main = str(languages[0]) if isinstance(languages, list) and languages else "en"
            text = text.get(main) or next(iter(text.values()), "")
        return str(text or "")

    def retire(self, field_id: str, since_version: int, was: str = "") -> None:
        """Record that a field id is no longer used (kept once, with the version that first lacked it)."""
        retired = self.data.get("retired")
        if not isinstance(retired, CommentedSeq):
            _set(self.data, "retired", [], V.FORM_KEYS)
            retired = self.data["retired"]
            retired.fa.set_block_style()  # one retired id a line, each a short flow mapping
        if any(isinstance(r, Mapping) and r.get("id") == field_id for r in retired):
            return
        entry = CommentedMap([("id", field_id), ("since_version", since_version)] + ([("was", was)] if was else []))
        entry.fa.set_flow_style()
        retired.append(entry)

    def move_field(self, field_id: str, section_id: str, index: int | None = None,
                   group_id: str | None = None) -> None:
        """Move a field to a section's own list, or into a repeating group when `group_id` is given."""
        fields, old = self._find_field(field_id)
        target = self._fields_of(section_id, group_id)
        field = fields.pop(old)
        target.insert(len(target) if index is None else max(0, min(index, len(target))), field)

    # --- options -------------------------------------------------------------------------
    def add_option(self, field_id: str, value: str, label: str | None = None) -> None:
        _check_id(value)
        options = self._field(field_id).setdefault("options", CommentedSeq())
        if any(_option_value(o) == value for o in options):
            raise EditError(Code.EDIT_OPTION_EXISTS.issue(field=field_id, value=value))
        if label and label != V.readable(value):
            entry = CommentedMap([("value", value), ("label", label)])
            entry.fa.set_flow_style()  # one option per line, as the library writes them
            options.append(entry)
        else:
            options.append(value)

    def update_option(self, field_id: str, value: str, label: str) -> None:
        options = self._field(field_id).get("options") or []
        for index, option in enumerate(options):
            if _option_value(option) == value:
                entry = CommentedMap([("value", value), ("label", label)])
                entry.fa.set_flow_style()
                options[index] = entry
                return
        raise EditError(Code.EDIT_NO_OPTION.issue(field=field_id, value=value))

    def remove_option(self, field_id: str, value: str) -> None:
        options = self._field(field_id).get("options") or []
        for index, option in enumerate(options):
            if _option_value(option) == value:
                options.pop(index)
                return
        raise EditError(Code.EDIT_NO_OPTION.issue(field=field_id, value=value))


def _yaml_problem(exc: YAMLError) -> str:
    """ruamel's error in one line: what it found and on which line (its own text spans several lines)."""
    problem, mark = getattr(exc, "problem", None), getattr(exc, "problem_mark", None)
    if not problem:
        return " ".join(str(exc).split())
    return f"{problem} on line {mark.line + 1}" if mark is not None else str(problem)


def _option_value(option: object) -> str:
    return str(option.get("value")) if isinstance(option, Mapping) else str(option)


def _check_id(ident: str) -> None:
    if not V.ID_PATTERN.fullmatch(ident or ""):
        raise EditError(Code.EDIT_BAD_ID.issue(value=shown(ident or ""), example=V.slug(ident or "new")))


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        out = CommentedMap((k, _plain(v)) for k, v in value.items())
        out.fa.set_flow_style()
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_plain(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def _set(mapping: CommentedMap, key: str, value: object, order: tuple[str, ...]) -> None:
    """Set or remove a key, inserting a new key where the canonical order puts it."""
    if value is None:
        mapping.pop(key, None)
        return
    if key in mapping:
        if mapping[key] == value:
            return  # unchanged: keep the author's quoting and block style exactly
        mapping[key] = _plain(value)
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    mapping.insert(position, key, _plain(value))


Operation = tuple[str, tuple[object, ...], dict[str, object]]


def edit(text: str, operation: str, *args: object, **kwargs: object) -> EditResult:
    """Apply one named Editor operation to a form's text and report the result and its changes."""
    return edit_all(text, [(operation, args, kwargs)])


def edit_all(text: str, operations: list[Operation]) -> EditResult:
    """Apply several operations as one change (e.g. a question's wording and its options)."""
    editor = Editor(text)
    for name, args, kwargs in operations:
        method = getattr(editor, name, None)
        if method is None or name.startswith("_") or name == "text":
            raise EditError(Code.EDIT_UNKNOWN_OPERATION.issue(name=name))
        method(*args, **kwargs)
    new_text = editor.text
    before = load_text(text, "<before>", lint=False)
    after = load_text(new_text, "<edited>")
    if isinstance(before.document, Form) and isinstance(after.document, Form) and before.ok and after.ok:
        result = diff(before.document, after.document)
        return EditResult(new_text, after, tuple(c.text for c in result.changes), result.summary)
    return EditResult(new_text, after, (), "")
