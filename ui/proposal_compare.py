"""A proposal before and after, side by side: each changed question as it is now and as it would be.

Two columns on a wide screen; on a phone Streamlit stacks them, "Before" first. Each side is
read-only text (the print view's cells), so two versions of one form never share widget keys,
and the whole proposed form can be read below in the print view.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from forms.diff import Change, diff
from forms.model import Form
from ui import print_view
from ui import workshop_state as ws
from ui.text import md
from ui.words import word

NOT_THERE = word("proposal.not_version")


def _side(form: Form, change: Change) -> str:
    if change.field:
        fields = {p.field.id: p.field for p in form.walk()}
        field = fields.get(change.field)
        if field is None:
            return NOT_THERE
        cells = print_view.cells(field, fields)
        return "\n".join(f"- {name}: {value}" for name, value in zip(print_view.COLUMNS, cells, strict=True))
    section = next((s for s in form.sections if s.id == change.section), None)
    if section is None:
        return NOT_THERE
    intro = word("proposal.introduction", intro=md(section.intro)) if section.intro else ""
    return word("proposal.section", title=md(section.title)) + intro


def before_and_after(texts: dict[str, Any]) -> None:
    """Draw `texts` (from workshops.participation.proposal_texts): every change, before beside after."""
    name = f"{texts['form']}.yaml"
    before, after = ws.parse(texts["before"], name).form, ws.parse(texts["after"], name).form
    if before is None or after is None:  # stored proposals were validated; a damaged row is still shown as text
        st.error(word("proposal.proposal_cannot_shown_side"))
        return
    result = diff(before, after)
    changes = [c for c in result.changes if c.kind != "form_version"]
    st.caption(word("proposal.compared_version_form_which", version=texts['version']))
    if changes:
        st.caption(word("proposal.vendors", compatibility_sentence=md(result.compatibility_sentence)))
    for change in changes:
        with st.container(border=True):
            breaking = word("proposal.breaking") if change.compatibility == "breaking" else ""
            st.markdown(f"**{breaking}{md(change.text)}**")
            if not (change.field or change.section):
                continue  # a change to the whole form (its title, the order of sections): the sentence says it all
            left, right = st.columns(2)
            left.markdown(word("proposal.before") + _side(before, change))
            right.markdown(word("proposal.after") + _side(after, change))
    with st.expander(word("proposal.whole_form_change")):
        print_view.render(after)
