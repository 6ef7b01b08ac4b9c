"""Example records for a vendor's tests: valid ones that between them take every branch of every condition
(shown and hidden), one with every optional question left out, and invalid ones that each break one rule.

Records have the shape the pack's JSON Schema describes (exporter/json_schema.py): one property per answered,
shown question; a repeating group is a list of items. Values are found from the model: a condition is solved
for each branch (forms/conditions.py semantics), compatible branches share a record, and each record is
built by walking the form as someone filling it in would, so an answer never depends on a hidden one.
Everything is deterministic: the same form always gives the same records in the same order.
"""

from __future__ import annotations

import math
import re
import re._parser as sre  # the standard library's own regex parser: patterns become sample text
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from forms.conditions import evaluate
from forms.errors import Code, Issue
from forms.model import Condition, Field, Form, Placed

BLANK = object()  # "leave this question unanswered"
MAX_CANDIDATES = 6  # ways tried to satisfy one branch before it is reported as unreachable
MAX_ROUNDS = 256  # records built to cover branches; each covers at least one more branch (else EXPORT_098)


@dataclass(frozen=True, slots=True)
class Example:
    """One example record: its file stem, the record, and what it shows (valid) or the rule it breaks (invalid)."""

    name: str
    record: dict[str, Any]
    about: str
    field: str = ""


# --- sample answers ------------------------------------------------------------------------
def pattern_text(pattern: str) -> str | None:
    """A short text the pattern matches (JSON Schema patterns search, so any matching text will do)."""
    try:
        text = _generate(sre.parse(pattern))
    except (re.error, ValueError, TypeError, RecursionError):
        return None
    return text if re.search(pattern, text) else None


def _generate(tokens: Any) -> str:
    out = []
    for op, arg in tokens:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            out.append(_first_in(arg))
        elif name == "ANY":
            out.append("a")
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, inner = arg
            out.append(_generate(inner) * max(1, low) if low else "")
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            out.append(_generate(arg[-1] if isinstance(arg, tuple) else arg))
        elif name == "BRANCH":
            out.append(_generate(arg[1][0]))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            raise ValueError(name)
    return "".join(out)


