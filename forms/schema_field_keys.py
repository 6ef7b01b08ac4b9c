"""Reading the field keys that need more than a kind check, for `forms.schema`: options and their codes,
`show_if` conditions (also a workflow's `if`), examples, bounds, patterns, Article 9 conditions and sharing.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from forms import vocabulary as V
from forms.errors import Code, shown
from forms.model import NO_TRANSLATIONS, Condition, Option
from forms.reader import LocList, LocMap
from forms.schema_languages import TextReader
from forms.schema_values import kind_of


class FieldKeyReader(TextReader):
    """A field's structured keys, and conditions wherever they are written."""

    __slots__ = ()

    def shared_with(self, m: LocMap, owner: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """`shared_with`: agency ids, or `{agency: gp, needs_consent: true}`; (all agencies, those by consent)."""
        value = m["shared_with"]
        if value is None:
            return (), ()
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("shared_with"), key="shared_with", owner=owner,
                        expected="a list", found=kind_of(value), fix="Write 'shared_with: [gp, police]'.")
            return (), ()
        agencies: dict[str, int] = {}
        by_consent: list[str] = []
        for i, item in enumerate(value):
            at = value.at(i)
            consent = False
            if isinstance(item, LocMap):
                self.check_keys(item, V.SHARED_WITH_KEYS, ("agency",), f"an agency {owner} is shared with")
                if "agency" not in item:
                    continue
                at = item.value_at("agency")
                agency = self.ident(item["agency"], at)
                consent = self.boolean(item, "needs_consent", f"agency '{agency}'", False)
            else:
                agency = self.ident(item, at)
            if agency in agencies:
                self.report(Code.ID_DUPLICATE, at, what="agency in shared_with", value=shown(agency),
                            first=agencies[agency])
                continue
            agencies[agency] = at[0]
            if consent:
                by_consent.append(agency)
        return tuple(agencies), tuple(by_consent)

    def example(self, m: LocMap, fid: object, ftype: str, options: tuple[Option, ...]) -> Any:
        """`example`: a sample answer the field would accept, or a located FIELD_013 and nothing."""
        value = m["example"]
        values = tuple(o.value for o in options)
        if ftype in ("short_text", "long_text"):
            ok, expected = isinstance(value, str) and bool(value.strip()), "some text"
        elif ftype in ("number", "scale"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            expected = "a number"
        elif ftype == "date":
            ok, expected = isinstance(value, str) and _is_iso_date(value), "a date written YYYY-MM-DD, in quotes"
        elif ftype == "yes_no":
            ok, expected = isinstance(value, bool), "true or false"
        elif ftype == "single_choice":
            ok, expected = isinstance(value, str) and value in values, "one of the options: " + ", ".join(values)
        else:
            picked = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, LocList) else None
            ok = bool(picked) and all(isinstance(v, str) and v in values for v in picked)
            expected = "a list of the options: " + ", ".join(values)
            value = picked if ok else value
        if not ok:
            self.report(Code.FIELD_BAD_EXAMPLE, m.value_at("example"), field=fid, value=shown(value),
                        expected=expected)
            return None
        return value

    def bounds(self, m: LocMap, fid: str, ftype: object) -> tuple[Any, Any]:
        if ftype == "date":
            return self.date_bound(m, "min", fid), self.date_bound(m, "max", fid)
        if ftype in ("number", "scale"):
            return self.number(m, "min", f"field '{fid}'"), self.number(m, "max", f"field '{fid}'")
        return m.get("min"), m.get("max")

    def date_bound(self, m: LocMap, key: str, fid: str) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if value == "today":
            return value
        if isinstance(value, str):
            try:
                _dt.date.fromisoformat(value)
                return value
            except ValueError:
                pass
        self.report(Code.FIELD_BAD_DATE, m.value_at(key), field=fid, key=key, found=kind_of(value))
        return None

    def pattern(self, m: LocMap, fid: str) -> str | None:
        value = self.text(m, "pattern", f"field '{fid}'")
        if value is None:
            return None
        try:
            re.compile(value)
        except re.error as exc:
            self.report(Code.FIELD_BAD_PATTERN, m.value_at("pattern"), field=fid, problem=str(exc))
        return value

    def processing_condition(self, m: LocMap, fid: str) -> str | None:
        value = m.get("processing_condition")
        if value is None:
            return None
        if value not in V.PROCESSING_CONDITIONS:
            self.report(Code.FIELD_BAD_CONDITION_LETTER, m.value_at("processing_condition"), field=fid, value=value)
            return None
        return value

    def options(self, m: LocMap, fid: str) -> tuple[Option, ...]:
        value = m["options"]
        owner = f"field {shown(fid)}"
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("options"), key="options", owner=owner, expected="a list",
                        found=kind_of(value), fix="Write 'options: [first, second]'.")
            return ()
        if not value:
            self.report(Code.FIELD_OPTIONS_REQUIRED, m.value_at("options"), field=fid, type=m.get("type"))
        out: list[Option] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            at = value.at(i)
            if isinstance(item, LocMap):
                self.check_keys(item, V.OPTION_KEYS, ("value",), f"an option of field '{fid}'")
                raw = item.get("value")
                label = self.text(item, "label", f"an option of field '{fid}'", True)
                at_value = item.value_at("value")
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                raw, label, at_value = item, None, at
            else:
                self.report(Code.SCHEMA_WRONG_KIND, at, key="options", owner=owner,
                            expected="plain values or {value, label} mappings", found=kind_of(item),
                            fix="Write each option as a word such as 'parent', or as '{value: parent, label: Parent}'.")
                continue
            if raw is None:
                continue
            option_value = self.ident(raw if isinstance(raw, (str, dict, list)) else str(raw), at_value)
            if option_value in seen:
                self.report(Code.ID_DUPLICATE, at_value, what="option value", value=shown(option_value),
                            first=seen[option_value])
                continue
            seen[option_value] = at_value[0]
            system, code = self.coding(item, fid, option_value) if isinstance(item, LocMap) else (None, None)
            translations = self.taken(item) if isinstance(item, LocMap) else NO_TRANSLATIONS
            self.tag_locs.pop(id(item), None)  # an option keeps one place; its label's translations point there
            out.append(Option(option_value, label or V.readable(option_value), at, system, code, translations))
        return tuple(out)

    def coding(self, item: LocMap, fid: str, value: str) -> tuple[str | None, str | None]:
        """An option's statutory code list and code: both optional, the code only with its list."""
        owner = f"an option of field '{fid}'"
        system, code = self.text(item, "code_system", owner), self.text(item, "code", owner)
        if system is not None and not V.CODE_SYSTEM_PATTERN.fullmatch(system):
            self.report(Code.FIELD_CODE_SYSTEM_NOT_URI, item.value_at("code_system"), field=fid, value=shown(system))
            system = None
        if code is not None and system is None and "code_system" not in item:
            self.report(Code.FIELD_CODE_WITHOUT_SYSTEM, item.value_at("code"), field=fid, value=value)
        return system, code

    def condition(self, value: object, at: tuple[int, int]) -> Condition | None:
        if not isinstance(value, LocMap):
            self.report(Code.COND_SHAPE, at, problem=f"it is {kind_of(value)}, not a mapping")
            return None
        allowed = ("field", *V.CONDITION_LEAF_OPS, *V.CONDITION_GROUP_OPS)
        self.check_keys(value, allowed, (), "a condition")
        groups = [op for op in V.CONDITION_GROUP_OPS if op in value]
        leaves = [op for op in V.CONDITION_LEAF_OPS if op in value]
        loc = (value.line, value.column)
        if groups:
            if len(groups) > 1 or leaves or "field" in value:
                self.report(Code.COND_SHAPE, loc, problem=f"'{groups[0]}' must stand alone in its mapping")
                return None
            op = groups[0]
            inner = value[op]
            if op == "not":
                child = self.condition(inner, value.value_at(op))
                return Condition("not", children=(child,), loc=loc) if child else None
            if not isinstance(inner, LocList) or not inner:
                self.report(Code.COND_SHAPE, value.value_at(op), problem=f"'{op}' needs a list of conditions")
                return None
            children = tuple(c for i, item in enumerate(inner) if (c := self.condition(item, inner.at(i))))
            return Condition(op, children=children, loc=loc) if len(children) == len(inner) else None
        if "field" not in value:
            self.report(Code.COND_SHAPE, loc, problem="it does not say which field it depends on ('field:')")
            return None
        if len(leaves) != 1:
            problem = "it needs exactly one of equals, not_equals, in, answered" if not leaves else \
                f"it has {', '.join(leaves)}; use one, or combine conditions with 'all' or 'any'"
            self.report(Code.COND_SHAPE, loc, problem=problem)
            return None
        op = leaves[0]
        field_id = self.ident(value["field"], value.value_at("field"))
        operand = value[op]
        at_op = value.value_at(op)
        if op == "in":
            if not isinstance(operand, LocList) or not operand:
                self.report(Code.COND_SHAPE, at_op, problem="'in' needs a list of values, e.g. in: [a, b]")
                return None
            if any(isinstance(item, (LocMap, LocList)) for item in operand):
                self.report(Code.COND_SHAPE, at_op, problem="'in' takes plain values only")
                return None
            operand = tuple(operand)
        elif op == "answered":
            if not isinstance(operand, bool):
                self.report(Code.COND_SHAPE, at_op, problem="'answered' must be true or false")
                return None
        elif isinstance(operand, (LocMap, LocList)) or operand is None:
            self.report(Code.COND_SHAPE, at_op, problem=f"'{op}' needs one plain value")
            return None
        return Condition(op, field=field_id, value=operand, loc=loc)


def _is_iso_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
