"""In the preview, right after an answer shared only by agreement: the person is asked, in plain words.

The question and its words come from `forms.consent`, so the preview asks exactly what every export
carries. The choice is kept by its widget only: the preview shows the question, it records nothing.
"""

from __future__ import annotations

import streamlit as st

from forms import vocabulary as V
from forms.consent import consent_questions
from forms.model import Field, Form
from ui import state
from ui.text import md

# The two answers in English (tests read them); the ask itself speaks the language the form is read in.
CHOICES = (V.form_word("share_yes", "en"), V.form_word("share_no", "en"))

def ask(form: Form, field: Field, item: str | None) -> None:
    """One yes-or-no question for each agency FIELD goes to only if the person agrees."""
    choices = (V.form_word("share_yes", form.languages[0]), V.form_word("share_no", form.languages[0]))
    for q in consent_questions(field):
        st.radio(md(q.label), choices, index=None, key=state.preview_key(form.id, q.id, item))
        st.caption(md(q.hint))
