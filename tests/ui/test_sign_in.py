"""Facilitators signed in with an organisation account, driven with AppTest's secrets and st.user.

AppTest cannot follow the OpenID Connect redirect (tests/browser/test_sign_in.py does, against a
fake provider); here `at.secrets` configures a provider and `at.user` stands for the identity
Streamlit would have verified. The pages use a fresh SQLite file through DATABASE_URL.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import sign_in
from ui import workshop_state as ws
from workshops import access, service
from workshops.db import Store

FACILITATOR = str(ROOT / "ui" / "facilitator_page.py")
RESULTS = str(ROOT / "ui" / "results_page.py")
CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
ISSUER = "https://login.example.org"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32, "client_id": "coform",
        "client_secret": "s3cret", "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration"}
HOSTILE = "<img src=x onerror=alert(1)> **Bold** [link](https://tracker.example/x)"


def user(subject: str, name: str = "Alice Example", email: str = "alice@example.org") -> dict:
    return {"is_logged_in": True, "iss": ISSUER, "sub": subject, "name": name, "email": email}


ALICE = user("alice-0001")


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COFORM_PUBLISH_DIR", str(tmp_path / "published"))
    return url


def page(path: str = FACILITATOR, who: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(path, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = who if who is not None else {"is_logged_in": False}
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def text(at: AppTest) -> str:
    return "\n".join(e.value for kind in (at.markdown, at.error, at.info, at.success, at.header) for e in kind)


def code_of(at: AppTest) -> str:
    """The join code the page shows large (the '# ...' heading), unescaped."""
    heading = next(m.value for m in at.markdown if m.value.startswith("# "))
    return heading[2:].replace("\\", "")


def create(at: AppTest, title: str = "Case note review") -> AppTest:
    at.selectbox(key="ws_create_form").set_value("case-note.yaml")
    at.text_input(key="ws_create_title").set_value(title)
    at.button(key="FormSubmitter:ws_create-Create the workshop").click().run()
    assert not at.exception and not at.error
    return at


# --- is a provider configured? ----------------------------------------------------------------
class Unreadable(dict):
    def get(self, *_args):
        raise FileNotFoundError("No secrets found")


@pytest.mark.parametrize(("secrets", "expected"), [
    (Unreadable(), None),  # no secrets file: st.secrets raises, the studio carries on without sign-in
    ({}, None),
    ({"auth": "not a table"}, None),
    ({"auth": {k: v for k, v in AUTH.items() if k != "cookie_secret"}}, None),
    ({"auth": {k: v for k, v in AUTH.items() if k != "client_secret"}}, None),
    ({"auth": AUTH}, sign_in.DEFAULT),
    ({"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "c" * 32,
               "microsoft": {k: AUTH[k] for k in sign_in.PROVIDER_SETTINGS}}}, "microsoft"),
    ({"auth": {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "c" * 32,
               "my_idp": {k: AUTH[k] for k in sign_in.PROVIDER_SETTINGS}}}, None),  # st.login refuses "_"
], ids=["no-file", "empty", "not-a-table", "no-cookie-secret", "no-client-secret", "default", "named",
        "underscore"])
def test_a_provider_is_configured_only_with_everything_st_login_needs(monkeypatch, secrets, expected):
    monkeypatch.setattr(st, "secrets", secrets)
    assert sign_in.provider() == expected
    assert sign_in.configured() is (expected is not None)


# --- the facilitator page ---------------------------------------------------------------------
def test_with_a_provider_nothing_is_started_or_resumed_before_signing_in():
    at = page()
    assert at.button(key="ws_sign_in").label == "Sign in with your organisation account"
    assert "Sign in with your organisation account" in at.info[0].value
    assert not at.selectbox and not at.text_input  # neither the create form nor the key form
    # A key held in the session does not get round the gate either.
    held = page(**{ws.FAC_KEY: "fk_anything"})
    assert not held.header and not held.text_input and held.button(key="ws_sign_in")


def test_without_a_provider_there_is_no_sign_in_and_the_key_works_as_before():
    at = AppTest.from_file(FACILITATOR, default_timeout=30)
    at.user = ALICE  # even a logged-in identity is ignored when no provider is configured
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key in ("ws_sign_in", "ws_sign_out")]
    create(at)
    assert at.session_state[ws.FAC_KEY].startswith("fk_") and at.session_state[ws.FAC_WORKSHOP] is None
    assert "Keep this facilitator key" in at.warning[0].value


def test_a_signed_in_facilitator_creates_a_workshop_owned_by_the_account_without_a_key(database):
    at = create(page(who=ALICE))
    assert "Signed in as **Alice Example (`alice@example.org`)**." in text(at)
    assert at.session_state[ws.FAC_KEY] is None and at.session_state[ws.FAC_NEW] is None
    assert [c.value for c in at.code] == [f"http://localhost:8501/participant_page?code={code_of(at)}"]
    assert not at.warning and not [c for c in at.code if "fk_" in c.value]  # no key: the account is the way back
    assert at.header[0].value == "Case note review"
    assert "listed under Your workshops" in at.success[0].value
    workshop_id = at.session_state[ws.FAC_WORKSHOP]
    owned = Store(database).run(service.workshops_of, access.account(ISSUER, "alice-0001"))
    assert [w["workshop"] for w in owned] == [workshop_id]


def test_the_owner_reopens_a_workshop_from_the_list_on_another_device():
    made = create(page(who=ALICE))
    workshop_id = made.session_state[ws.FAC_WORKSHOP]
    join_code = made.markdown[[m.value.startswith("# ") for m in made.markdown].index(True)].value
    later = page(who=ALICE)  # a new session: nothing held but the signed-in account
    assert "Your workshops" in [s.value for s in later.subheader]
    listed = text(later)
    assert "**Case note review**" in listed and join_code[2:] in listed and "Open" in listed
    later.button(key=f"ws_open_{workshop_id}").click().run()
    assert not later.exception and not later.error
    assert later.header[0].value == "Case note review"
    # It is run with the account: results, rounds and decisions are all there.
    later.button(key="FormSubmitter:ws_rounds-Change the stage").click().run()
    assert not later.exception and not later.error and "The workshop is now open" in text(later)
    later.button(key="ws_fac_leave").click().run()
    assert later.session_state[ws.FAC_WORKSHOP] is None and "Your workshops" in [s.value for s in later.subheader]


def test_another_account_neither_sees_nor_runs_the_workshop():
    made = create(page(who=ALICE))
    workshop_id = made.session_state[ws.FAC_WORKSHOP]
    # Same email and name, another subject: another person as far as ownership goes.
    bob = page(who=user("bob-0002"))
    assert "You have no workshops yet" in text(bob) and not [b for b in bob.button if b.key.startswith("ws_open_")]
    # Even with the id forced into the session, the service refuses every action.
    forced = page(who=user("bob-0002"), **{ws.FAC_WORKSHOP: workshop_id})
    assert "WORKSHOP_018" in text(forced) and not forced.header
    assert forced.button(key="ws_fac_forget").label == "Back to your workshops"
    results = page(RESULTS, who=user("bob-0002"), **{ws.FAC_WORKSHOP: workshop_id})
    assert "WORKSHOP_018" in text(results) and not results.header


def test_the_results_page_opens_the_signed_in_owners_workshop():
    made = create(page(who=ALICE))
    results = page(RESULTS, who=ALICE, **{ws.FAC_WORKSHOP: made.session_state[ws.FAC_WORKSHOP]})
    assert results.header[0].value == "Case note review" and not results.error


def test_a_key_still_opens_a_command_line_workshop_when_signed_in(database):
    made = Store(database).run(service.create_workshop, "From the command line", CASE_NOTE, "case-note.yaml")
    at = page(who=ALICE)
    at.text_input(key="ws_resume_key").set_value(made["facilitator_key"])
    at.button(key="FormSubmitter:ws_resume-Resume").click().run()
    assert not at.exception and not at.error
    assert at.header[0].value == "From the command line"
    # Its key opens it, but it does not become the account's.
    assert "From the command line" not in text(page(who=ALICE))


def test_signing_out_ends_the_signed_in_session():
    at = create(page(who=ALICE))
    at.button(key="ws_sign_out").click().run()
    assert not at.exception
    at.run()
    assert at.button(key="ws_sign_in") and not at.header


def test_names_from_the_provider_are_shown_as_text():
    at = page(who=user("mallory", name=HOSTILE, email="m@example.org"))
    shown = text(at)
    assert "\\<img" in shown and "\\*\\*Bold\\*\\*" in shown and "\\[`link](https://tracker.example/x`\\)" in shown
    assert "<img" not in shown.replace("\\<img", "")


@pytest.mark.parametrize("who", [{"is_logged_in": True, "iss": ISSUER, "sub": ""},
                                 {"is_logged_in": True, "sub": "alice-0001"},
                                 {"is_logged_in": False, "iss": ISSUER, "sub": "alice-0001"}],
                         ids=["no-subject", "no-issuer", "logged-out"])
def test_an_identity_without_issuer_and_subject_is_not_signed_in(who):
    at = page(who=who)
    assert at.button(key="ws_sign_in") and not at.selectbox
