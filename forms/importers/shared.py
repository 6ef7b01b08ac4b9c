"""What both importers share: the result, known fields, condition values and YAML output."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import yaml

from forms.errors import Code, Issue
from forms.vocabulary import readable as readable_value

# docs/format.md order, so an imported file reads like a hand-written one.
FORM_KEYS = ("kind", "id", "title", "version", "status", "purpose", "languages", "owner", "sections")
SECTION_KEYS = ("id", "title", "intro", "fields")
FIELD_KEYS = (
    "id", "label", "type", "hint", "required", "show_if", "options",
    "max_length", "pattern", "min", "max", "integer", "min_selected", "max_selected",
    "min_label", "max_label", "min_items", "max_items", "fields",
)
CONDITION_KEYS = ("field", "equals", "not_equals", "in", "answered", "all", "any", "not")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A Coform form as YAML text (empty when nothing could be imported) and the import report."""

    yaml_text: str
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return bool(self.yaml_text) and not any(issue.is_error for issue in self.issues)


def unreadable(problem: str, fix: str) -> ImportResult:
    return ImportResult("", (Code.IMPORT_UNREADABLE.issue(problem=problem, fix=fix),))


@dataclass(slots=True)
class Known:
    """A field already imported, as conditions need it: its id, type, answer values, scope.

    `values` maps a foreign answer (as text) to the option value it became; `scope` is the
    chain of repeating groups holding the field (a condition may only look outwards).
    """

    id: str
    type: str
    values: dict[str, str] = field(default_factory=dict)
    scope: tuple[str, ...] = ()
    low: object = None  # a number field's min and max: a condition value must lie between them
    high: object = None


class NotConvertible(Exception):
    """A condition or constraint has no faithful Coform equivalent; the message says why."""


def visible_from(target: Known, scope: tuple[str, ...]) -> None:
    # A question inside a repeating group has one answer per item: only its own group can use it.
    if target.scope and target.scope != scope:
        raise NotConvertible(f"'{target.id}' is inside a repeating group this question is not in")


def answer_value(target: Known, raw: object) -> object:
    """A foreign answer as a value valid for the target field's type, or NotConvertible."""
    kind = target.type
    if kind == "yes_no":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("yes", "true", "1", "y"):
            return True
        if text in ("no", "false", "0", "n"):
            return False
    elif kind in ("single_choice", "multi_choice"):
        key = _answer_key(raw)
        if key in target.values:
            return target.values[key]
        raise NotConvertible(f"'{raw}' is not one of the answers to '{target.id}'")
    elif kind in ("number", "scale") and not isinstance(raw, bool):
        try:
            number = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pass
        else:
            low_ok = not isinstance(target.low, (int, float)) or number >= target.low
            high_ok = not isinstance(target.high, (int, float)) or number <= target.high
            if low_ok and high_ok and math.isfinite(number):
                return int(number) if number.is_integer() else number
    elif (kind == "date" and _is_date(raw)) or (
            kind in ("short_text", "long_text") and isinstance(raw, (str, int, float))):
        return str(raw)
    raise NotConvertible(f"'{raw}' cannot be compared with '{target.id}' ({kind})")


def _is_date(raw: object) -> bool:
    try:
        dt.date.fromisoformat(str(raw))
    except ValueError:
        return False
    return bool(ISO_DATE.match(str(raw)))


def _answer_key(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def compare(target: Known, scope: tuple[str, ...], op: str, raw: object) -> dict:
    """{field, equals|not_equals: value}, checked against the target's type and scope."""
    visible_from(target, scope)
    if target.type in ("guidance", "repeating_group"):
        raise NotConvertible(f"'{target.id}' is not a question with an answer")
    key = "equals" if op == "=" else "not_equals"
    return {"field": target.id, key: answer_value(target, raw)}


def answered(target: Known, scope: tuple[str, ...], yes: bool = True) -> dict:
    visible_from(target, scope)
    if target.type in ("guidance", "repeating_group"):
        raise NotConvertible(f"'{target.id}' is not a question with an answer")
    cond = {"field": target.id, "answered": True}
    return cond if yes else {"not": cond}


def combine(kind: str, parts: list[dict | None]) -> dict | None:
    """all/any of the conditions given (None ones left out), flattening nested same kinds."""
    flat: list[dict] = []
    for part in parts:
        if part is None:
            continue
        flat.extend(part[kind] if set(part) == {kind} else [part])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else {kind: flat}


def options_list(pairs: list[tuple[str, str]]) -> list:
    """Plain values when every label is what Coform would show for the value anyway, else mappings."""
    if all(label == readable_value(value) for value, label in pairs):
        return [value for value, _ in pairs]
    return [{"value": value, "label": label} for value, label in pairs]


def label_text(value: object) -> str | None:
    """Cell or JSON text as a label: None when blank; whole floats lose their '.0'."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.time)):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


# --- YAML output ---------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, no anchors (conditions pushed down to many fields stay written out)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line text (guidance, hints) reads best as a literal block; PyYAML falls back to
    # quoting by itself when the text cannot be a block (e.g. trailing spaces on a line).
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def _ordered(mapping: dict, keys: tuple[str, ...]) -> dict:
    rank = {key: i for i, key in enumerate(keys)}
    return dict(sorted(mapping.items(), key=lambda item: rank.get(item[0], len(rank))))


def _tidy_condition(cond: object) -> object:
    if isinstance(cond, dict):
        return {k: _tidy_condition(v) for k, v in _ordered(cond, CONDITION_KEYS).items()}
    if isinstance(cond, list):
        return [_tidy_condition(c) for c in cond]
    return cond


def _tidy_field(item: dict) -> dict:
    out = _ordered(item, FIELD_KEYS)
    if "show_if" in out:
        out["show_if"] = _tidy_condition(out["show_if"])
    if "fields" in out:
        out["fields"] = [_tidy_field(f) for f in out["fields"]]
    return out


def dump_form(form: dict) -> str:
    """The form as block-style YAML with keys in docs/format.md order; it round-trips exactly."""
    doc = _ordered(form, FORM_KEYS)
    doc["sections"] = [
        {**_ordered(s, SECTION_KEYS), "fields": [_tidy_field(f) for f in s["fields"]]}
        for s in form["sections"]
    ]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000)


def purpose_for(source: str, name: str) -> str:
    return (f"Imported from the {source} {name}. Before this form is used, write here in plain "
            "words why it exists and what it helps the person with.")
