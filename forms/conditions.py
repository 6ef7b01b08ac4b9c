"""show_if conditions: checking what they name, evaluating them on answers, saying them in plain English."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from forms.errors import Code, Issue
from forms.model import Condition, Field, Form, Placed
from forms.suggest import did_you_mean


def check_conditions(form: Form, placed: list[Placed] | None = None) -> list[Issue]:
    """Every condition may only name an earlier, answerable field, with values valid for its type."""
    issues: list[Issue] = []
    placed = placed if placed is not None else list(form.walk())
    first: dict[str, Placed] = {}
    for item in placed:
        first.setdefault(item.field.id, item)
    for item in placed:
        if item.field.show_if is not None:
            for name, leaf in item.field.show_if.fields():
                issue = _check_leaf(name, leaf, item, first)
                if issue is not None:
                    issues.append(issue)
    return issues


def _check_leaf(name: str, leaf: Condition, owner: Placed, first: Mapping[str, Placed]) -> Issue | None:
    at = leaf.loc
    target = first.get(name)
    if target is None:
        earlier = [fid for fid, p in first.items() if p.order < owner.order]
        return Code.COND_UNKNOWN_FIELD.issue("", *at, field=name, suggestion=did_you_mean(name, earlier))
    if target.order >= owner.order:
        where = "is this field itself" if target.field is owner.field else \
            f"comes later in the form (line {target.field.loc[0]})"
        if target.group is not None and target.group is owner.field:
            where = "is inside this repeating group"
        return Code.COND_LATER_FIELD.issue("", *at, field=name, where=where)
    return check_answer_test(name, leaf, target, owner.group)


def check_answer_test(name: str, leaf: Condition, target: Placed, inside: Field | None = None) -> Issue | None:
    """A leaf may test a question with one answer (INSIDE: the group the test itself sits in), by its type."""
    at = leaf.loc
    field = target.field
    if not field.records:
        return Code.COND_NOT_COMPARABLE.issue(
            "", *at, field=name, type=field.type, problem="which records no answer of its own",
            fix="Name one of the questions instead.")
    if target.group is not None and target.group is not inside:
        return Code.COND_NOT_COMPARABLE.issue(
            "", *at, field=name, type=field.type,
            problem=f"inside the repeating group '{target.group.id}', so it has one answer per item",
            fix="Ask the question outside the group, or put this field in the same group.")
    if leaf.op == "answered":
        return None
    values = leaf.value if leaf.op == "in" else (leaf.value,)
    for value in values:
        problem = _value_problem(field, value)
        if problem is not None:
            return Code.COND_BAD_VALUE.issue("", *at, value=value, field=name, type=field.type,
                                             suggestion=problem[0], fix=problem[1])
    return None


def _value_problem(field: Field, value: object) -> tuple[str, str] | None:
    """(suggestion, fix) when a value can never be an answer to the field."""
    kind = field.type
    if kind == "yes_no":
        if not isinstance(value, bool):
            return "", "Compare a yes/no question with true or false (without quotes)."
    elif kind in ("single_choice", "multi_choice"):
        options = field.option_values()
        if str(value) not in options or isinstance(value, bool):
            return did_you_mean(str(value), options), "Use one of the option values: " + ", ".join(options) + "."
    elif kind in ("number", "scale"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "", "Compare a number question with a number."
        if (field.min is not None and value < field.min) or (field.max is not None and value > field.max):
            return "", f"Use a number between {field.min} and {field.max}."
    elif kind == "date":
        if not isinstance(value, str) or not _is_date(value):
            return "", "Compare a date question with a date written YYYY-MM-DD."
    elif isinstance(value, bool):
        return "", "Compare a text question with text; put quotes around true or false."
    return None


def _is_date(value: str) -> bool:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- evaluation ------------------------------------------------------------------------
def _blank(answer: object) -> bool:
    return answer is None or answer == "" or answer == [] or answer == ()


def _equals(answer: Any, value: Any) -> bool:
    if isinstance(answer, (list, tuple, set, frozenset)):
        return value in answer or str(value) in answer
    return answer == value or (isinstance(answer, str) and not isinstance(value, bool) and answer == str(value))


def evaluate(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Is a field with this condition shown, given the answers so far? Missing answers are blank."""
    op = condition.op
    if op == "all":
        return all(evaluate(c, answers) for c in condition.children)
    if op == "any":
        return any(evaluate(c, answers) for c in condition.children)
    if op == "not":
        return not evaluate(condition.children[0], answers)
    answer = answers.get(condition.field) if condition.field else None
    if op == "answered":
        return (not _blank(answer)) == bool(condition.value)
    if _blank(answer):
        return op == "not_equals"
    if op == "equals":
        return _equals(answer, condition.value)
    if op == "not_equals":
        return not _equals(answer, condition.value)
    return any(_equals(answer, v) for v in condition.value)


def visible_fields(form: Form, answers: Mapping[str, Any]) -> set[str]:
    """Ids of the fields shown for these answers; an answer to a hidden field does not count."""
    shown: set[str] = set()
    effective: dict[str, Any] = {}
    hidden_groups: set[str] = set()
    for placed in form.walk():
        field = placed.field
        if placed.group is not None and placed.group.id in hidden_groups:
            hidden_groups.add(field.id)
            continue
        if field.show_if is None or evaluate(field.show_if, effective):
            shown.add(field.id)
            if field.id in answers:
                effective[field.id] = answers[field.id]
        else:
            hidden_groups.add(field.id)
    return shown


# --- plain English ---------------------------------------------------------------------
def describe(condition: Condition, form: Form | None = None, fields: Mapping[str, Field] | None = None) -> str:
    """A condition as a sentence fragment: "'Any disability?' is Yes and 'Age' is not 16".

    Pass `fields` (id → field) when describing many conditions of one form, so the form is not
    walked again for each one.
    """
    if fields is None:
        fields = {p.field.id: p.field for p in form.walk()} if form is not None else {}
    return _say(condition, fields)


def _name(field_id: str | None, fields: Mapping[str, Field]) -> str:
    field = fields.get(field_id or "")
    return f"'{field.label}'" if field is not None and field.label else f"'{field_id}'"


def _value(value: Any, field: Field | None) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None:
        for option in field.options:
            if option.value == str(value):
                return f"'{option.label}'"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _say(c: Condition, fields: Mapping[str, Field]) -> str:
    if c.op in ("all", "any"):
        joint = " and " if c.op == "all" else " or "
        parts = [_say(child, fields) for child in c.children]
        return joint.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    if c.op == "not":
        return f"it is not the case that {_say(c.children[0], fields)}"
    field = fields.get(c.field or "")
    name = _name(c.field, fields)
    multi = field is not None and field.type == "multi_choice"
    if c.op == "answered":
        return f"{name} is answered" if c.value else f"{name} is not answered"
    if c.op == "equals":
        return f"{name} includes {_value(c.value, field)}" if multi else f"{name} is {_value(c.value, field)}"
    if c.op == "not_equals":
        return f"{name} does not include {_value(c.value, field)}" if multi else \
            f"{name} is not {_value(c.value, field)}"
    values = [_value(v, field) for v in c.value]
    listed = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
    return f"{name} includes {listed}" if multi else f"{name} is {listed}"
