"""JSON Schema (draft 2020-12) for one completed record of a form: types, limits, options and conditional requirement.

A record is an object with one property per question (guidance records nothing; a repeating group is an
array of objects). A question left unanswered, or hidden, is left out of the record: an empty string or
an empty list is not an answer, which is what lets `required` and the conditions be exact.

The schema says when a question is required (its `show_if`, its repeating group's) with the rules
of `exporter.json_schema_rules`; this module writes the properties, their metadata and translations,
and assembles the document.
"""

from __future__ import annotations

import json
from typing import Any

from exporter.base import ExportFile, ExportResult, Subject, coform_url, file_stem, register
from exporter.json_schema_rules import RequiredWhenShown
from forms.conditions import describe
from forms.consent import consent_questions
from forms.errors import Code, Issue
from forms.languages import translated
from forms.model import Field, Form, Option, Placed, Section

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# `format: date` only annotates by default (2020-12), so the shape is also checked with a pattern.
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
LINE_WIDTH = 100  # characters: a list or object that fits in a line is written on one line
RECORD_NOTE = (
    "One completed record of the form. Leave out a question that was not answered or was not shown: an "
    "empty string or an empty list is not an answer. An answer to a hidden question does not count, so it "
    "never makes another question required. Coform metadata (why each answer is recorded, who gives it, "
    "its data protection basis) is under 'x-coform'.")
# A form in several languages: each text's other languages under x-coform.translations, by JSON Schema
# keyword where there is one (title, description) and by Coform key otherwise (docs/format.md "Languages").
TRANSLATED = {"form": (("title", "title"), ("description", "purpose")),
              "section": (("title", "title"), ("intro", "intro")),
              "field": (("title", "label"), ("description", "hint"), ("min_label", "min_label"),
                        ("max_label", "max_label")),
              "option": (("label", "label"),)}


@register("json-schema", ("form",), "JSON Schema (2020-12) for one completed record, with Coform metadata")
def export_json_schema(subject: Subject) -> ExportResult:
    form = subject.document
    assert isinstance(form, Form), "json-schema takes forms only"
    schema, warnings = record_schema(form)
    text = pretty_json(schema) + "\n"
    name = f"{file_stem(form)}.schema.json"
    return ExportResult((ExportFile(name, text.encode("utf-8"), "application/schema+json"),), tuple(warnings))


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per value as json.dumps makes


def pretty_json(value: Any, width: int = LINE_WIDTH) -> str:
    """JSON indented by two spaces; a list or object that fits on its line (`width` characters) stays on it."""
    return _layout(value, width, 0, 0)[1]


def _layout(value: Any, width: int, indent: int, lead: int) -> tuple[str, str]:
    """(the value on one line, the value laid out), each part written once however deep it sits."""
    if isinstance(value, dict) and value:
        names = [_encode(key) + ": " for key in value]
        parts = [(name, *_layout(v, width, indent + 1, len(name))) for name, v in zip(names, value.values(),
                                                                                       strict=True)]
        flat = "{" + ", ".join(name + one for name, one, _ in parts) + "}"
        lines, (opening, closing) = [name + laid for name, _, laid in parts], "{}"
    elif isinstance(value, list) and value:
        parts = [_layout(v, width, indent + 1, 0) for v in value]
        flat = "[" + ", ".join(one for one, _ in parts) + "]"
        lines, (opening, closing) = [laid for _, laid in parts], "[]"
    else:
        flat = _encode(value)
        return flat, flat
    if 2 * indent + lead + len(flat) <= width:
        return flat, flat
    pad = "  " * (indent + 1)
    return flat, opening + "\n" + ",\n".join(pad + line for line in lines) + "\n" + "  " * indent + closing


def record_schema(form: Form) -> tuple[dict[str, Any], list[Issue]]:
    """The schema of one completed record of the form, and what it could not say."""
    return _Builder(form).build()


