"""What the workshop pages offer follows what exists, by itself, and what people type is never lost:
new proposals reach the vote, comment and decide choices without a button (issue 16.2), and a text
over its limit is refused with its count while it stays in the box (issue 16.4)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.guided import box, press
from tests.ui.test_workshop_controls import WARMER, propose
from tests.ui.test_workshop_pages import (  # noqa: F401  (database: the autouse fixture, a fresh SQLite per test)
    CASE_NOTE,
    PARTICIPANT,
    REWORDED,
    create,
    database,
    join,
    page,
)
from ui import workshop_state as ws
from workshops import participation, service

TYPED = "Half a thought about the wording"


def arriving_between_reads(monkeypatch, code: str) -> None:
    """Another participant proposes just after the page's own read and before its live view's read: the
    case of a live view that ticks on its own (every 2 s in the browser) and finds a new proposal."""
    real = participation.view
    calls = []

    def view(session, token):
        found = real(session, token)
        calls.append(token)
        if len(calls) == 1:
            other = ws.store().run(service.join, code, "practitioner", "Kim")
            ws.store().run(service.propose, other["token"], WARMER, "case-note.yaml", "Warmer still")
        return found

    monkeypatch.setattr(participation, "view", view)


def options(at, key: str) -> list[str]:
    return at.selectbox(key=key).options


def test_a_new_proposal_reaches_the_vote_and_comment_choices_by_itself_and_a_typed_comment_stays(monkeypatch):
    _, code = create()
    sam = join(code)
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    assert [o.split(":")[0] for o in options(sam, "ws_vote_proposal")] == ["Proposal 1"]
    sam.text_area(key="ws_comment_body").input(TYPED)  # typed, not sent
    arriving_between_reads(monkeypatch, code)
    sam.run()
    assert not sam.exception
    assert [o.split(":")[0] for o in options(sam, "ws_vote_proposal")] == ["Proposal 1", "Proposal 2"]
    assert [o.split(":")[0] for o in options(sam, "ws_comment_proposal")] == ["Proposal 1", "Proposal 2"]
    assert sam.text_area(key="ws_comment_body").value == TYPED
    assert not [b for b in sam.button if "Show" in b.label]  # no button to press
    sam.selectbox(key="ws_comment_proposal").set_value(2)
    sam.button(key="ws_comment_post").click().run()
    assert not sam.exception and "Your comment on proposal 2 is posted." in sam.success[0].value


def test_the_facilitators_decide_form_offers_a_new_proposal_by_itself(monkeypatch):
    fac, code = create()
    sam = join(code)
    propose(sam, REWORDED)
    fac.run()
    assert [o.split(":")[0] for o in options(fac, "ws_decide_proposal")] == ["Proposal 1"]
    real = participation.facilitator_view
    calls = []

    def view(session, key):
        found = real(session, key)
        calls.append(key)
        if len(calls) == 1:  # after the page's read, before the live view's
            other = ws.store().run(service.join, code, "practitioner", "Kim")
            ws.store().run(service.propose, other["token"], WARMER, "case-note.yaml", "Warmer still")
        return found

    monkeypatch.setattr(participation, "facilitator_view", view)
    fac.run()
    assert not fac.exception
    assert [o.split(":")[0] for o in options(fac, "ws_decide_proposal")] == ["Proposal 1", "Proposal 2"]
    assert not [b for b in fac.button if "Show" in b.label]


LONG = "A long paste. " * 300  # 4,200 characters: over the 4,000 of a comment, a note or a rationale
BOXES = [  # (who, view, how, box, button, limit, what the refusal calls it)
    ("expert_by_experience", "votes", None, "ws_comment_body", "ws_comment_post", 4000, "comment"),
    ("expert_by_experience", "votes", None, "ws_vote_reason", "ws_vote_cast", 1000, "reason"),
    ("vendor", "votes", None, "ws_signal_note", "ws_signal_send", 4000, "note"),
    ("expert_by_experience", "propose", "paste", "ws_paste_why", "ws_send_paste", 4000, "reason for the change"),
    ("expert_by_experience", "propose", "menus", "ws_guided_why", "ws_guided_send", 4000, "reason for the change"),
]


def sent(at) -> list[str]:
    """What the page says was sent (the guided editor's own note of the change made is not a sending)."""
    return [s.value for s in at.success if not s.value.startswith("What this change does")]


@pytest.mark.parametrize(("who", "view", "how", "key", "button", "limit", "what"), BOXES)
def test_a_paste_over_the_limit_is_refused_with_its_count_and_stays_in_the_box(who, view, how, key, button, limit,
                                                                                what):
    _, code = create()
    propose(join(code, name="Sam"), REWORDED)
    person = join(code, constituency=who, name="Alex")
    person.segmented_control(key="ws_view").set_value(view).run()
    if how == "paste":
        person.radio(key="ws_propose_how").set_value(how).run()
        person.text_area(key="ws_paste").input(WARMER)
    elif how == "menus":
        person.selectbox(key="ws_guided_field").set_value("visit_date").run()
        box(person, "Question, as the person reads it").input("Date we met")
        press(person, "Save this question")
    person.text_area(key=key).input("Short").run()
    assert f"5 of {limit:,} characters" in "\n".join(c.value for c in person.caption)  # the count as typed
    person.text_area(key=key).input(LONG).run()
    assert f"{len(LONG):,} characters: {len(LONG) - limit:,} over the limit of {limit:,}" in person.warning[0].value
    person.button(key=button).click().run()
    assert not person.exception and not sent(person)
    assert (f"Your {what} is {len(LONG):,} characters long and the limit is {limit:,}: shorten it by "
            f"{len(LONG) - limit:,} characters") in person.error[0].value
    assert person.text_area(key=key).value == LONG  # kept, to be shortened
    person.text_area(key=key).input(LONG[:limit]).run()
    person.button(key=button).click().run()
    assert not person.exception and not person.error and sent(person)


def test_a_decision_statement_over_the_limit_is_refused_and_kept():
    fac, code = create()
    propose(join(code, name="Sam"), REWORDED)
    fac.run()
    fac.text_area(key="ws_decide_statement").set_value(LONG + LONG)
    fac.button(key="FormSubmitter:ws_decide-Record the decision").click().run()
    assert not fac.exception and not fac.success
    assert "Your statement is 8,400 characters long and the limit is 4,000" in fac.error[0].value
    assert fac.text_area(key="ws_decide_statement").value == LONG + LONG


def test_participants_and_a_secret_workshops_facilitator_read_the_verdict_folded_like_the_table():
    """Issue 16.7 through the service and the pages: two experts by experience are counted with others."""
    store = ws.store()
    made = store.run(service.create_workshop, "Folding", CASE_NOTE, "case-note.yaml", rule="double_majority",
                     anonymity="secret", quorum=1, results_visibility="live")
    people = [store.run(service.join, made["join_code"], group, "") for group in
              ["practitioner"] * 3 + ["expert_by_experience"] * 2]
    propose_as = people[0]["token"]
    store.run(service.propose, propose_as, REWORDED, "case-note.yaml", "Plainer")
    for person in people:
        store.run(service.vote, person["token"], 1, "support")
    seen = store.run(participation.view, people[3]["token"], read_only=True)["proposals"][0]
    told = store.run(service.results, made["facilitator_key"], read_only=True)["proposals"][0]
    for entry in (seen, told):
        assert set(entry["by_constituency"]) == {"others"}
        assert entry["reason"].startswith("Passed by double majority: overall 5 people supported it and 0 opposed "
                                          "it, and among experts by experience too (the votes of experts")
        assert "2 experts" not in entry["reason"]
    sam = AppTest.from_file(PARTICIPANT, default_timeout=30)
    sam.query_params[ws.TOKEN_PARAM] = people[3]["token"]
    sam.run()
    assert not sam.exception
    shown = "\n".join(m.value for m in sam.markdown)
    assert "among experts by experience too" in shown and "2 experts" not in shown


def test_a_refusal_says_what_to_do_in_words_and_gives_its_code_on_a_details_line():
    """Issue 16.6: people read the sentence; the code is for whoever helps them."""
    at = page(PARTICIPANT)
    at.text_input(key="ws_join_code").set_value("ABCDE-FGH23")
    at.button(key="FormSubmitter:ws_join-Join").click().run()
    said = at.error[0].value.splitlines()
    sentences = [line for line in said if line.startswith("- ")]
    assert sentences and not [line for line in sentences if re.search(r"[A-Z]+_\d{3}", line)], said
    assert said[-1] == "Details: WORKSHOP_003."  # no workshop has this code
