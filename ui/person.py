"""Who is using this browser, carried across pages, Back and refresh: the participant token in the address.

Streamlit drops query parameters when the menu changes page, and a refresh starts a new session
with nothing in it; so on every run (app.py calls `carry_token`) the token held in the session is
written back into the address as `?t=`, and a session that has none takes it from the address.
Kept light (no database imports): it runs on every page of the studio.
"""

from __future__ import annotations

import streamlit as st

TOKEN = "ws:token"  # str | None: the participant token (mirrored in the URL query parameter TOKEN_PARAM)
TOKEN_PARAM = "t"  # ?t=<participant token>: a phone that reconnects (a new session) rejoins as the same person


def carry_token() -> None:
    """Keep the session's token and the address's `?t=` the same, whichever of the two has it."""
    held = st.session_state.get(TOKEN)
    shown = st.query_params.get(TOKEN_PARAM)
    if not held and shown:
        st.session_state[TOKEN] = shown
    elif held and shown != held:
        st.query_params[TOKEN_PARAM] = held
