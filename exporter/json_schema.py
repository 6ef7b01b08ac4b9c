"""JSON Schema (draft 2020-12) for one completed record of a form: types, limits, options and conditional requirement.

A record is an object with one property per question (guidance records nothing; a repeating group is an
array of objects). A question left unanswered, or hidden, is left out of the record: an empty string or
an empty list is not an answer, which is what lets `required` and the conditions below be exact.

A required question with a `show_if` is required only when it is shown. Visibility follows Coform's
rules (docs/format.md, "How conditions behave while someone fills in the form"): an unanswered
question counts as blank, `not_equals` is true on a blank answer, `equals` on a multi choice means
"includes", an answer to a hidden question does not count, and a hidden repeating group hides the
questions inside it. Each rule becomes `if`/`then` on the object where the answers it reads live; a
question inside a repeating group that depends on answers outside it is required through the group's
`items`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from exporter.base import ExportFile, ExportResult, Subject, coform_url, file_stem, register
from forms.conditions import describe
from forms.consent import consent_questions
from forms.errors import Code, Issue
from forms.languages import translated
from forms.model import Condition, Field, Form, Option, Placed, Section

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# `format: date` only annotates by default (2020-12), so the shape is also checked with a pattern.
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# A requirement that mixes answers inside and outside a repeating group is split on the outside
# answers (if/then/else), up to 2**n branches for n of them; past this many splits it is reported instead.
MAX_SPLITS = 64
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


# --- conditions as expressions on the record's raw answers -----------------------------------------
@dataclass(frozen=True, slots=True)
class _Leaf:
    """A test of one answer as written in the record: 'in' (equals one of `values`; for a multi choice,
    includes one of them) or 'answered'. not_equals and answered: false are the negations of these."""

    op: str
    field: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class _Op:
    """all / any / not of other expressions; True and False are the constants."""

    kind: str
    parts: tuple[Any, ...]


def _join(kind: str, parts: list[Any]) -> Any:
    unit, zero = (True, False) if kind == "all" else (False, True)
    out: list[Any] = []
    for part in parts:
        if part is zero:
            return zero
        if part is unit:
            continue
        for piece in part.parts if isinstance(part, _Op) and part.kind == kind else (part,):
            if piece not in out:
                out.append(piece)
    # Absorption, which keeps chained conditions short: A and (A or B) = A; A and (not A or B) = A and B.
    other = "any" if kind == "all" else "all"
    for index, part in enumerate(out):
        if isinstance(part, _Op) and part.kind == other:
            rest = out[:index] + out[index + 1:]
            if any(q in rest for q in part.parts):
                return _join(kind, rest)
            kept = [q for q in part.parts if _not(q) not in rest]
            if len(kept) < len(part.parts):
                return _join(kind, [*rest[:index], _join(other, kept), *rest[index:]])
    return unit if not out else out[0] if len(out) == 1 else _Op(kind, tuple(out))


def _not(part: Any) -> Any:
    if isinstance(part, bool):
        return not part
    if isinstance(part, _Op) and part.kind == "not":
        return part.parts[0]
    return _Op("not", (part,))


def _leaves(e: Any) -> Iterator[_Leaf]:
    if isinstance(e, _Leaf):
        yield e
    elif isinstance(e, _Op):
        for part in e.parts:
            yield from _leaves(part)


def _implied(test: _Leaf, fact: _Leaf, value: bool, single: bool) -> bool | None:
    """What knowing `fact` is `value` says about another test of the same answer (None: nothing)."""
    if test.field != fact.field:
        return None
    if test == fact:
        return value
    present = value if fact.op == "answered" else (True if value else None)
    if test.op == "answered":
        return present
    if present is False:
        return False  # a blank answer equals nothing
    if fact.op != "in":
        return None
    known, asked = set(fact.values), set(test.values)
    if value and known <= asked:
        return True
    if value and single and known.isdisjoint(asked):
        return False  # one answer, and it is one of the others
    if not value and asked <= known:
        return False
    return None


# --- the schema ----------------------------------------------------------------------------------
class _TooComplex(Exception):
    """A requirement would need more than MAX_SPLITS if/then/else branches."""


class _Builder:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.placed: dict[str, Placed] = {}
        for placed in form.walk():
            self.placed.setdefault(placed.field.id, placed)
        self.fields = {field_id: placed.field for field_id, placed in self.placed.items()}
        self.shown: dict[str, Any] = {}
        self.warnings: list[Issue] = []
        self.splits = 0
        # Object schemas by scope (None: the record; else a repeating group's id) for rules added later.
        self.scopes: dict[str | None, dict[str, Any]] = {}

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
                self.require(placed)
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

    # --- who must answer, and when ----------------------------------------------------------------
    def visible(self, field_id: str) -> Any:
        """When the field is shown, in raw answers: its group's visibility and its own condition."""
        if field_id not in self.shown:
            placed = self.placed[field_id]
            group = self.visible(placed.group.id) if placed.group is not None else True
            own = self.effective(self.expression(placed.field.show_if)) if placed.field.show_if else True
            self.shown[field_id] = self.tighten(_join("all", [group, own]))
        return self.shown[field_id]

    def expression(self, c: Condition) -> Any:
        """A show_if as an expression of 'in' and 'answered' tests, values written as the record holds them."""
        if c.op in ("all", "any"):
            return _join(c.op, [self.expression(child) for child in c.children])
        if c.op == "not":
            return _not(self.expression(c.children[0]))
        field = c.field or ""
        if c.op == "answered":
            return _Leaf("answered", field) if c.value else _not(_Leaf("answered", field))
        target = self.placed[field].field
        values = tuple(dict.fromkeys(_answer_value(target, v) for v in (c.value if c.op == "in" else (c.value,))))
        leaf = _Leaf("in", field, values)
        return _not(leaf) if c.op == "not_equals" else leaf

    def assume(self, e: Any, fact: Any, value: bool) -> Any:
        """e where `fact` is known to be `value`, with what that implies for other tests of the same answer."""
        if isinstance(fact, _Op) and fact.kind == "not":
            return self.assume(e, fact.parts[0], not value)
        if e == fact:
            return value
        if isinstance(e, _Leaf) and isinstance(fact, _Leaf):
            single = self.placed[e.field].field.type != "multi_choice"
            implied = _implied(e, fact, value, single)
            return e if implied is None else implied
        if isinstance(e, _Op):
            parts = [self.assume(p, fact, value) for p in e.parts]
            return _not(parts[0]) if e.kind == "not" else _join(e.kind, parts)
        return e

    def tighten(self, e: Any) -> Any:
        """e with each single test of an all (any) taken as true (false) in its other parts:
        (a is false) and not (a is true) → a is false; (a is true) or (not (a is true) and b) → a or b."""
        if not isinstance(e, _Op):
            return e
        parts = [self.tighten(p) for p in e.parts]
        if e.kind == "not":
            return _not(parts[0])
        e = _join(e.kind, parts)
        while isinstance(e, _Op) and e.kind in ("all", "any"):
            assumed = e.kind == "all"
            for part in e.parts:
                if isinstance(part, _Leaf) or (part.kind == "not" and isinstance(part.parts[0], _Leaf)):
                    tighter = _join(e.kind, [q if q is part else self.assume(q, part, assumed) for q in e.parts])
                    if tighter != e:
                        e = tighter
                        break
            else:
                return e
        return e

    def effective(self, e: Any) -> Any:
        """A condition on answers as they count: a hidden question's answer reads as blank."""
        if isinstance(e, _Op):
            parts = [self.effective(p) for p in e.parts]
            return _not(parts[0]) if e.kind == "not" else _join(e.kind, parts)
        if not isinstance(e, _Leaf):
            return e
        # Both kinds of test are false on a blank answer, so a hidden answer makes them false.
        return _join("all", [self.visible(e.field), e])

    def chain(self, field_id: str) -> tuple[str, ...]:
        """The repeating groups around a field, outermost first."""
        placed = self.placed[field_id]
        return (*self.chain(placed.group.id), placed.group.id) if placed.group is not None else ()

    def require(self, placed: Placed) -> None:
        f = placed.field
        chain = self.chain(f.id)
        need: dict[str, Any] = {"required": [f.id]}
        shown = self.visible(f.id)
        if shown is True:
            self.scopes[chain[-1] if chain else None]["required"].append(f.id)
            return
        start = min(len(self.chain(leaf.field)) for leaf in _leaves(shown))
        self.splits = 0
        try:
            rule = self.place(shown, start, chain, need)
        except _TooComplex:
            self.warnings.append(Code.EXPORT_CONDITION_TOO_COMPLEX.issue(
                "", *f.at("show_if"), where=f"field '{f.id}'", condition=describe(f.show_if, fields=self.fields)
                if f.show_if else "its repeating group's condition", standard="JSON Schema",
                effect="the schema never requires it"))
            return
        if rule is not True:
            self.scopes[chain[start - 1] if start else None]["allOf"].append(rule)

    def place(self, e: Any, level: int, chain: tuple[str, ...], need: dict[str, Any]) -> Any:
        """A rule, on the object at `level` of `chain`, requiring `need` of the innermost object when e holds."""
        e = self.tighten(e)
        if e is False:
            return True
        if e is True:
            return _descend(chain, level, need)
        here = [leaf for leaf in _leaves(e) if len(self.chain(leaf.field)) == level]
        deeper = any(len(self.chain(leaf.field)) > level for leaf in _leaves(e))
        if not here:
            return {"properties": {chain[level]: {"items": self.place(e, level + 1, chain, need)}}}
        if not deeper:
            return _tidy({"if": self.test(e), "then": _descend(chain, level, need)})
        if isinstance(e, _Op) and e.kind == "all":
            local = [p for p in e.parts if all(len(self.chain(x.field)) == level for x in _leaves(p))]
            if local:
                rest = _join("all", [p for p in e.parts if p not in local])
                for part in local:
                    rest = self.assume(rest, part, True)
                return _tidy({"if": self.test(_join("all", local)), "then": self.place(rest, level, chain, need)})
        self.splits += 1
        if self.splits > MAX_SPLITS:
            raise _TooComplex
        leaf = here[0]  # Shannon split on one answer of this object: each branch has one fewer to test
        return _tidy({"if": self.test(leaf), "then": self.place(self.assume(e, leaf, True), level, chain, need),
                      "else": self.place(self.assume(e, leaf, False), level, chain, need)})

    def test(self, e: Any) -> Any:
        """The expression as a schema on the object holding the answers it reads."""
        if isinstance(e, bool):
            return e
        if isinstance(e, _Op):
            parts = [self.test(p) for p in e.parts]
            return {"not": parts[0]} if e.kind == "not" else {"allOf" if e.kind == "all" else "anyOf": parts}
        if e.op == "answered":
            return {"required": [e.field]}
        match: dict[str, Any] = {"const": e.values[0]} if len(e.values) == 1 else {"enum": list(e.values)}
        if self.placed[e.field].field.type == "multi_choice":
            match = {"contains": match}
        return {"required": [e.field], "properties": {e.field: match}}


def _answer_value(target: Field, value: Any) -> Any:
    """A condition's value as it is written in the record (text and options are strings; see _equals)."""
    if target.type in ("number", "scale", "yes_no"):
        return value
    return str(value)


def _descend(chain: tuple[str, ...], level: int, need: dict[str, Any]) -> dict[str, Any]:
    for group in reversed(chain[level:]):
        need = {"properties": {group: {"items": need}}}
    return need


def _tidy(rule: dict[str, Any]) -> Any:
    """Drop branches that require nothing; a rule with no branch left is no rule."""
    rule = {k: v for k, v in rule.items() if not (k in ("then", "else") and v is True)}
    return rule if len(rule) > 1 else True


def _set(schema: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        schema[key] = value


def _drop_empty(meta: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k in keep or v not in (None, "", [], False, {})}


_KEY_ORDER = [
    "title", "description", "type", "format", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "items", "uniqueItems", "minItems", "maxItems", "x-coform",
]
