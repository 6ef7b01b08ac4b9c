"""The preview's language switch: a form that declares several languages is shown in the one chosen.

The choice is kept per form in a plain session-state dict (`state.LANGUAGES`) as well as in the
switch's own key, because a widget's key is dropped when the widget is not drawn (another view,
another page) and the choice must outlive that. Answers are keyed by field id, never by label
(`state.preview_key`), so what was typed stays when the words around it change language.

The previewed content cannot be marked `lang="cy"` in the page: Streamlit gives elements no `lang`
attribute, and adding one would take raw HTML (unsafe_allow_html), which the studio never uses
around people's text (streamlit/streamlit#8399 asks for page language).
"""

from __future__ import annotations

import streamlit as st

from forms import vocabulary as V
from forms.languages import in_language
from forms.model import Form
from ui import state
from ui.text import md
from ui.words import word


def switch_key(form_id: str) -> str:
    """The switch's widget key; '~' cannot occur in a field id, so it never meets a field's key."""
    return state.preview_key(form_id, "~language")


def chosen(form: Form) -> str:
    """The language FORM is previewed in: the one chosen this session, else its main language."""
    kept = st.session_state.get(state.LANGUAGES, {}).get(form.id)
    return kept if kept in form.languages else form.languages[0]


def choose(form: Form) -> Form:
    """Draw the switch for a form in several languages and return the form in the language chosen.

    A form in one language gets no switch and is returned as it is."""
    if len(form.languages) < 2:
        return form
    tags = list(form.languages)
    widget = switch_key(form.id)
    if st.session_state.get(widget) not in tags:  # first view, back from another page, or the languages changed
        st.session_state[widget] = chosen(form)
    tag = st.radio(word("preview.language"), tags, key=widget, horizontal=True,
                   format_func=lambda t: md(V.language_endonym(t)), help=word("preview.language_help"))
    st.session_state.setdefault(state.LANGUAGES, {})[form.id] = tag
    return in_language(form, tag)
