"""Safe, bounded YAML reading: text → plain values that remember their line and column.

libyaml (PyYAML's CSafeLoader) composes the node graph in C; a small constructor here turns
nodes into `LocMap`/`LocList` values that keep every key's and item's position. It differs
from PyYAML's own constructor on purpose: duplicate keys are errors, only plain data tags are
accepted, aliases are counted so an alias bomb is refused in linear time, nesting is bounded,
and only `true`/`false` are booleans (YAML 1.2: `options: [yes, no]` stays text).
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from itertools import accumulate

import yaml

from forms.errors import Code, Issue

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_VALUES = 100_000
# Python refuses to turn more than 4,300 digits into an int (a ValueError mid-build); forms need
# version numbers and limits, so anything this long is a mistake and is reported, not converted.
MAX_DIGITS = 30

_STD = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_STD + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _SEQ, _MAP = _STD + "timestamp", _STD + "seq", _STD + "map"
_PLAIN = "tag:coform:plain"  # an untagged plain scalar: typed here, by YAML 1.2 core rules


class _FastResolver:
    """Leaves plain scalars untyped for `_Builder` to type.

    PyYAML's resolver runs a list of YAML 1.1 regular expressions over every scalar, which is a
    third of the whole parse; typing only what Coform needs (true/false, null, numbers) is cheaper
    and gives YAML 1.2 booleans (`yes` stays text).
    """

    def descend_resolver(self, parent: object, index: object) -> None:  # path resolvers are not used
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


try:
    from yaml.cyaml import CParser as _Parser  # libyaml: the C parser and composer
except ImportError:  # pragma: no cover - PyYAML built without libyaml: slower, same results
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]


class _Loader(_FastResolver, _Parser):  # composes nodes only; nothing is ever constructed
    pass

_EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BRACKETS = re.compile(r"[\[\]{}]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_INT_TEXT = re.compile(r"[-+]?[0-9][0-9_]*")
_FLOAT_TEXT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?")
_TAB_INDENT = re.compile(r"^[ \-?:]*\t", re.M)
# Depth pre-check: a document with few flow brackets and shallow indentation cannot nest deeper
# than about (brackets + 2 * indentation); only otherwise is the slower event scan needed. It
# exists because libyaml's composer recurses in C and crashes the process on ~100k levels.
_DEEP_INDENT = re.compile(r"^[ \-?:]{100}", re.M)


_ScalarNode = yaml.ScalarNode


class LocMap(dict):
    """A mapping read from YAML; `key_marks` and `value_marks` give each key's and value's (line, column), 1-based."""

    __slots__ = ("column", "key_marks", "line", "value_marks")

    def key_at(self, key: str) -> tuple[int, int]:
        return self.key_marks.get(key) or (self.line, self.column)

    def value_at(self, key: str) -> tuple[int, int]:
        return self.value_marks.get(key) or (self.line, self.column)


class LocList(list):
    """A sequence read from YAML. `marks[i]` is the (line, column) of item i, 1-based."""

    __slots__ = ("column", "line", "marks")

    def at(self, index: int) -> tuple[int, int]:
        return self.marks[index] if index < len(self.marks) else (self.line, self.column)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The document read from text (None when it could not be read) and the problems found."""

    data: object
    issues: list[Issue] = field(default_factory=list)


class NotRegularFile(OSError):
    """The path is a folder, named pipe, device or socket: reading it could block or never end."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more than the limit; `size` is what was found (at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_file(path: str | os.PathLike, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, reading at most `limit` + 1 of them whatever the file claims.

    Raises NotRegularFile (a pipe would hang the read, /dev/zero would never end), FileTooLarge
    and OSError. The file is opened without blocking, so a named pipe with no writer is refused
    at once instead of waiting for one.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(next((kind for test, kind in _KINDS if test(info.st_mode)), "not a file"))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)  # /proc and similar files report size 0: the cap still holds
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(max(info.st_size, len(data)))
    return data


def decode(raw: bytes) -> tuple[str | None, list[Issue]]:
    """Bytes → text; invalid UTF-8 is reported at its line and column, never raised."""
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Code.YAML_NOT_UTF8.issue("", line, column, byte=exc.start)]


def read(text: str | bytes) -> ReadResult:
    """Read one YAML document safely. Never raises for bad input."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return ReadResult(None, [Code.YAML_TOO_LARGE.issue("", 1, 1, size=len(text), limit=MAX_BYTES)])
        decoded, issues = decode(text)
        if decoded is None:
            return ReadResult(None, issues)
        text = decoded
    if len(text) > MAX_BYTES:
        return ReadResult(None, [Code.YAML_TOO_LARGE.issue("", 1, 1, size=len(text), limit=MAX_BYTES)])
    text = text.removeprefix("\ufeff")
    tab = _TAB_INDENT.search(text)
    if tab:
        line, column = _position(text, tab.end() - 1)
        return ReadResult(None, [Code.YAML_TAB.issue("", line, column)])
    if _flow_depth(text) > MAX_DEPTH or _DEEP_INDENT.search(text):
        deep = _find_too_deep(text)
        if deep is not None:
            return ReadResult(None, [deep])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, [_syntax_issue(exc)])
    except yaml.YAMLError as exc:  # a reader error without a mark (e.g. control characters)
        return ReadResult(None, [_reader_issue(exc, text)])
    except RecursionError:
        return ReadResult(None, [Code.YAML_TOO_DEEP.issue("", 1, 1, limit=MAX_DEPTH)])
    if node is None:
        return ReadResult(None, [Code.YAML_EMPTY.issue("", 1, 1)])
    builder = _Builder()
    data = builder.build(node, 0)
    return ReadResult(None if builder.fatal else data, builder.issues)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _flow_depth(text: str) -> int:
    """An upper bound of bracket nesting (brackets in quotes count too, which only over-estimates)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    return max(accumulate(1 if c in "[{" else -1 for c in _BRACKETS.findall(text)), default=0)


def _find_too_deep(text: str) -> Issue | None:
    """Event scan (no recursion anywhere) for nesting beyond MAX_DEPTH; syntax errors are left to compose."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Code.YAML_TOO_DEEP.issue("", mark.line + 1, mark.column + 1, limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


