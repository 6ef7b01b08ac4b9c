"""Saving over someone else's edit: each person's edit told from the version both began with, and a
three-way merge of the two when they touch different things.

Comparing the two texts directly would describe the other person's additions as things you remove;
comparing each with the common starting version says what each person did. The merge is the one a
workshop publish uses (`workshops.rebase`): the other person's saved text is kept as it is, with
comments and layout, and your edit is re-applied onto it item by item.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from forms.diff import diff
from ui import caches
from ui.text import md
from ui.words import word
from workshops.form_items import plain_data
from workshops.rebase import rebase

SHOWN = 20  # changes listed per person; a rewrite of the whole file says enough in twenty lines
MERGE = "ed:merge"


@dataclass(frozen=True, slots=True)
class Merge:
    """Both edits made together (`text`), or why they cannot be (`clashes`, one sentence each)."""

    text: str | None
    clashes: tuple[str, ...]


def merge(base: str, theirs: str, mine: str) -> Merge:
    """Re-apply my edit (base → mine) onto their saved text. Their edit is 'ours' to the merge: it is
    the version so far, as a published version is to a proposal."""
    made = rebase(theirs, plain_data(base), plain_data(mine))
    clashes = tuple(word("conflict.they_made_made", first=c.what[:1].upper(), rest=c.what[1:], ours=c.ours,
                         theirs=c.theirs)
                    for c in made.clashes)
    return Merge(made.text, clashes)


def _edit_lines(base: str, after: str, name: str) -> list[str]:
    old, new = caches.parsed(base, name, False).form, caches.parsed(after, name, False).form
    if old is None or new is None:
        return [word("conflict.file_cannot_read_form")]
    changes = diff(old, new).changes
    lines = [md(c.text) for c in changes[:SHOWN]]
    if len(changes) > SHOWN:
        lines.append(word("conflict.more", count=len(changes) - SHOWN))
    return lines or [word("conflict.no_change_form_itself")]


def show(name: str, base: str, mine: str, theirs: str | None, on_merge) -> None:
    """Each person's edit from the shared starting point, the merge when it is possible, both texts."""
    if theirs is None:
        return
    mine_col, theirs_col = st.columns(2)
    theirs_col.markdown(word("conflict.their_edit_saved_while")
                        + "\n".join(f"- {line}" for line in _edit_lines(base, theirs, name)))
    mine_col.markdown(word("conflict.edit_not_saved_yet")
                      + "\n".join(f"- {line}" for line in _edit_lines(base, mine, name)))
    made = merge(base, theirs, mine)
    if made.text is not None:
        st.info(word("conflict.edits_touch_different_things"))
        st.button(word("conflict.keep_both_edits_merge"), key=MERGE, type="primary", on_click=on_merge,
                  args=(name, made.text))
    else:
        st.info(word("conflict.both_changed_same_things")
                + "\n".join(f"- {md(c)}" for c in made.clashes)
                + word("conflict.choose_below_whose_version"))
    mine_col, theirs_col = st.columns(2)
    theirs_col.markdown(word("conflict.theirs_saved_now"))
    theirs_col.code(theirs, language="yaml", line_numbers=True, height=300)
    mine_col.markdown(word("conflict.yours"))
    mine_col.code(mine, language="yaml", line_numbers=True, height=300)
