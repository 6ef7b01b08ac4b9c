"""The studio's record view: the example record as the person will read it (forms.record), story first.

Everything shown is the form's own text or its examples, so it all goes through `ui.text.md`:
shown as written, never as Markdown or HTML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from forms import vocabulary as V
from forms.model import Form
from forms.record import example_record
from ui import state
from ui.text import md
from ui.words import word

TYPED = "rv:typed"  # the toggle: the answers filled in the preview (a time trial's, say) rather than the examples


def typed_answers(form: Form) -> dict[str, Any]:
    """What was filled in this form's preview in this session (a time trial fills it as in a visit); the
    answers inside repeating groups are left out, as the record lists each question once."""
    kept = state.answers(form.id)
    fields = {p.field.id for p in form.walk() if p.group is None and p.field.type != "repeating_group"}
    return {k: v for k, v in kept.items() if k in fields and v not in (None, "", [], ())}


def render(form: Form) -> None:
    typed = typed_answers(form)
    use_typed = bool(typed) and st.toggle(word("record.use_typed"), value=True, key=TYPED)
    record = example_record(form, typed if use_typed else None)
    st.subheader(word("record.heading"))
    source = word("record.source_typed" if use_typed else "record.source_examples")
    st.caption(word("record.about", title=md(form.title), source=source))
    if record.empty:
        st.info(word("record.no_examples"))
    if record.story:
        st.markdown("#### " + V.form_word("story", form.languages[0]))
        for entry in record.story:
            st.markdown(f"**{md(entry.question)}**  \n" + "\n\n".join(md(p) for p in entry.answer.split("\n\n")))
    if record.facts:
        st.markdown("#### " + V.form_word("facts", form.languages[0]))
        st.markdown("\n".join(f"- **{md(e.question)}**: {md(e.answer)}" for e in record.facts))
    if record.unseen:
        st.markdown("#### " + V.form_word("unseen", form.languages[0]))
        st.markdown("\n".join(f"- {md(u.question)}: {md(u.why)}." for u in record.unseen))
    if record.without_example and not record.empty:
        count = len(record.without_example)
        st.caption(word("record.without_example_one" if count == 1 else "record.without_example_many", count=count))
