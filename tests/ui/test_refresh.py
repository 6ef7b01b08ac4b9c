"""Refresh and Back never lose the person: the token rides in the address on every page, and what they typed
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


def test_every_page_carries_the_token_in_the_address():
    _fac, code = create()
    sam = join(code, name="Sam")
    token = sam.session_state[ws.TOKEN]
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state[ws.TOKEN] = token
    app.run()
    assert app.query_params[ws.TOKEN_PARAM] == token  # on the Library page, which knows nothing of workshops
    app.switch_page(str(ROOT / "ui" / "compare_page.py")).run()
    assert app.query_params[ws.TOKEN_PARAM] == token
