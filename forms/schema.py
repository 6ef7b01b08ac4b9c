"""Read YAML values into the model, reporting every structural problem (keys, kinds, allowed values).

One pass over the located tree from `forms.reader`: unknown keys, missing keys, wrong kinds of
value, values outside the vocabulary, bad identifiers and per-type rules. The result is a
best-effort model even when there are errors, so later checks can still report what they see.

`build` is the entry point. This module builds documents, forms, sections and fields; the builder
takes the rest from the readers it stands on: `forms.schema_workflows` (workflows, steps, time
limits) on `forms.schema_field_keys` (options, conditions, examples, bounds) on
`forms.schema_languages` (texts in one language or several) on `forms.schema_values` (single
values, and the state they share).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from forms import vocabulary as V
from forms.errors import Code, Issue, shown
from forms.model import Document, Field, Form, Retired, Section
from forms.reader import LocMap
from forms.schema_values import kind_of
from forms.schema_workflows import WorkflowReader
from forms.suggest import did_you_mean


def build(data: LocMap) -> tuple[Document | None, list[Issue]]:
    """Turn a read YAML mapping into a Form or Workflow, with every structural issue found."""
    builder = _Builder()
    return builder.document(data), builder.issues


class _Builder(WorkflowReader):
    """Documents, forms, sections and fields: everything else it reads with the readers below it."""

    __slots__ = ()

    def document(self, m: LocMap) -> Document | None:
        kind = m.get("kind")
        if kind == "form":
            return self.form(m)
        if kind == "workflow":
            return self.workflow(m)
        if "kind" not in m:
            self.report(Code.SCHEMA_MISSING_KEY, (m.line, m.column), key="kind", owner="the file", example="form")
        else:
            self.report(Code.FORM_KIND, m.value_at("kind"), found=shown(kind), suggestion=did_you_mean(kind, V.KINDS))
        return None

    def retired(self, m: LocMap, at: tuple[int, int]) -> Retired:
        self.check_keys(m, V.RETIRED_KEYS, V.RETIRED_REQUIRED, f"retired id '{m.get('id', '?')}'")
        return Retired(id=self.ident_key(m, "id"), since_version=self.integer(m, "since_version", "a retired id", 1)
                       or 1, was=self.text(m, "was", "a retired id") or "", loc=m.value_at("id") if "id" in m else at)

    def form(self, m: LocMap) -> Form:
        self.check_keys(m, V.FORM_KEYS, V.FORM_REQUIRED, "the form")
        languages = self.language_list(m)
        self.languages = languages if "languages" in m else None
        sections = tuple(self.section(s, at) for s, at in self.mappings(m, "sections", "the form", "section"))
        defaults = self.defaults(m)
        if defaults:
            sections = tuple(dataclasses.replace(s, fields=_with_defaults(s.fields, defaults)) for s in sections)
        return Form(
            id=self.ident_key(m, "id"), title=self.text(m, "title", "the form", True) or "",
            version=self.version(m), purpose=self.text(m, "purpose", "the form", True) or "",
            sections=sections, status=self.one_of(m, "status", V.STATUSES, "draft") or "draft",
            owner=self.text(m, "owner", "the form"), loc=(m.line, m.column),
            budget_minutes=self.budget(m, "the form"),
            retired=tuple(self.retired(r, at) for r, at in self.mappings(m, "retired", "the form", "retired id")),
            default_lawful_basis=defaults.get("lawful_basis"), default_retention=defaults.get("retention"),
            controller=self.text(m, "controller", "the form"), contact=self.text(m, "contact", "the form", True),
            audience=self.one_of(m, "audience", V.AUDIENCES, "adult") or "adult",
            languages=languages, translations=self.taken(m), locs=self.locs(m),
        )

    def defaults(self, m: LocMap) -> dict[str, str]:
        """`defaults: {lawful_basis, retention}`: the values a personal-data field takes when it says none."""
        value = m.get("defaults")
        if value is None:
            return {}
        if not isinstance(value, LocMap):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("defaults"), key="defaults", owner="the form",
                        expected="a mapping", found=kind_of(value),
                        fix="Write 'defaults: {lawful_basis: public_task, retention: 8 years after care ends}'.")
            return {}
        self.check_keys(value, V.DEFAULTS_KEYS, (), "the form's defaults")
        out = {"lawful_basis": self.one_of(value, "lawful_basis", V.LAWFUL_BASES, None),
               "retention": self.text(value, "retention", "the form's defaults")}
        return {key: text for key, text in out.items() if text}

    def section(self, m: LocMap, at: tuple[int, int]) -> Section:
        owner = f"section {shown(m.get('id', '?'))}"
        self.check_keys(m, V.SECTION_KEYS, V.SECTION_REQUIRED, owner)
        fields = tuple(self.field(f, a) for f, a in self.mappings(m, "fields", owner, "field"))
        return Section(
            id=self.ident_key(m, "id"), title=self.text(m, "title", owner, True) or "", fields=fields,
            intro=self.text(m, "intro", owner, True), loc=at, locs=self.locs(m), translations=self.taken(m),
        )

    def field(self, m: LocMap, at: tuple[int, int]) -> Field:
        fid = m.get("id", "?")
        owner = f"field {shown(fid)}"
        self.check_keys(m, V.FIELD_KEYS, V.FIELD_REQUIRED, owner)
        ftype = m.get("type")
        if ftype is not None and ftype not in V.FIELD_TYPES:
            self.report(Code.FIELD_UNKNOWN_TYPE, m.value_at("type"), field=fid, type=shown(ftype),
                        suggestion=did_you_mean(ftype, V.FIELD_TYPES), allowed=", ".join(V.FIELD_TYPES))
        known_type = ftype in V.FIELD_TYPES
        if known_type:
            for key, types in V.TYPE_KEYS.items():
                if key in m and ftype not in types:
                    self.report(Code.FIELD_KEY_NOT_FOR_TYPE, m.key_at(key), field=fid, key=key, type=ftype,
                                types=", ".join(types))
        options = self.options(m, fid) if "options" in m and ftype in V.CHOICE_TYPES else ()
        if known_type and ftype in V.CHOICE_TYPES and "options" not in m:
            self.report(Code.FIELD_OPTIONS_REQUIRED, at, field=fid, type=ftype)
        children: tuple[Field, ...] = ()
        if ftype == "repeating_group":
            group = self.mappings(m, "fields", owner, "field")
            children = tuple(self.field(f, a) for f, a in group)
            if "fields" not in m:
                self.report(Code.FIELD_GROUP_EMPTY, at, field=fid)
        values: dict[str, Any] = {}
        for key in m:  # only the keys present: most fields use a handful of the thirty or so
            parse = _FIELD_VALUES.get(key)
            if parse is not None:
                value = parse(self, m, key, owner)
                if value is not None:
                    values[key] = value
        if "shared_with" in m:
            values["shared_with"], values["shared_by_consent"] = self.shared_with(m, owner)
        if "example" in m and ftype in V.TYPE_KEYS["example"]:
            values["example"] = self.example(m, fid, ftype, options)
        if "show_if" in m:
            values["show_if"] = self.condition(m["show_if"], m.value_at("show_if"))
        if "processing_condition" in m:
            values["processing_condition"] = self.processing_condition(m, fid)
        if "pattern" in m:
            values["pattern"] = self.pattern(m, fid)
        if "min" in m or "max" in m:
            values["min"], values["max"] = self.bounds(m, fid, ftype)
        if ftype == "repeating_group" and "estimated_seconds" in m:
            self.report(Code.FIELD_KEY_NOT_FOR_TYPE, m.key_at("estimated_seconds"), field=fid,
                        key="estimated_seconds", type=ftype, types="the fields inside the group")
        field = Field(
            id=self.ident_key(m, "id"), label=values.pop("label", ""),
            type=ftype if isinstance(ftype, str) else "", options=options, fields=children,
            loc=at, locs=self.locs(m), translations=self.taken(m), **values,
        )
        self.field_rules(field, m)
        return field

    def field_rules(self, f: Field, m: LocMap) -> None:
        """Rules across keys of one field: ranges, option counts, special category pairing."""
        for low_key, high_key in (("min", "max"), ("min_selected", "max_selected"), ("min_items", "max_items")):
            low, high = getattr(f, low_key), getattr(f, high_key)
            if low is not None and high is not None and _comparable(low, high) and low > high:
                self.report(Code.FIELD_RANGE, m.value_at(low_key), field=f.id, low_key=low_key, low=low,
                            high_key=high_key, high=high)
        for key in ("min_selected", "max_selected"):
            value = getattr(f, key)
            if value is not None and f.options and value > len(f.options):
                self.report(Code.FIELD_TOO_FEW_OPTIONS, m.value_at(key), field=f.id, key=key, value=value,
                            count=len(f.options))
        if f.consent_agencies and not f.visible_to_person:
            self.report(Code.FIELD_CONSENT_NOT_SHOWN, m.value_at("visible_to_person"), field=f.id,
                        agencies=", ".join(f.consent_agencies))
        if f.sharing_decided_by == "person" and not f.shared_with:
            self.report(Code.FIELD_PERSON_DECIDES_NOBODY, m.value_at("sharing_decided_by"), field=f.id)
        coded = next((o for o in f.options if o.code_system is not None), None)
        if coded is not None and f.statutory_item is None:  # a code list needs the return item it serves
            self.report(Code.FIELD_CODE_SYSTEM_WITHOUT_ITEM, coded.loc, field=f.id)
        if f.data_category == "special_category" and f.special_category is None:
            self.report(Code.FIELD_SPECIAL_CATEGORY, m.value_at("data_category"), field=f.id,
                        problem="data_category is special_category but 'special_category' does not say which",
                        fix="Add 'special_category:' with one of: " + ", ".join(V.SPECIAL_CATEGORIES) + ".")
        elif f.special_category is not None and f.data_category != "special_category":
            self.report(Code.FIELD_SPECIAL_CATEGORY, m.value_at("special_category"), field=f.id,
                        problem=f"special_category is set but data_category is '{f.data_category}'",
                        fix="Set 'data_category: special_category', or remove 'special_category'.")


def _translatable(b: _Builder, m: LocMap, key: str, owner: str) -> str | None:
    return b.text(m, key, owner, True)


def _text(b: _Builder, m: LocMap, key: str, owner: str) -> str | None:
    return b.text(m, key, owner)


def _flag(default: bool):
    return lambda b, m, key, owner: b.boolean(m, key, owner, default)


def _count(minimum: int):
    return lambda b, m, key, owner: b.integer(m, key, owner, minimum)


def _word(allowed: tuple[str, ...]):
    return lambda b, m, key, owner: b.one_of(m, key, allowed, None)


# How each simple field key is read; a None result leaves the model's default in place.
_FIELD_VALUES = {
    "label": _translatable, "hint": _translatable, "retention": _text, "statutory_item": _text,
    "min_label": _translatable, "max_label": _translatable,
    "required": _flag(False), "own_words": _flag(False), "integer": _flag(False), "visible_to_person": _flag(True),
    "purpose": _word(V.PURPOSES), "completed_by": _word(V.COMPLETED_BY), "data_category": _word(V.DATA_CATEGORIES),
    "special_category": _word(V.SPECIAL_CATEGORIES), "lawful_basis": _word(V.LAWFUL_BASES),
    "estimated_seconds": _count(0), "min_selected": _count(0), "min_items": _count(0), "expected_items": _count(0),
    "max_length": _count(1), "max_selected": _count(1), "max_items": _count(1),
    "sharing_decided_by": _word(V.SHARING_DECIDERS),
}


def _with_defaults(fields: tuple[Field, ...], defaults: dict[str, str]) -> tuple[Field, ...]:
    """FIELDS with the form's defaults filled in where a personal-data field has no value of its own."""
    out = []
    for f in fields:
        values: dict[str, Any] = {}
        if f.fields:
            values["fields"] = _with_defaults(f.fields, defaults)
        if f.records and f.data_category != "none":
            filled = {key: value for key, value in defaults.items() if getattr(f, key) is None}
            values.update(filled, from_defaults=tuple(filled))
        out.append(dataclasses.replace(f, **values) if values else f)
    return tuple(out)


def _comparable(low: object, high: object) -> bool:
    if isinstance(low, str) or isinstance(high, str):
        return isinstance(low, str) and isinstance(high, str) and "today" not in (low, high)
    return isinstance(low, (int, float)) and isinstance(high, (int, float))
