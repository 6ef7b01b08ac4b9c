"""Safe display of text people wrote: Streamlit renders labels and markdown as Markdown, so escape it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from forms.errors import Issue

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def md(text: object, limit: int = 2000) -> str:
    """Text made inert for st.markdown and widget labels: no links, images, HTML or bidi tricks."""
    plain = _INVISIBLE.sub("", str(text))
    if len(plain) > limit:
        plain = plain[:limit] + "…"
    return _MARKDOWN.sub(r"\\\1", plain)


def plain(text: object, limit: int = 200) -> str:
    """Text for places Streamlit shows as plain text (selectbox options): invisible characters removed."""
    out = _INVISIBLE.sub("", str(text))
    return out if len(out) <= limit else out[:limit] + "…"


def issue_list(issues: Iterable[Issue], limit: int | None = None) -> str:
    """Issues as a Markdown list: severity in words (never colour alone), where, code, what and how to fix."""
    items = list(issues)
    shown = items if limit is None else items[:limit]
    lines = [f"- **{'Error' if i.is_error else 'Warning'}, " +
             (f"line {i.line}, column {i.column}" if i.line else "whole file") +
             f"** ({i.code}): {md(i.sentence())}" for i in shown]
    if len(shown) < len(items):
        lines.append(f"- … and {len(items) - len(shown)} more.")
    return "\n".join(lines)
