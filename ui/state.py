"""Session-state keys of the form editor and its preview: one owner, initialised once, plain data only.

Every key the editor or the preview reads or writes is named here. Values are plain data
(strings, numbers, lists, dicts), never model objects: session state must survive reruns and
page switches, and parsed forms are shared from the parse cache instead.

Why so few keys: each widget reads the whole of session state when it renders (docs/streamlit.md
2), so the editor keeps one dict per concern (drafts, answers, pages) rather than a key per
file or per answer. Widget keys exist only for the widgets on screen; what must outlive a widget
(the YAML being typed, the answers of another section) is copied into a plain key.
"""

from __future__ import annotations

from typing import Any, TypedDict

import streamlit as st

from ui.library_data import forms_dir

# --- plain keys (never bound to a widget) -----------------------------------------------
FOLDER = "ed:folder"  # str: the folder whose forms the editor lists and saves to ($COFORM_FORMS_DIR or the library)
CURRENT = "ed:current"  # str | None: file name open in the editor
DRAFTS = "ed:drafts"  # dict[file name, Draft]: nothing typed is lost when switching forms or pages
NOTICE = "ed:notice"  # dict | None: {"name", "kind": "success" | "error", "text"} after a save
CONFLICT = "ed:conflict"  # dict | None: {"name", "theirs": str | None, "theirs_sha": str | None, "message"}
CONFIRM_DISCARD = "ed:confirm_discard"  # str | None: the file whose discarding awaits confirmation
RERUN_APP = "ed:rerun_app"  # bool: a callback inside the fragment needs the whole page redrawn
PENDING = "ed:pending"  # str | None: new YAML from a tool in the page (the guided editor), shown on the next run
ANSWERS = "pv:answers"  # dict[form id, dict[field id, answer | list[dict]]]: preview answers
PAGES = "pv:pages"  # dict[form id, page key]: the section shown for each form
LANGUAGES = "pv:languages"  # dict[form id, language tag]: the language each form is previewed in
TRIALS = "pv:trials"  # dict[form id, {"started": epoch seconds, "events": [[field, item, epoch]], "role"}]: running
TRIAL_NOTICE = "pv:trial_notice"  # dict[form id, {"ok", "text"}]: how the last trial ended, shown once
TRIAL_SESSION = "pv:trial_session"  # dict[form id, [[name, role, forms.trials.as_data]]]: trials of an unsaved form

# --- widget keys ------------------------------------------------------------------------
EDITOR = "ed:yaml"  # the YAML text_area
CHOOSER = "ed:choose"  # the form selectbox
LINES = "ed:lines"  # the "YAML with line numbers" expander (a widget: opening it reruns, to draw it lazily)
SAVE = "ed:save"
DISCARD = "ed:discard"
DISCARD_YES = "ed:discard_yes"
DISCARD_NO = "ed:discard_no"
KEEP_MINE = "ed:keep_mine"
TAKE_THEIRS = "ed:take_theirs"
COPY_MINE = "ed:copy_mine"
VIEW = "pv:view"  # person / practitioner / print / burden
SECTION = "pv:section"  # the section (page) selectbox
PREVIOUS = "pv:previous"
NEXT = "pv:next"

# Preview widgets are keyed `pv:{form id}:{field id}[:{item}]`; ids cannot hold ':' (docs/format.md, "Identifiers"),
# so these never collide with the keys above or with each other.
PREVIEW_PREFIX = "pv:"


class Draft(TypedDict):
    """One file open in the editor."""

    text: str  # what is in the editor now
    base: str | None  # the text on disk when opened or last saved (None: the file did not exist)
    sha: str | None  # SHA-256 of the bytes on disk when opened or last saved
    valid: str | None  # the last text that loaded without errors (the preview shows it)


def init() -> None:
    """Create every plain key once; later runs leave what is there alone."""
    defaults: dict[str, Any] = {
        FOLDER: str(forms_dir()),
        CURRENT: None, DRAFTS: {}, NOTICE: None, CONFLICT: None, CONFIRM_DISCARD: None, RERUN_APP: False, PENDING: None,
        ANSWERS: {}, PAGES: {}, LANGUAGES: {}, TRIALS: {}, TRIAL_NOTICE: {}, TRIAL_SESSION: {},
    }
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = value


def drafts() -> dict[str, Draft]:
    return st.session_state[DRAFTS]


def answers(form_id: str) -> dict[str, Any]:
    """The preview answers for one form (a dict kept in session state, changed in place)."""
    return st.session_state[ANSWERS].setdefault(form_id, {})


def preview_key(form_id: str, field_id: str, item: int | None = None) -> str:
    return f"{PREVIEW_PREFIX}{form_id}:{field_id}" + ("" if item is None else f":{item}")
