"""Text boxes with a length limit that never lose what was typed.

Streamlit's `max_chars` is enforced by the browser: a paste longer than the limit is refused whole,
so the box stays empty and says nothing (issue 16.4). These boxes have no `max_chars`; they say the
limit and the count under the box, and a text over the limit is refused by the server with its
count while it stays in the box to be shortened.
"""

from __future__ import annotations

import streamlit as st

from ui.text import counted


def count_line(count: int, limit: int) -> str:
    if count > limit:
        return (f"{counted(count, 'character')}: {count - limit:,} over the limit of {limit:,}. Shorten it before "
                "sending; your text stays in the box.")
    # Counted when the box reaches the server (the person leaves it, or presses Ctrl+Enter).
    return f"{count:,} of {limit:,} characters." if count else f"Up to {limit:,} characters."


def text_box(label: str, key: str, limit: int, height: int, help: str | None = None) -> str:
    """A text area that keeps any length typed or pasted, with the limit and the count shown under it."""
    text = st.text_area(label, key=key, height=height, help=help) or ""
    (st.warning if len(text) > limit else st.caption)(count_line(len(text), limit))
    return text


def too_long(text: str, limit: int, what: str) -> bool:
    """True, with the refusal shown, when TEXT is over LIMIT: nothing is sent, and the box keeps the text."""
    if len(text) <= limit:
        return False
    st.error(f"Your {what} is {len(text):,} characters long and the limit is {limit:,}: shorten it by "
             f"{counted(len(text) - limit, 'character')}, then send it again. Your text is still in the box.")
    return True
