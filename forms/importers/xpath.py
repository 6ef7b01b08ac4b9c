"""The small part of XLSForm's XPath that maps onto Coform: relevant → show_if, constraint → bounds."""

from __future__ import annotations

import re
from collections.abc import Callable

from forms.importers.shared import Known, NotConvertible, answered, combine, compare

# One token at a time; anything not matched here (arithmetic, paths, ...) is not convertible.
_TOKEN = re.compile(r"""
    \s*(?:
      (?P<ref>\$\{\s*[^}\s]+\s*\})
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<num>-?\d+(?:\.\d+)?)
    | (?P<op>!=|<=|>=|=|<|>)
    | (?P<punct>[(),])
    | (?P<name>[A-Za-z_][\w\-]*)
    | (?P<self>\.)
    )""", re.X)

Node = tuple  # ('and'|'or', [nodes]) | ('not', node) | ('cmp', op, a, b) | ('call', name, [args]) | leaf
Resolve = Callable[[str], Known]


def parse(text: str) -> Node:
    """An expression tree, or NotConvertible when the text uses more than Coform can hold."""
    tokens = _tokens(text)
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.peek() is not None:
        raise NotConvertible(f"unexpected '{parser.peek()[1]}'")
    return node


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise NotConvertible(f"'{text[pos:pos + 12]}' is not understood")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


