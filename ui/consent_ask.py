"""In the preview, right after an answer shared only by agreement: the person is asked, in plain words.

The question and its words come from `forms.consent`, so the preview asks exactly what every export
carries. The choice is kept by its widget only: the preview shows the question, it records nothing.
"""

from __future__ import annotations

import streamlit as st

from forms.consent import consent_questions
from forms.model import Field, Form
from ui import state
from ui.text import md

CHOICES = ("Yes, you can share it", "No, do not share it")


def ask(form: Form, field: Field, item: str | None) -> None:
    """One yes-or-no question for each agency FIELD goes to only if the person agrees."""
    for q in consent_questions(field):
        st.radio(md(q.label), CHOICES, index=None, key=state.preview_key(form.id, q.id, item))
        st.caption(md(q.hint))
