"""Text boxes with a length limit that never lose what was typed.

Streamlit's `max_chars` is enforced by the browser: a paste longer than the limit is refused whole,
so the box stays empty and says nothing (issue 16.4). These boxes have no `max_chars`; they say the
limit and the count under the box, and a text over the limit is refused by the server with its
count while it stays in the box to be shortened.
"""

from __future__ import annotations

import streamlit as st

from ui.text import counted
from ui.words import word


def count_line(count: int, limit: int) -> str:
    if count > limit:
        length = counted(count, word("noun.character"), word("noun.characters"))
        return word("limited.over_limit_shorten_before", length=length, over=count - limit, limit=limit)
    # Counted when the box reaches the server (the person leaves it, or presses Ctrl+Enter).
    return word("limited.characters", count=count, limit=limit) if count else word("limited.up_characters", limit=limit)


def text_box(label: str, key: str, limit: int, height: int, help: str | None = None) -> str:
    """A text area that keeps any length typed or pasted, with the limit and the count shown under it."""
    text = st.text_area(label, key=key, height=height, help=help) or ""
    (st.warning if len(text) > limit else st.caption)(count_line(len(text), limit))
    return text


def too_long(text: str, limit: int, what: str) -> bool:
    """True, with the refusal shown, when TEXT is over LIMIT: nothing is sent, and the box keeps the text."""
    if len(text) <= limit:
        return False
    st.error(word("limited.characters_long_limit_shorten", what=what, count=len(text), limit=limit,
                  over=counted(len(text) - limit, word("noun.character"), word("noun.characters"))))
    return True
