"""XLSForm expressions: XPath literals and numbers, `relevant` from show_if, and validation as a `constraint`.

Split from exporter/xlsform.py, which writes the sheets. Values inside expressions are XPath literals
split with `concat()`, so they stay exact and never contain '${', which pyxform reads as a reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from forms.model import Condition, Field


def literal(text: str) -> str:
    """An XPath 1.0 string literal for any text (XPath has no escapes: quotes pick the delimiter,
    and concat() joins pieces), never containing '${', which pyxform would read as a reference."""
    quoted = [_quote(p) for part in _split_at_reference(text) for p in _split_quotes(part) if p]
    if not quoted:
        return "''"
    return quoted[0] if len(quoted) == 1 else f"concat({', '.join(quoted)})"


def _split_at_reference(text: str) -> list[str]:
    # 'a${b' → ['a$', '{b']: each piece alone holds no '${'.
    out, start = [], 0
    for index in range(len(text) - 1):
        if text[index] == "$" and text[index + 1] == "{":
            out.append(text[start:index + 1])
            start = index + 1
    out.append(text[start:])
    return out


def _split_quotes(text: str) -> list[str]:
    if "'" not in text or '"' not in text:
        return [text]
    out: list[str] = []
    for i, piece in enumerate(text.split("'")):
        if i:
            out.append("'")
        if piece:
            out.append(piece)
    return out


def _quote(text: str) -> str:
    return f'"{text}"' if "'" in text else f"'{text}'"


def number(value: object) -> str:
    """A number as XPath writes it: no exponent, no trailing '.0'."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def relevant(condition: Condition, fields: Mapping[str, Field], names: Mapping[str, str]) -> str:
    """A show_if as an XLSForm `relevant` expression, with Coform's meaning for blank answers.

    `fields` and `names` map field ids to the fields and to their XLSForm names.
    """

    def say(c: Condition) -> str:
        if c.op in ("all", "any"):
            joint = " and " if c.op == "all" else " or "
            return joint.join(f"({say(k)})" if k.op in ("all", "any", "in") else say(k) for k in c.children)
        if c.op == "not":
            return f"not({say(c.children[0])})"
        target = fields[c.field or ""]
        ref = "${" + names[target.id] + "}"
        if c.op == "answered":
            size = f"count-selected({ref})" if target.type == "multi_choice" else f"string-length({ref})"
            return f"{size} > 0" if c.value else f"{size} = 0"
        if c.op == "in":
            return " or ".join(_equal(ref, target, v) for v in c.value)
        return _equal(ref, target, c.value, negate=c.op == "not_equals")

    return say(condition)


def _equal(ref: str, target: Field, value: object, negate: bool = False) -> str:
    if target.type == "multi_choice":
        test = f"selected({ref}, {literal(str(value))})"
        return f"not({test})" if negate else test
    if target.type == "yes_no" and isinstance(value, bool):
        right = literal("yes" if value else "no")
    elif target.type in ("number", "scale") and isinstance(value, (int, float)) and not isinstance(value, bool):
        right = number(value)
    else:
        # Dates compare as their ISO text; a blank answer is '' and so differs from every value,
        # which is Coform's meaning too (not_equals holds for a blank answer).
        right = literal(str(value))
    return f"{ref} {'!=' if negate else '='} {right}"


def constraint(f: Field) -> tuple[str, str]:
    """The field's validation as an XLSForm constraint and its message, or ('', '')."""
    tests: list[str] = []
    says: list[str] = []
    if f.type in ("short_text", "long_text") and f.max_length is not None:
        tests.append(f"string-length(.) <= {f.max_length}")
        says.append(f"at most {f.max_length} characters")
    if f.type == "short_text" and f.pattern:
        tests.append(f"regex(., {literal(f.pattern)})")
        says.append(f"must match the pattern {f.pattern}")
    if f.type in ("number", "date"):
        low, high = (_bound(f, v) for v in (f.min, f.max))
        if low:
            tests.append(f". >= {low}")
        if high:
            tests.append(f". <= {high}")
        says.extend(_range_words(f))
    if f.type == "multi_choice":
        if f.min_selected is not None:
            tests.append(f"count-selected(.) >= {f.min_selected}")
            says.append(f"choose at least {f.min_selected}")
        if f.max_selected is not None:
            tests.append(f"count-selected(.) <= {f.max_selected}")
            says.append(f"choose at most {f.max_selected}")
    if not tests:
        return "", ""
    message = "; ".join(says)
    # No full stop: the message may end with a pattern, where one would read as part of it.
    return " and ".join(tests), message[:1].upper() + message[1:]


def _bound(f: Field, value: object) -> str:
    if value is None:
        return ""
    if f.type == "date":
        # Relational operators compare numbers, so a date bound must be a date, not text.
        return "today()" if str(value) == "today" else f"date({literal(str(value))})"
    return number(value)


def _range_words(f: Field) -> list[str]:
    low, high = f.min, f.max
    if f.type == "date":
        return ([f"on or after {low}"] if low is not None else []) + \
               ([f"on or before {high}"] if high is not None else [])
    if low is not None and high is not None:
        return [f"from {number(low)} to {number(high)}"]
    if low is not None:
        return [f"at least {number(low)}"]
    return [f"at most {number(high)}"] if high is not None else []