_SYNTAX_FIXES = (
    ("could not find expected ':'", "A key needs a colon after it ('label: text'); check the line above too."),
    ("mapping values are not allowed", "Text containing ': ' must be quoted, e.g. label: \"Note: this\"."),
    ("expected <block end>", "Check the indentation: items of one list or mapping must line up."),
    ("found character", "Quote the text (\"...\") or remove the character."),
    ("found undefined alias", "Define the anchor (&name) before using it (*name), or write the value out."),
    ("found duplicate anchor", "Give each anchor (&name) its own name."),
    ("expected a single document", "Remove the '---' line(s): one form or workflow per file."),
    ("unexpected end of stream", "A quote or bracket is not closed."),
    ("while scanning a quoted scalar", "A quote is not closed: add the closing quote."),
    ("did not find expected", "Check for an unclosed bracket or quote, or a wrongly indented line."),
)


def _syntax_issue(exc: yaml.MarkedYAMLError) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = " ".join(part for part in (exc.context, exc.problem) if part)
    if "expected a single document" in text:
        return Code.YAML_MULTIPLE_DOCUMENTS.issue("", line, column)
    fix = next((f for needle, f in _SYNTAX_FIXES if needle in text),
               "Check the indentation and quotes on this line and the one above.")
    return Code.YAML_SYNTAX.issue("", line, column, problem=text or "unexpected content", fix=fix)


def _reader_issue(exc: yaml.YAMLError, text: str) -> Issue:
    # yaml.reader.ReaderError carries a character position and code point, not a mark.
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    line, column = _position(text, position) if isinstance(position, int) else (1, 1)
    if isinstance(character, int):
        problem = f"the invisible control character U+{character:04X} is not allowed"
    else:
        problem = str(exc).splitlines()[0] if str(exc) else "unreadable content"
    return Code.YAML_SYNTAX.issue("", line, column, problem=problem,
                                  fix="Remove control characters; type the text again or paste it as plain text.")


