"""The studio's record view: the example record as the person will read it (forms.record), story first.

Everything shown is the form's own text or its examples, so it all goes through `ui.text.md`:
shown as written, never as Markdown or HTML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from forms.model import Form
from forms.record import example_record
from ui import state
from ui.text import md

TYPED = "rv:typed"  # the toggle: the answers filled in the preview (a time trial's, say) rather than the examples


def typed_answers(form: Form) -> dict[str, Any]:
    """What was filled in this form's preview in this session (a time trial fills it as in a visit); the
    answers inside repeating groups are left out, as the record lists each question once."""
    kept = state.answers(form.id)
    fields = {p.field.id for p in form.walk() if p.group is None and p.field.type != "repeating_group"}
    return {k: v for k, v in kept.items() if k in fields and v not in (None, "", [], ())}


def render(form: Form) -> None:
    typed = typed_answers(form)
    use_typed = bool(typed) and st.toggle("Use the answers filled in the preview (a time trial's, say)",
                                          value=True, key=TYPED)
    record = example_record(form, typed if use_typed else None)
    st.subheader("The record as the person will read it")
    source = "the answers filled in the preview" if use_typed else "each question's example"
    st.caption(f"An example of the record from \u201c{md(form.title)}\u201d, filled in with sample answers "
               f"({source}). The story comes first, in the person's words, then the facts.")
    if record.empty:
        st.info("No question has an example answer yet. Give questions an example (the key 'example:') to see "
                "the record the person will get.")
    if record.story:
        st.markdown("#### In your words")
        for entry in record.story:
            st.markdown(f"**{md(entry.question)}**  \n" + "\n\n".join(md(p) for p in entry.answer.split("\n\n")))
    if record.facts:
        st.markdown("#### The facts")
        st.markdown("\n".join(f"- **{md(e.question)}**: {md(e.answer)}" for e in record.facts))
    if record.unseen:
        st.markdown("#### What you will not see, and why")
        st.markdown("\n".join(f"- {md(u.question)}: {md(u.why)}." for u in record.unseen))
    if record.without_example and not record.empty:
        count = len(record.without_example)
        st.caption(f"{count} more question{'s' if count != 1 else ''} the person would read "
                   f"{'have' if count != 1 else 'has'} no example answer yet.")
