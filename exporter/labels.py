"""Text for diagram labels: wrapping for every diagram, and the one writer of Graphviz DOT strings.

The studio's workflow diagram (ui/dot.py) and the DOT export (exporter/text_diagrams.py) both write
participants' text into DOT through `escape`, `quote` and `label` here, so a title such as
`"] ; a -> b [label="x` stays text everywhere. Graphviz, between the quotes of a string:
- ends the string at an unescaped `"`, so quotes are escaped;
- reads backslash escapes in labels (`\\N` is the node's name, `\\l` a left-justified break), so
  backslashes are doubled;
- decodes HTML entities in ordinary labels (`&lt;` shows `<`, `&#x202E;` would be a bidi override),
  so `&` is written `&amp;` and shows as typed;
- reads a doubled backslash right before the closing quote as a backslash and an escaped quote
  (its lexer matches `\"` first), leaving the string open: text ending in a backslash gets a
  final line break, which draws nothing (a space would be drawn).
Control characters and bidi overrides are dropped (they could make a label read differently from
what it holds), tabs become spaces, any line ending becomes a line break, and trailing spaces go
(Graphviz draws none of them).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

MAX_LINES = 6  # longer text is cut with an ellipsis (callers that must keep every character say so)

# Control characters (tab and newlines are handled separately), and bidi embeddings, overrides,
# isolates and marks.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
                        "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile("\r\n|[\r\n\u0085\u2028\u2029]")


def plain(text: object) -> str:
    """The text as Graphviz will draw it: line breaks as '\\n', no control or bidi characters, no trailing space."""
    return _INVISIBLE.sub("", _NEWLINES.sub("\n", str(text)).replace("\t", " ")).rstrip()


def escape(text: object) -> str:
    """Text for the inside of a DOT quoted string, so that Graphviz shows exactly `plain(text)`."""
    shown = plain(text)
    out = shown.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;").replace("\n", "\\n")
    return out + "\\n" if shown.endswith("\\") else out


def quote(text: object) -> str:
    """A DOT quoted string holding `text` literally (an id, a cluster's name, a one-line label)."""
    return f'"{escape(text)}"'


def unescape(stored: str) -> str:
    """What Graphviz shows for the inside of a string `escape` wrote (for tests and readers)."""
    out = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), stored)
    # A final line break is the one `escape` adds after a final backslash (`plain` text never ends in one).
    return out.removesuffix("\n").replace("&amp;", "&")


def wrap(text: str, width: int, max_lines: int | None = MAX_LINES) -> tuple[list[str], bool]:
    """Lines of at most about `width` characters, keeping typed line breaks; (lines, was it cut).

    Words a little longer than a line stay whole; only very long ones (URLs, pasted junk) are split,
    at twice the width. With `max_lines=None` every character is kept.
    """
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        for line in textwrap.wrap(paragraph, width, break_on_hyphens=False, break_long_words=False) or [""]:
            lines += [line[i:i + 2 * width] for i in range(0, len(line), 2 * width)]
    if max_lines is None or len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: max(1, width - 1)].rstrip() + "…"
    return kept, True


def label(pieces: Iterable[object], width: int, max_lines: int | None = MAX_LINES) -> str:
    """A quoted multi-line DOT label: each piece cleaned and wrapped, lines joined by Graphviz's `\\n` break."""
    lines = [line for piece in pieces for line in wrap(plain(piece).strip(), width, max_lines)[0]]
    return quote("\n".join(lines))  # escaped whole: only the very end can need the backslash guard
