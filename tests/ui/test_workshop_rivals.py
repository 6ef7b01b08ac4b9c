"""Rival proposals on the workshop pages (issue 9.2): side by side in one box naming the shared field, the
rule's pick marked for the facilitator, and an amendment of an accepted proposal flagged, not dropped."""

from __future__ import annotations

import os

from tests.ui.test_workshop_pages import (  # noqa: F401  (database: the autouse fixture, a fresh SQLite per test)
    CASE_NOTE,
    PARTICIPANT,
    REWORDED,
    create,
    database,
    join,
    markdown,
    page,
)
from ui import workshop_state as ws
from workshops import service
from workshops.db import Store

ELSEWHERE = CASE_NOTE.replace("label: Why we met\n", "label: What the visit was for\n", 1)
WHERE = CASE_NOTE.replace("label: Why we met\n", "label: Why and where we met\n", 1)


def shown(at) -> str:
    """The page's Markdown as read (ui.text.md escapes punctuation such as '.' and '_')."""
    return markdown(at).replace("\\", "")


def test_rivals_side_by_side_with_the_rules_pick_then_the_amendment_of_the_accepted_one_is_flagged():
    fac, code = create(quorum=2)
    sam, alex, kim = join(code), join(code, "practitioner", "Alex"), join(code, "other", "Kim")
    tokens = [p.session_state[ws.TOKEN] for p in (sam, alex, kim)]
    store = Store(os.environ["DATABASE_URL"])
    try:
        first = store.run(service.propose, tokens[0], REWORDED, "p.yaml", "Shorter")["proposal"]
        second = store.run(service.propose, tokens[1], ELSEWHERE, "p.yaml", "Plainer")["proposal"]
        amendment = store.run(service.propose, tokens[2], WHERE, "p.yaml", "Where too", parent=second)["proposal"]
        for token in tokens[:2]:
            store.run(service.vote, token, first, "support")
        for token in tokens:
            store.run(service.vote, token, second, "support")
    finally:
        store.close()
    fac.run()
    assert not fac.exception
    assert (f"**Rivals.** Proposals {first}, {second} and {amendment} all change the field 'visit_purpose'. "
            f"Under the majority rule proposal {second} is the one to accept") in shown(fac)
    assert shown(fac).count("**The rule's pick**") == 1
    assert len(fac.columns) >= 3  # one column per rival, side by side

    fac.selectbox(key="ws_decide_proposal").set_value(second)
    fac.radio(key="ws_decide_outcome").set_value("accept")
    fac.text_area(key="ws_decide_statement").set_value("Most people backed it.")
    fac.button(key="FormSubmitter:ws_decide-Record the decision").click().run()
    assert not fac.exception
    assert (f"Superseded: {first}. Still open for you to decide: {amendment}, which amend it."
            in fac.success[0].value)
    fac.run()
    assert [w.value for w in fac.warning] == [
        f"Proposal {second}, which this amends, was accepted. This amendment stays open until the facilitator "
        "decides it: it is not dropped with the other rivals."]
    assert f"Proposal {second} is accepted: the facilitator decides the open one ({amendment})." in shown(fac)

    sam.run()  # results are hidden from participants until close: the rivals are shown, the counts are not
    assert not sam.exception
    assert f"**Rivals.** Proposals {second} and {amendment} both change the field" in shown(sam)
    assert "The rule's pick" not in shown(sam)
