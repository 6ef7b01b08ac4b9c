"""When a JSON Schema record must hold an answer: conditional requirement, for `exporter.json_schema`.

A required question with a `show_if` is required only when it is shown. Visibility follows Coform's
rules (docs/format.md, "How conditions behave while someone fills in the form"): an unanswered
question counts as blank, `not_equals` is true on a blank answer, `equals` on a multi choice means
"includes", an answer to a hidden question does not count, and a hidden repeating group hides the
questions inside it. Each rule becomes `if`/`then` on the object where the answers it reads live; a
question inside a repeating group that depends on answers outside it is required through the group's
`items`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from forms.conditions import describe
from forms.errors import Code, Issue
from forms.model import Condition, Field, Placed

# A requirement that mixes answers inside and outside a repeating group is split on the outside
# answers (if/then/else), up to 2**n branches for n of them; past this many splits it is reported instead.
MAX_SPLITS = 64


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


class _TooComplex(Exception):
    """A requirement would need more than MAX_SPLITS if/then/else branches."""


class RequiredWhenShown:
    """Adds each required question's rule to the object schemas (`scopes`) the schema builder made."""

    def __init__(self, placed: dict[str, Placed], fields: dict[str, Field], scopes: dict[str | None, dict[str, Any]],
                 warnings: list[Issue]) -> None:
        self.placed = placed
        self.fields = fields
        # Object schemas by scope (None: the record; else a repeating group's id), filled in as they are built.
        self.scopes = scopes
        self.warnings = warnings
        self.shown: dict[str, Any] = {}
        self.splits = 0

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