class _Builder:
    """Nodes → LocMap/LocList/scalars, collecting issues; one instance per document."""

    __slots__ = ("alias_values", "fatal", "issues", "memo")

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.fatal = False
        self.memo: dict[int, tuple[object, int] | None] = {}
        self.alias_values = 0

    def build(self, node: yaml.Node, depth: int) -> object:
        if depth == 0 and not isinstance(node, yaml.MappingNode):
            mark = node.start_mark
            found = "a list" if isinstance(node, yaml.SequenceNode) else f"the text {str(node.value)[:40]!r}"
            self.issues.append(Code.YAML_NOT_MAPPING.issue("", mark.line + 1, mark.column + 1, found=found))
            self.fatal = True
            return None
        value, _size = self._node(node, depth)
        return value

    def _node(self, node: yaml.Node, depth: int) -> tuple[object, int]:
        # Scalars are cheap and never aliased in a harmful way; only collections are memoised,
        # which is what keeps an alias bomb linear: each anchored collection is built once and
        # its size is added on every further use.
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node), 1
        key = id(node)
        if key in self.memo:
            seen = self.memo[key]
            if seen is None:
                mark = node.start_mark
                self._fail(Code.YAML_ALIAS_LIMIT.issue("", mark.line + 1, mark.column + 1, limit=MAX_ALIAS_VALUES,
                                                       extra=" (an alias refers to its own anchor)"))
                return None, 1
            self.alias_values += seen[1]
            if self.alias_values > MAX_ALIAS_VALUES:
                mark = node.start_mark
                self._fail(Code.YAML_ALIAS_LIMIT.issue("", mark.line + 1, mark.column + 1, limit=MAX_ALIAS_VALUES))
                return None, 1
            return seen
        if depth >= MAX_DEPTH:
            mark = node.start_mark
            self._fail(Code.YAML_TOO_DEEP.issue("", mark.line + 1, mark.column + 1, limit=MAX_DEPTH))
            return None, 1
        self.memo[key] = None
        if node.tag not in (_SEQ, _MAP):
            self._bad_tag(node)
        if isinstance(node, yaml.SequenceNode):
            result = self._sequence(node, depth)
        else:
            result = self._mapping(node, depth)
        self.memo[key] = result
        return result

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> tuple[LocList, int]:
        out = LocList()
        out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        marks = []
        size = 1
        for item in node.value:
            if item.__class__ is _ScalarNode:
                value, n = self._scalar(item), 1
            else:
                value, n = self._node(item, depth + 1)
            if self.fatal:
                break
            out.append(value)
            marks.append((item.start_mark.line + 1, item.start_mark.column + 1))
            size += n
        out.marks = marks
        return out, size

    def _mapping(self, node: yaml.MappingNode, depth: int) -> tuple[LocMap, int]:
        out = LocMap()
        out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        key_marks: dict[str, tuple[int, int]] = {}
        value_marks: dict[str, tuple[int, int]] = {}
        size = 1
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            kpos = (kmark.line + 1, kmark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                found = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                self.issues.append(Code.YAML_COMPLEX_KEY.issue("", kpos[0], kpos[1], found=found))
                continue
            if key_node.tag not in (_PLAIN, _STR):
                self._bad_tag(key_node)
            key = key_node.value
            if key in key_marks:
                self.issues.append(Code.YAML_DUPLICATE_KEY.issue(
                    "", kpos[0], kpos[1], key=key, first=key_marks[key][0]))
                continue
            if value_node.__class__ is _ScalarNode:
                value, n = self._scalar(value_node), 1
            else:
                value, n = self._node(value_node, depth + 1)
            if self.fatal:
                break
            vmark = value_node.start_mark
            out[key] = value
            key_marks[key] = kpos
            value_marks[key] = (vmark.line + 1, vmark.column + 1)
            size += n + 1
        out.key_marks, out.value_marks = key_marks, value_marks
        return out, size

    def _scalar(self, node: yaml.ScalarNode) -> object:
        tag, text = node.tag, node.value
        try:
            if tag == _PLAIN:
                return _plain(text)
            if tag == _STR or tag == "!":
                return text
            if tag in (_INT, _FLOAT, _BOOL, _NULL):  # explicit !!int etc.
                typed = _plain(text)
                return typed if typed is not text else text
        except _Unusable as exc:
            mark = node.start_mark
            self.issues.append(exc.code.issue("", mark.line + 1, mark.column + 1, **exc.facts))
            return None
        self._bad_tag(node)
        return text

    def _bad_tag(self, node: yaml.Node) -> None:
        mark = node.start_mark
        tag = "!!" + node.tag[len(_STD):] if node.tag.startswith(_STD) else node.tag
        self.issues.append(Code.YAML_UNSAFE_TAG.issue("", mark.line + 1, mark.column + 1, tag=tag))

    def _fail(self, issue: Issue) -> None:
        self.issues.append(issue)
        self.fatal = True


class _Unusable(Exception):
    """A plain scalar that reads as a number Coform cannot use (infinite, not-a-number, too long)."""

    def __init__(self, code: Code, **facts: object) -> None:
        super().__init__(code.code)
        self.code, self.facts = code, facts


def _check_digits(text: str) -> None:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise _Unusable(Code.YAML_NUMBER_TOO_LONG, digits=f"{digits:,}", limit=MAX_DIGITS)


def _plain(text: str) -> object:
    """Type a plain (unquoted) scalar: null, true/false, integers and decimals; all else is text.

    Infinity and not-a-number (`.inf`, `.nan`, `1e999`) are refused: no limit, answer or version
    can be one, and they would pass every comparison a validator makes (NaN < x is always false).
    """
    if text in _NULLS:
        return None
    first = text[0]
    if first in "tTfF":
        return _BOOLS.get(text, text)
    if first in "-+.0123456789":
        if _INT_TEXT.fullmatch(text):
            if len(text) > MAX_DIGITS:
                _check_digits(text)
            return int(text.replace("_", ""))
        if _FLOAT_TEXT.fullmatch(text) and any(c.isdigit() for c in text):
            if len(text) > MAX_DIGITS:
                _check_digits(text)
            number = float(text.replace("_", ""))
            if not math.isfinite(number):
                raise _Unusable(Code.YAML_NOT_FINITE, text=text, meaning="a number too large to hold: infinity")
            return number
        special = _SPECIAL_FLOATS.get(text.lower())
        if special is not None:
            meaning = "not-a-number" if math.isnan(special) else "infinity"
            raise _Unusable(Code.YAML_NOT_FINITE, text=text, meaning=meaning)
    return text
