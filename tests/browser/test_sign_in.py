"""Signing in with an organisation account, for real: Chromium, `streamlit run app.py` and a fake OIDC provider.

The provider (tests/browser/fake_oidc.py) signs RS256 ID tokens that Streamlit's Authlib verifies
(signature, issuer, audience, expiry, nonce). The studio gets a temporary secrets file through
`--secrets.files`, a temporary database and publish folder, so data/ and .streamlit/ are untouched.
Each browser context is one person: the provider knows who by a cookie the test sets.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from urllib.parse import quote

import pytest

from tests.browser.fake_oidc import FakeProvider
from tests.browser.studio_server import free_port, running_studio, settle

CLIENT_ID = "coform-studio"
CLIENT_SECRET = secrets.token_urlsafe(24)
SAME_EMAIL = "facilitator@example.org"  # both people share it: ownership must not rest on an email


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """The studio with a provider configured; yields its URL, the provider and the database path."""
    folder = tmp_path_factory.mktemp("sign-in")
    with FakeProvider(CLIENT_ID, CLIENT_SECRET) as idp:
        port = free_port()
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{idp.metadata_url}"\n', encoding="utf-8")
        database = folder / "ws.sqlite3"
        env = {"DATABASE_URL": f"sqlite:///{database}", "COFORM_PUBLISH_DIR": str(folder / "published"),
               "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        with running_studio(env, "--secrets.files", str(secrets_file), log=folder / "studio.log", port=port) as url:
            yield url, idp, database


def person(browser, idp: FakeProvider, subject: str, name: str):
    """A browser context that the provider knows as SUBJECT (its own session cookie)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_cookies([{"name": "fake_subject", "value": quote(subject), "url": idp.issuer},
                         {"name": "fake_name", "value": quote(name), "url": idp.issuer},
                         {"name": "fake_email", "value": quote(SAME_EMAIL), "url": idp.issuer}])
    return context


def facilitator_page(context, url: str):
    page = context.new_page()
    page.goto(f"{url}/facilitator_page")
    settle(page)
    return page


def sign_in(context, url: str):
    """Open the facilitator page signed out, click sign in, come back from the provider signed in."""
    page = facilitator_page(context, url)
    assert page.get_by_role("button", name="Create the workshop").count() == 0  # nothing before signing in
    assert page.get_by_label("Facilitator key").count() == 0
    page.get_by_role("button", name="Sign in with your organisation account").click()
    # Streamlit -> provider's authorize -> /oauth2callback -> the studio's home page, signed in.
    page.wait_for_url(re.compile(rf"^{re.escape(url)}/?$"), timeout=30_000)
    settle(page)
    page.goto(f"{url}/facilitator_page")
    settle(page)
    return page


def test_facilitators_sign_in_own_their_workshops_and_reopen_them_without_a_key(browser, studio):
    url, idp, database = studio
    alice = person(browser, idp, "alice-0001", "Alice Example")
    bob = person(browser, idp, "bob-0002", "Bob Example")
    try:
        page = sign_in(alice, url)
        page.get_by_text(f"Signed in as Alice Example ({SAME_EMAIL}).").wait_for(timeout=15_000)
        page.get_by_label("Workshop title").fill("Alice's review")
        page.get_by_role("button", name="Create the workshop").click()
        settle(page)
        page.get_by_role("heading", name="Alice's review").wait_for(timeout=15_000)
        assert "fk_" not in page.inner_text("body")  # no key: the account is the way back

        # The ID token Streamlit accepted carried the nonce it sent; the owner is issuer|subject.
        assert idp.tokens_issued[-1]["sub"] == "alice-0001" and idp.tokens_issued[-1]["nonce"]
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT title, owner FROM workshop").fetchall() == [
                ("Alice's review", f"{idp.issuer}|alice-0001")]

        # A new page in the same browser: a new Streamlit session, signed in by the cookie, no key typed.
        again = facilitator_page(alice, url)
        again.get_by_role("heading", name="Your workshops").wait_for(timeout=15_000)
        again.get_by_role("button", name="Open Alice's review").click()
        settle(again)
        again.get_by_role("heading", name="Alice's review").wait_for(timeout=15_000)
        again.get_by_role("button", name="Change the stage").click()  # a facilitator power, with the account
        settle(again)
        again.get_by_text("The workshop is now open;", exact=False).wait_for(timeout=15_000)
        assert again.locator('[data-testid="stException"]').count() == 0

        # Someone else, with the same email, sees no workshop of Alice's and nothing to open it with.
        other = sign_in(bob, url)
        other.get_by_text(f"Signed in as Bob Example ({SAME_EMAIL}).").wait_for(timeout=15_000)
        other.get_by_text("You have no workshops yet").wait_for(timeout=15_000)
        assert "Alice's review" not in other.inner_text("body")
        assert other.get_by_role("button", name=re.compile("^Open ")).count() == 0

        # Signing out ends it: the page asks to sign in again.
        again.get_by_role("button", name="Sign out").click()
        again.wait_for_url(re.compile(rf"^{re.escape(url)}/?$"), timeout=30_000)
        back = facilitator_page(alice, url)
        back.get_by_role("button", name="Sign in with your organisation account").wait_for(timeout=15_000)
        assert "Alice's review" not in back.inner_text("body")
    finally:
        alice.close()
        bob.close()
