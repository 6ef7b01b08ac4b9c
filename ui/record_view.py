"""The studio's record view: the example record as the person will read it (forms.record), story first.

Everything shown is the form's own text or its examples, so it all goes through `ui.text.md`:
shown as written, never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from forms.model import Form
from forms.record import example_record
from ui.text import md


def render(form: Form) -> None:
    record = example_record(form)
    st.subheader("The record as the person will read it")
    st.caption(f"An example of the record from \u201c{md(form.title)}\u201d, filled in with sample answers "
               "(each question's example). The story comes first, in the person's words, then the facts.")
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