def _first_in(items: list) -> str:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if negate:  # any character the class leaves out: try a few ordinary ones
        for ch in "aZ0 _-":
            if re.fullmatch(sre_pattern(items), ch):
                return ch
        raise ValueError("negated class")
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return {"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(str(arg), "a")
    raise ValueError("class")


def sre_pattern(items: list) -> str:
    """A character class rebuilt well enough to test one character against it."""
    parts = []
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            parts.insert(0, "^")
        elif name == "LITERAL":
            parts.append(re.escape(chr(arg)))
        elif name == "RANGE":
            parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif name == "CATEGORY":
            parts.append({"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}.get(str(arg), ""))
    return "[" + "".join(parts) + "]"


def sample(f: Field, avoid: tuple[Any, ...] = ()) -> Any:
    """A valid answer to F, other than those in AVOID when it can be; BLANK when none can be found."""
    kind = f.type
    if kind in ("short_text", "long_text"):
        words = ("Example answer", "Another answer", "A third answer") if kind == "short_text" else \
            ("A longer answer, in the person's own words.", "Another longer answer.", "A third longer answer.")
        for text in words:
            if f.pattern is not None:
                text = pattern_text(f.pattern) if text == words[0] else None
                if text is None:
                    return BLANK
            text = text[:f.max_length] if f.max_length else text
            if text not in avoid:
                return text
        return BLANK
    if kind in ("number", "scale"):
        low = f.min if f.min is not None else (1 if kind == "scale" else 0)
        if f.max is not None and low > f.max:
            low = f.max
        for step in range(4):
            value = low + step
            if f.max is not None and value > f.max:
                break
            if kind == "scale" or f.integer:
                value = math.ceil(value)  # a whole number at or above a decimal minimum
            elif float(value).is_integer():
                value = int(value)
            if value not in avoid:
                return value
        return BLANK
    if kind == "date":
        fixed = [v for v in (f.min, f.max) if isinstance(v, str) and v != "today"]
        days = [fixed[0]] if fixed else ["2099-12-31"] if f.min == "today" else ["2024-04-01", "2024-04-02"]
        return next((d for d in days if d not in avoid), BLANK)
    if kind == "yes_no":
        return next((v for v in (True, False) if v not in avoid), BLANK)
    if kind == "single_choice":
        return next((o.value for o in f.options if o.value not in avoid), BLANK)
    if kind == "multi_choice":
        chosen = [o.value for o in f.options if o.value not in avoid][:max(1, f.min_selected or 0)]
        return chosen if len(chosen) >= max(1, f.min_selected or 0) else BLANK
    return BLANK


# --- solving a condition for a branch ------------------------------------------------------
def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
    out = dict(a)
    for key, value in b.items():
        if key in out and out[key] is not value and out[key] != value:
            return None
        out[key] = value
    return out


def _products(options: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [{}]
    for choices in options:
        found = [m for a in found for b in choices if (m := _merge(a, b)) is not None][:MAX_CANDIDATES]
    return found


class Solver:
    """Answers (field id → value, or BLANK) under which a condition is true or false."""

    def __init__(self, form: Form) -> None:
        self.placed: dict[str, Placed] = {}
        for placed in form.walk():
            self.placed.setdefault(placed.field.id, placed)

    def solve(self, c: Condition, want: bool) -> list[dict[str, Any]]:
        if c.op == "not":
            return self.solve(c.children[0], not want)
        if c.op in ("all", "any"):
            every = (c.op == "all") == want
            parts = [self.solve(child, want) for child in c.children]
            if every:
                return _products(parts)
            return [m for p in parts for m in p][:MAX_CANDIDATES]
        f = self.placed[c.field or ""].field
        if c.op == "answered":
            return [{f.id: BLANK}] if bool(c.value) != want else self._shown(f.id, sample(f))
        values = tuple(c.value) if c.op == "in" else (c.value,)
        hit = (c.op != "not_equals") == want
        if hit:
            return [m for v in values for m in self._shown(f.id, self._answer(f, v))][:MAX_CANDIDATES]
        other = sample(f, avoid=tuple(str(v) if f.type in ("single_choice", "multi_choice") else v for v in values))
        found = self._shown(f.id, other) if other is not BLANK else []
        return [*found, {f.id: BLANK}]

    @staticmethod
    def _answer(f: Field, value: Any) -> Any:
        if f.type == "multi_choice":
            return [str(value)]
        if f.type in ("single_choice", "short_text", "long_text", "date"):
            return str(value)  # as the record holds it (exporter/json_schema_rules.py _answer_value)
        return value

    def _shown(self, field_id: str, value: Any) -> list[dict[str, Any]]:
        """An answer that counts: the question (and its group) must be shown for it to be read."""
        placed = self.placed[field_id]
        found = [{field_id: value}]
        for owner in (placed.field, placed.group):
            if owner is not None and owner.show_if is not None:
                found = _products([found, self.solve(owner.show_if, True)])
        return found


# --- building records ----------------------------------------------------------------------
class Records:
    """Builds records from chosen answers and says which branches each one takes."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.top = [f for s in form.sections for f in s.fields]

    def build(self, chosen: dict[str, Any], optional: bool = True) -> tuple[dict[str, Any], set[tuple[str, bool]]]:
        """A record from CHOSEN answers (others sampled; optional ones left out when not OPTIONAL)."""
        taken: set[tuple[str, bool]] = set()
        record = self._fill(self.top, chosen, {}, optional, taken)
        return record, taken

    def _fill(self, fields: list[Field] | tuple[Field, ...], chosen: dict[str, Any], outer: dict[str, Any],
              optional: bool, taken: set[tuple[str, bool]]) -> dict[str, Any]:
        record: dict[str, Any] = {}
        effective = dict(outer)
        for f in fields:
            if f.show_if is not None:
                shown = evaluate(f.show_if, effective)
                taken.add((f.id, shown))
                if not shown:
                    continue  # questions inside a hidden group take no branch of their own conditions
            if f.type == "guidance":
                continue
            if f.type == "repeating_group":
                wanted = any(c.id in chosen for c in f.fields)
                if not (f.required or optional or wanted):
                    continue
                count = max(1, f.min_items or 0)
                items = [self._fill(f.fields, chosen, effective, optional, taken) for _ in range(count)]
                record[f.id] = items
                continue
            value = chosen.get(f.id)
            if value is None:
                value = sample(f) if (optional or f.required) else BLANK
            if value is BLANK:
                continue
            record[f.id] = value
            effective[f.id] = value
        return record


def branches(form: Form) -> list[tuple[Placed, bool]]:
    """Every (conditional question, shown?) pair, in document order: shown first."""
    return [(p, want) for p in form.walk() if p.field.show_if is not None for want in (True, False)]


def valid_examples(form: Form) -> tuple[list[Example], list[Issue]]:
    """Records that between them take every branch, then the record with every optional question left out."""
    solver, builder = Solver(form), Records(form)
    wanted = branches(form)
    fields = {p.field.id: p.field for p in form.walk()}
    covered: set[tuple[str, bool]] = set()
    examples: list[Example] = []
    unreachable: set[tuple[str, bool]] = set()
    for _ in range(MAX_ROUNDS):
        done = covered | unreachable
        todo = [(p, w) for p, w in wanted if (p.field.id, w) not in done]
        if not todo:
            break
        keys = {(p.field.id, w) for p, w in todo}
        chosen: dict[str, Any] = {}
        for placed, want in todo:  # greedily add every branch that does not contradict the ones taken
            for candidate in solver.solve(placed.field.show_if, want) if placed.field.show_if else []:
                merged = _merge(chosen, candidate)
                if merged is not None:
                    chosen = merged
                    break
        # The first record answers everything it can; later ones only what they need (smaller files).
        record, taken = builder.build(chosen, optional=not examples)
        new = taken & keys
        first = todo[0][0].field
        target = (first.id, todo[0][1])
        if not new:  # the greedy answers missed: each way of taking the first branch left, on its own
            for candidate in solver.solve(first.show_if, target[1]) if first.show_if else []:
                record, taken = builder.build(candidate, optional=not examples)
                if target in taken:
                    new = taken & keys
                    break
            else:
                unreachable.add(target)
                continue
        covered |= new
        examples.append(Example(f"branches-{len(examples) + 1}", record, _taking(_in_order(wanted, new), fields)))
    done = covered | unreachable
    left = [(p, w) for p, w in wanted if (p.field.id, w) not in done]
    record, _ = builder.build({}, optional=False)
    examples.append(Example("optional-left-out", record, "Every optional question is left out; only required "
                                                         "questions that are shown are answered."))
    issues = [Code.EXPORT_EXAMPLE_UNREACHABLE.issue("", *p.field.at("show_if"), where=f"field '{p.field.id}'",
                                                    branch="show" if w else "hide")
              for p, w in wanted if (p.field.id, w) in unreachable]
    if left:  # branches that exclude each other, each needing a record of its own, past MAX_ROUNDS of them
        first = left[0][0].field
        issues.append(Code.EXPORT_EXAMPLES_CAPPED.issue("", *first.at("show_if"), count=len(left) - 1,
                                                        records=len(examples), where=f"field '{first.id}'"))
    return examples, issues


def _in_order(wanted: list[tuple[Placed, bool]], new: set[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(p.field.id, w) for p, w in wanted if (p.field.id, w) in new]


def _taking(taken: list[tuple[str, bool]], fields: dict[str, Field]) -> str:
    shown = [f"'{fields[f].label}'" for f, w in taken if w]
    hidden = [f"'{fields[f].label}'" for f, w in taken if not w]
    parts = ([f"Shows {', '.join(shown)}."] if shown else []) + ([f"Hides {', '.join(hidden)}."] if hidden else [])
    return " ".join(parts)


def answers_of(record: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every (field id, answer) of a record, items of repeating groups included."""
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                yield from answers_of(item)
        else:
            yield key, value
