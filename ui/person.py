"""Who is using this browser, carried across pages, Back and refresh: the participant token in a cookie.

A refresh starts a new session with nothing in it, and the menu may drop `?t=` from the address when
it changes page. Writing `?t=` back from the script would push a second history entry (Streamlit's
frontend pushes every query change made outside Back and Forward), so Back from another page would
land on that page again, a trap a phone user cannot get out of. So the token is written once into the
address when a person joins (the link that brings them back), and kept in a first-party cookie,
`coform_t`, set by a tiny same-origin frame; a new session takes the token from the address, else from
the cookie. Leaving the workshop on the device empties both. Kept light (no database imports): it
runs on every page of the studio.
"""

from __future__ import annotations

import re

import streamlit as st

TOKEN = "ws:token"  # str | None: the participant token
TOKEN_PARAM = "t"  # ?t=<participant token>: the link that brings a person back, on any device
COOKIE = "coform_t"  # the same token, so a refresh or a page reached by the menu keeps the person
WRITTEN = "person:left"  # "" once the person left on this device, so a stale cookie is not read back
MAX_AGE = 14 * 24 * 3600  # seconds: an open consultation may run over days; leaving ends it sooner
_SAFE = re.compile(r"pt_[A-Za-z0-9_-]{10,100}")  # what a token looks like; nothing else reaches the script


def carry_token() -> None:
    """A new session takes the token from the address, else from the cookie; the cookie follows the session.

    The frame that writes the cookie is drawn on every run until a new session would read it back: an
    element drawn the same way again is kept, not reloaded, and one drawn once could be swept away by
    a quick rerun before its script ran."""
    held = st.session_state.get(TOKEN)
    left = st.session_state.get(WRITTEN) == ""  # this person left on this device: the cookie is stale
    if not held and not left:
        shown = st.query_params.get(TOKEN_PARAM) or _cookie()
        if shown:
            st.session_state[TOKEN] = held = shown
    if held and _cookie() != held:
        _write_cookie(held)
    elif not held and left and _cookie():
        _write_cookie(None)


def hold(token: str) -> None:
    """A person has just joined: the token goes into the session and into the address (their link back)."""
    st.session_state[TOKEN] = token
    st.session_state[WRITTEN] = None
    st.query_params[TOKEN_PARAM] = token


def forget() -> None:
    """Leaving on a shared device: the token goes from the session, the address and the cookie."""
    st.session_state[TOKEN] = None
    st.session_state[WRITTEN] = ""
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind the session (AppTest, scripts): no cookie
        return None
    # Only a string shaped like a token: AppTest's context answers with a stand-in object, not text.
    return value if isinstance(value, str) and _SAFE.fullmatch(value) else None


def _write_cookie(token: str | None) -> None:
    """Set (or, with None, expire) the cookie from a zero-height frame of the studio's own origin."""
    import streamlit.components.v1 as components

    if token is not None and not _SAFE.fullmatch(token):
        return  # never put anything but a token's characters into the script
    value, age = (token, MAX_AGE) if token else ("", 0)
    components.html(
        "<script>var secure = window.parent.location.protocol === 'https:' ? '; Secure' : '';"
        f"document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict' + secure;</script>",
        height=0)
