"""Safe display of text people wrote: Streamlit renders labels and markdown as Markdown, so escape it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from forms.errors import Issue
from ui.words import word

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# What GitHub-flavoured Markdown turns into a link by itself: www. addresses, e-mail addresses, any scheme://
_LINKABLE = re.compile(r"www\.|@|://", re.IGNORECASE)
_EDGES = re.compile(r"""([(\[{"']*)(.*?)([.,;:!?)\]}"']*)""", re.DOTALL)
_WORD = re.compile(r"([^\s|]+)")  # runs of text; '|' apart, so a table cell never holds a code span's pipe


def _inert_word(word: str) -> str:
    """One run of text: escaped, or, when Markdown would link it, shown as inline code.

    Escaping cannot stop autolinks: they are found in the text after escapes are read (a backslash
    before each dot still gave a live link). Inline code is never linked, and it copies as typed."""
    if not _LINKABLE.search(word):
        return _MARKDOWN.sub(r"\\\1", word)
    # Punctuation around an address ("(see www.x.org)," ) stays outside the code, as ordinary text.
    lead, core, tail = _EDGES.fullmatch(word).groups()
    if (lead or tail) and _LINKABLE.search(core):
        return _MARKDOWN.sub(r"\\\1", lead) + _inert_word(core) + _MARKDOWN.sub(r"\\\1", tail)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""  # CommonMark strips one space each side
    return f"{fence}{pad}{word}{pad}{fence}"


def md(text: object, limit: int = 2000) -> str:
    """Text made inert for st.markdown and widget labels: no links (autolinks included), images, HTML
    or bidi tricks."""
    plain = _INVISIBLE.sub("", str(text))
    if len(plain) > limit:
        plain = plain[:limit] + "…"
    parts = _WORD.split(plain)  # separators (whitespace, '|') at even indexes, runs of text at odd ones
    return "".join(_inert_word(part) if n % 2 else _MARKDOWN.sub(r"\\\1", part) for n, part in enumerate(parts))


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 vote", "2 votes", "1 expert by experience"."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def plain(text: object, limit: int = 200) -> str:
    """Text for places Streamlit shows as plain text (selectbox options): invisible characters removed."""
    out = _INVISIBLE.sub("", str(text))
    return out if len(out) <= limit else out[:limit] + "…"


def issue_list(issues: Iterable[Issue], limit: int | None = None) -> str:
    """Issues as a Markdown list: severity in words (never colour alone), where, code, what and how to fix."""
    items = list(issues)
    shown = items if limit is None else items[:limit]
    severity = {True: word("text.error"), False: word("text.warning")}
    lines = [f"- **{severity[i.is_error]}, " +
             (word("text.line_column", line=i.line, column=i.column) if i.line else word("text.whole_file")) +
             f"** ({i.code}): {md(i.sentence())}" for i in shown]
    if len(shown) < len(items):
        lines.append(word("text.more", count=len(items) - len(shown)))
    return "\n".join(lines)