class _Parser:
    """Recursive descent: or > and > not(...) / comparison / call."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (kind and token[0] != kind) or (value and token[1] != value):
            raise NotConvertible("the expression ends too early" if token is None else f"unexpected '{token[1]}'")
        self.pos += 1
        return token

    def _word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "name" and token[1] == word

    def expression(self) -> Node:
        parts = [self.conjunction()]
        while self._word("or"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def conjunction(self) -> Node:
        parts = [self.comparison()]
        while self._word("and"):
            self.take()
            parts.append(self.comparison())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def comparison(self) -> Node:
        left = self.operand()
        token = self.peek()
        if token is not None and token[0] == "op":
            self.take()
            return ("cmp", token[1], left, self.operand())
        return left

    def operand(self) -> Node:
        kind, value = self.take()
        if kind == "punct" and value == "(":
            node = self.expression()
            self.take("punct", ")")
            return node
        if kind == "ref":
            return ("ref", value[2:-1].strip())
        if kind == "str":
            return ("str", value[1:-1])
        if kind == "num":
            return ("num", float(value) if "." in value else int(value))
        if kind == "self":
            return ("self",)
        if kind == "name" and self.peek() == ("punct", "("):
            self.take()
            args: list[Node] = []
            while self.peek() != ("punct", ")"):
                args.append(self.expression())
                if self.peek() == ("punct", ","):
                    self.take()
            self.take("punct", ")")
            return ("not", args[0]) if value == "not" and len(args) == 1 else ("call", value, args)
        raise NotConvertible(f"'{value}' is not understood")


# --- relevant → show_if -------------------------------------------------------------------


def condition(text: str, resolve: Resolve, scope: tuple[str, ...]) -> dict:
    """A Coform show_if for an XLSForm relevant, or NotConvertible."""
    return _cond(parse(text), resolve, scope)


def _cond(node: Node, resolve: Resolve, scope: tuple[str, ...]) -> dict:
    kind = node[0]
    if kind in ("and", "or"):
        result = combine("all" if kind == "and" else "any", [_cond(n, resolve, scope) for n in node[1]])
        assert result is not None
        return result
    if kind == "not":
        return {"not": _cond(node[1], resolve, scope)}
    if kind == "call" and node[1] == "selected" and len(node[2]) == 2:
        target, value = node[2]
        if target[0] == "ref" and value[0] in ("str", "num"):
            return compare(resolve(target[1]), scope, "=", value[1])
    if kind == "cmp":
        return _comparison(node, resolve, scope)
    raise NotConvertible("only =, !=, selected(), and, or and not() can be converted")


def _comparison(node: Node, resolve: Resolve, scope: tuple[str, ...]) -> dict:
    _, op, left, right = node
    if right[0] == "ref" and left[0] != "ref":
        left, right = right, left
        op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
    # 'Answered' checks: ${q} != '', string-length(${q}) > 0, count-selected(${q}) > 0.
    if left[0] == "call" and left[1] in ("string-length", "count-selected") and len(left[2]) == 1 \
            and left[2][0][0] == "ref" and right in (("num", 0),) and op in (">", "!=", "="):
        return answered(resolve(left[2][0][1]), scope, yes=op != "=")
    if left[0] != "ref" or op not in ("=", "!="):
        raise NotConvertible("Coform conditions compare an answer for equality only")
    target = resolve(left[1])
    if right[0] == "str" and right[1] == "":
        return answered(target, scope, yes=op == "!=")
    if right[0] == "call" and right[1] in ("true", "false") and not right[2]:
        return compare(target, scope, op, right[1] == "true")
    if right[0] not in ("str", "num"):
        raise NotConvertible("an answer can only be compared with a fixed value")
    return compare(target, scope, op, right[1])


# --- constraint → min / max / max_length / pattern ----------------------------------------


def bounds(text: str, field_type: str, integer: bool) -> dict:
    """Coform validation keys for an XLSForm constraint on the field itself, or NotConvertible."""
    node = parse(text)
    parts = node[1] if node[0] == "and" else [node]
    out: dict = {}
    for part in parts:
        for key, value in _bound(part, field_type, integer).items():
            if key in out:
                raise NotConvertible(f"'{key}' is set twice")
            out[key] = value
    low, high = out.get("min"), out.get("max")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        raise NotConvertible("the lower bound is above the upper bound")
    return out


def _bound(node: Node, field_type: str, integer: bool) -> dict:
    if node[0] == "call" and node[1] == "regex" and len(node[2]) == 2 and field_type == "short_text":
        target, pattern = node[2]
        if target == ("self",) and pattern[0] == "str":
            try:
                re.compile(pattern[1])
            except re.error:
                raise NotConvertible("the pattern is not a regular expression Coform can check") from None
            return {"pattern": pattern[1]}
    if node[0] != "cmp":
        raise NotConvertible("only simple bounds on the answer can be converted")
    _, op, left, right = node
    if right[0] in ("self", "call") and left[0] not in ("self", "call"):
        left, right = right, left
        op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
    if left == ("call", "string-length", [("self",)]) and field_type in ("short_text", "long_text") \
            and right[0] == "num" and isinstance(right[1], int) and op in ("<=", "<") and right[1] - (op == "<") >= 1:
        return {"max_length": right[1] - (op == "<")}
    if left == ("self",) and field_type == "number" and right[0] == "num":
        return _limit(op, right[1], step=1 if integer and isinstance(right[1], int) else None)
    if left == ("self",) and field_type == "date":
        return _limit(op, _date_literal(right), step=None)
    raise NotConvertible("only simple bounds on the answer can be converted")


def _limit(op: str, value: object, step: int | None) -> dict:
    if op in (">=", "<="):
        return {"min" if op == ">=" else "max": value}
    if op in (">", "<") and step is not None and isinstance(value, int):
        # For whole numbers a strict bound is an inclusive one a step further in.
        return {"min": value + step} if op == ">" else {"max": value - step}
    raise NotConvertible(f"the bound '{op} {value}' has no Coform equivalent")


def _date_literal(node: Node) -> str:
    if node == ("call", "today", []):
        return "today"
    if node[0] == "call" and node[1] == "date" and len(node[2]) == 1:
        node = node[2][0]
    if node[0] == "str" and re.match(r"^\d{4}-\d{2}-\d{2}$", node[1]):
        return node[1]
    raise NotConvertible("only 'today()' or a fixed date can bound a date")