# --- the schema ----------------------------------------------------------------------------------
class _Builder:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.placed: dict[str, Placed] = {}
        for placed in form.walk():
            self.placed.setdefault(placed.field.id, placed)
        self.fields = {field_id: placed.field for field_id, placed in self.placed.items()}
        self.warnings: list[Issue] = []
        # Object schemas by scope (None: the record; else a repeating group's id) for rules added later.
        self.scopes: dict[str | None, dict[str, Any]] = {}
        self.rules = RequiredWhenShown(self.placed, self.fields, self.scopes, self.warnings)

    def build(self) -> tuple[dict[str, Any], list[Issue]]:
        form = self.form
        root: dict[str, Any] = {
            "$schema": DIALECT,
            "$id": f"{coform_url()}/json-schema/{file_stem(form)}.schema.json",
            "title": form.title,
            "description": form.purpose,
            "$comment": RECORD_NOTE,
            "x-coform": _drop_empty({
                "form": form.id, "version": form.version, "status": form.status, "owner": form.owner,
                "languages": list(form.languages) if form.languages != ("en",) else None,
                "translations": self.translations(form, "form"),
                "sections": [_drop_empty({"id": s.id, "title": s.title, "intro": s.intro,
                                          "translations": self.translations(s, "section")}) for s in form.sections],
            }),
        }
        top = [field for section in form.sections for field in section.fields]
        body = self.object_schema(top, None)
        for placed in form.walk():
            if placed.field.type != "guidance" and placed.field.required:
                self.rules.require(placed)
        for scope in self.scopes.values():
            if not scope["required"]:
                del scope["required"]
            if not scope["allOf"]:
                del scope["allOf"]
        root.update(body)
        return root, self.warnings

    def object_schema(self, fields: list[Field] | tuple[Field, ...], scope: str | None) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: value for f in fields if f.type != "guidance"
                           for key, value in ((f.id, self.property(f)), *self.consent(f))},
            "required": [],
            "additionalProperties": False,
            "allOf": [],
        }
        self.scopes[scope] = schema
        return schema

    def consent(self, f: Field) -> list[tuple[str, dict[str, Any]]]:
        """The person's yes or no to each agency the answer goes to only by agreement, right after it."""
        return [(q.id, {"title": q.label, "description": q.hint, "type": "boolean",
                        "x-coform": {"consent_for": f.id, "shared_with": q.agency, "purpose": "legal_evidence",
                                     "completed_by": "person", "lawful_basis": "consent"}})
                for q in consent_questions(f)]

    # --- one property -----------------------------------------------------------------------------
    def property(self, f: Field) -> dict[str, Any]:
        s: dict[str, Any] = {"title": f.label}
        notes: list[str] = [f.hint] if f.hint else []
        if f.type in ("short_text", "long_text"):
            s.update(type="string", minLength=1)
            _set(s, "maxLength", f.max_length)
            _set(s, "pattern", f.pattern)
        elif f.type == "number":
            s["type"] = "integer" if f.integer else "number"
            _set(s, "minimum", f.min)
            _set(s, "maximum", f.max)
        elif f.type == "scale":
            s["type"] = "integer"
            _set(s, "minimum", f.min)
            _set(s, "maximum", f.max)
        elif f.type == "date":
            s.update(type="string", format="date", pattern=DATE_PATTERN)
            notes += self.date_limits(f)
        elif f.type == "yes_no":
            s["type"] = "boolean"
        elif f.type == "single_choice":
            s.update(type="string", enum=list(f.option_values()))
        elif f.type == "multi_choice":
            s.update(type="array", items={"type": "string", "enum": list(f.option_values())}, uniqueItems=True,
                     minItems=max(1, f.min_selected or 0))
            _set(s, "maxItems", f.max_selected)
        elif f.type == "repeating_group":
            # An empty list is not an answer (see RECORD_NOTE), so a written group has an item.
            s.update(type="array", items=self.object_schema(f.fields, f.id), minItems=max(1, f.min_items or 0))
            _set(s, "maxItems", f.max_items)
        if notes:
            s["description"] = "\n\n".join(notes)
        s["x-coform"] = self.metadata(f)
        # Keep the reading order: title, description, then the keywords that check the answer.
        return {key: s[key] for key in sorted(s, key=_KEY_ORDER.index)}

    def date_limits(self, f: Field) -> list[str]:
        words = []
        for key, value, relation in (("min", f.min, "on or after"), ("max", f.max, "on or before")):
            if value is None:
                continue
            day = "the day the answer is given" if value == "today" else str(value)
            words.append(f"The date must be {relation} {day}.")
            self.warnings.append(Code.EXPORT_DATE_LIMIT_UNCHECKED.issue(
                "", *f.at(key), where=f"field '{f.id}'", limit=f"'{key}: {value}'"))
        if words:
            words.append("JSON Schema cannot compare dates: check this limit in the case system.")
        return [" ".join(words)] if words else []

    def translations(self, obj: Form | Section | Field | Option, kind: str) -> dict[str, dict[str, str]]:
        """{tag: {keyword: text}} for every other language OBJ has its own words in (empty when none)."""
        out: dict[str, dict[str, str]] = {}
        for keyword, key in TRANSLATED[kind]:
            for tag, text in translated(obj, key, self.form.languages[1:]).items():
                out.setdefault(tag, {})[keyword] = text
        return {tag: out[tag] for tag in self.form.languages if tag in out}

    def metadata(self, f: Field) -> dict[str, Any]:
        placed = self.placed[f.id]
        meta: dict[str, Any] = {"section": placed.section.id}
        if f.show_if is not None:
            meta["shown_when"] = describe(f.show_if, fields=self.fields)
        meta["required"] = f.required
        if f.type == "repeating_group":
            return meta
        meta.update({
            "type": f.type, "purpose": f.purpose, "completed_by": f.completed_by, "data_category": f.data_category,
            "special_category": f.special_category, "lawful_basis": f.lawful_basis,
            "processing_condition": f.processing_condition, "own_words": f.own_words,
            "visible_to_person": f.visible_to_person, "shared_with": list(f.shared_with),
            "shared_by_consent": list(f.consent_agencies), "retention": f.retention,
            "statutory_item": f.statutory_item,
        })
        if f.options:
            meta["options"] = [_drop_empty({"value": o.value, "label": o.label, "code_system": o.code_system,
                                            "code": o.code, "translations": self.translations(o, "option")})
                               for o in f.options]
        if f.type == "date":
            meta.update(min=f.min, max=f.max)
        if f.type == "scale":
            meta.update(min_label=f.min_label, max_label=f.max_label)
        meta["translations"] = self.translations(f, "field")
        return _drop_empty(meta, keep=("required", "own_words", "visible_to_person"))


def _set(schema: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        schema[key] = value


def _drop_empty(meta: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k in keep or v not in (None, "", [], False, {})}


_KEY_ORDER = [
    "title", "description", "type", "format", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "items", "uniqueItems", "minItems", "maxItems", "x-coform",
]
