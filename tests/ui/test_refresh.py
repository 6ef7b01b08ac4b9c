"""Refresh and Back never lose the person: the token is in the address they joined with and in a cookie, and what they typed
but did not send comes back in a new session (issue 16.3)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.ui.test_workshop_controls import propose
from tests.ui.test_workshop_pages import (  # noqa: F401  (database: the autouse fixture, a fresh SQLite per test)
    PARTICIPANT,
    REWORDED,
    create,
    database,
    join,
)
from ui import person
from ui import workshop_state as ws

UNSENT = "I am not sure 'plainer' is the word families would use; can we ask them"


def refreshed(token: str) -> AppTest:
    """A new session on the Join page with the token in the address, as a refresh or Back gives."""
    at = AppTest.from_file(PARTICIPANT, default_timeout=30)
    at.query_params[ws.TOKEN_PARAM] = token
    at.run()
    assert not at.exception
    return at


def test_a_refresh_keeps_the_person_and_what_they_had_typed():
    _fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.text_area(key="ws_comment_body").set_value(UNSENT).run()
    again = refreshed(sam.session_state[ws.TOKEN])
    assert again.session_state[ws.TOKEN] == sam.session_state[ws.TOKEN]
    again.segmented_control(key="ws_view").set_value("votes").run()
    assert again.text_area(key="ws_comment_body").value == UNSENT
    # Once sent, the box is empty, and a later refresh does not bring the words back.
    again.button(key="ws_comment_post").click().run()
    assert not again.exception and not again.error
    later = refreshed(sam.session_state[ws.TOKEN])
    later.segmented_control(key="ws_view").set_value("votes").run()
    assert later.text_area(key="ws_comment_body").value == ""


def test_another_persons_refresh_gets_nothing_of_it():
    _fac, code = create()
    sam, kim = join(code, name="Sam"), join(code, constituency="practitioner", name="Kim")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.text_area(key="ws_comment_body").set_value(UNSENT).run()
    other = refreshed(kim.session_state[ws.TOKEN])
    other.segmented_control(key="ws_view").set_value("votes").run()
    assert other.text_area(key="ws_comment_body").value == ""


def frames(at: AppTest) -> list[str]:
    """The HTML of every component frame drawn (the cookie is written by one)."""
    return [e.proto.srcdoc for e in at.get("iframe")]


def test_a_page_keeps_the_person_in_a_cookie_and_never_rewrites_the_address():
    """Writing ?t= back on another page pushed a history entry, and Back then landed on that page again."""
    _fac, code = create()
    sam = join(code, name="Sam")
    token = sam.session_state[ws.TOKEN]
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state[ws.TOKEN] = token
    app.run()
    assert not app.exception
    assert ws.TOKEN_PARAM not in app.query_params  # on the Library page, which knows nothing of workshops
    assert any(f"coform_t={token}; Path=/; Max-Age=1209600; SameSite=Strict" in f for f in frames(app))


def test_a_new_session_takes_the_person_from_the_cookie(monkeypatch):
    _fac, code = create()
    token = join(code, name="Sam").session_state[ws.TOKEN]
    monkeypatch.setattr(person, "_cookie", lambda: token)  # what the browser sends after a refresh
    at = AppTest.from_file(PARTICIPANT, default_timeout=30).run()
    assert not at.exception and at.session_state[ws.TOKEN] == token
    assert "You take part as Sam" in at.caption[0].value
    assert not frames(at)  # the cookie already holds it: nothing to write


def test_leaving_empties_the_cookie_and_a_stale_cookie_is_not_read_back(monkeypatch):
    _fac, code = create()
    sam = join(code, name="Sam")
    token = sam.session_state[ws.TOKEN]
    monkeypatch.setattr(person, "_cookie", lambda: token)  # the browser still sends it until the frame runs
    sam.button(key="ws_part_leave").click().run()
    sam.run()
    assert not sam.exception and sam.session_state[ws.TOKEN] is None
    assert sam.text_input(key="ws_join_code").value == ""
    assert any("coform_t=; Path=/; Max-Age=0" in f for f in frames(sam))


