"""Facilitators' sign-in with an organisation account (OpenID Connect through `st.login`), where one is configured.

A provider is configured when the secrets hold an `[auth]` section with `redirect_uri` and
`cookie_secret`, and `client_id`, `client_secret` and `server_metadata_url` either in `[auth]`
itself or in an `[auth.<name>]` section. Without one (or with no secrets file at all) nothing here
shows and facilitators use workshop keys, as before.

The identity that owns workshops is built here, on the server, from `st.user`: the issuer and
subject of the ID token Streamlit verified at sign-in and keeps in its signed cookie. Nothing a
browser sends can choose it, and it is rebuilt on every run, so signing out ends it at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui import workshop_state as ws
from ui.text import md
from ui.words import word
from workshops import access
from workshops.access import Credential, SignedIn

SHARED_SETTINGS = ("redirect_uri", "cookie_secret")
PROVIDER_SETTINGS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT = "default"  # st.login's name for a provider set in [auth] itself


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets file, or one that cannot be read: then there is no provider
        return None
    return section if isinstance(section, Mapping) else None


def provider() -> str | None:
    """The provider st.login should use: DEFAULT, the first complete `[auth.<name>]`, or None (none configured)."""
    auth = _auth_section()
    if auth is None or not all(auth.get(name) for name in SHARED_SETTINGS):
        return None
    if all(auth.get(name) for name in PROVIDER_SETTINGS):
        return DEFAULT
    for name, section in auth.items():
        # Streamlit refuses provider names with underscores (#10360).
        if isinstance(section, Mapping) and "_" not in name and all(section.get(s) for s in PROVIDER_SETTINGS):
            return str(name)
    return None


def configured() -> bool:
    return provider() is not None


def account() -> str | None:
    """The signed-in facilitator's identity (`access.account(issuer, subject)`), or None."""
    if not configured():
        return None
    user = st.user
    if not user.get("is_logged_in"):
        return None
    try:
        return access.account(str(user.get("iss") or ""), str(user.get("sub") or ""))
    except ValueError:  # a provider that names no subject cannot own workshops
        return None


def credential() -> Credential | None:
    """What this session's facilitator acts with: the key held here, else the signed-in account on the
    workshop it opened, else None. The service checks it again on every action."""
    key = st.session_state.get(ws.FAC_KEY)
    if key:
        return key
    workshop_id = st.session_state.get(ws.FAC_WORKSHOP)
    owner = account()
    if owner is not None and workshop_id is not None:
        user = st.user
        # The name only: "who decided" reaches exported records, where an email address does not belong.
        return SignedIn(owner, workshop_id, name=str(user.get("name") or ""))
    return None


def who() -> str:
    """The signed-in person as Markdown-safe text: name and email when the provider gave them."""
    user = st.user
    name, email = str(user.get("name") or "").strip(), str(user.get("email") or "").strip()
    if name and email:
        return f"{md(name, 100)} ({md(email, 200)})"
    return md(name or email or word("signin.organisation_account"), 200)


def bar() -> None:
    """Who is signed in, with a sign-out button; or the sign-in button when nobody is."""
    if account() is None:
        st.info(word("signin.sign_organisation_account_start"))
        if st.button(word("signin.sign_organisation_account"), key="ws_sign_in", type="primary",
                     icon=":material/login:"):
            chosen = provider()
            st.login(None if chosen == DEFAULT else chosen)
        return
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(word("signin.signed", who=who()))
    if right.button(word("signin.sign_out"), key="ws_sign_out", icon=":material/logout:"):
        st.logout()
