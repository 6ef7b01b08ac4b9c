"""Votes cast at the same moment are written together (issue 9: the vote path): `Store.run` groups the calls
other threads make while a batch is written, and `votes.vote_batch` writes a batch in one transaction. A
batch writes only what a vote on its own would write the same way; anything else (a refusal, a secret
ballot, the same person twice) runs on its own afterwards, with its own refusal."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.workshops.conftest import REWORD, case_note, edited
from workshops import service, votes
from workshops.db import ALONE
from workshops.errors import WorkshopError
from workshops.schema import ChangeCounter, EventLog, Vote


@pytest.fixture
def room(store):
    """A workshop (quorum 1) with an expert, a practitioner, a vendor, and one open proposal."""
    made = store.run(service.create_workshop, "Batches", case_note(), "case-note.yaml", quorum=1)
    people = {who: store.run(service.join, made["join_code"], who)["token"]
              for who in ("expert_by_experience", "practitioner", "vendor")}
    proposal = store.run(service.propose, people["practitioner"], edited([REWORD]), "p.yaml", "clearer")["proposal"]
    return {**made, **people, "proposal": proposal}


def rows(store, model) -> int:
    return store.run(lambda s: s.scalar(select(func.count()).select_from(model)))


def test_a_batch_writes_plain_votes_and_leaves_everything_else_to_run_alone(store, room):
    p, expert, worker = room["proposal"], room["expert_by_experience"], room["practitioner"]
    counter = store.run(lambda s: s.scalar(select(ChangeCounter.value)))
    calls = [((expert, p, "support"), {}),
             ((worker, str(p), "object"), {}),  # an objection without a reason: refused on its own
             ((room["vendor"], p, "support"), {}),  # a vendor: refused on its own (VOTE_010)
             (("pt_not-a-token", p, "support"), {}),
             ((worker, p, "oppose", "  too long  "), {}),
             ((expert, p, "neutral"), {}),  # the same person again: after this batch, on its own
             ((worker, 999, "support"), {})]
    results = store.run(lambda s: votes.vote_batch(s, calls))
    assert results == [{"proposal": p, "choice": "support", "dots": 0, "replaced": False, "secret": False},
                       ALONE, ALONE, ALONE,
                       {"proposal": p, "choice": "oppose", "dots": 0, "replaced": False, "secret": False},
                       ALONE, ALONE]
    written = store.run(lambda s: sorted((v.choice, v.reason, v.is_current) for v in s.scalars(select(Vote))))
    assert written == [("oppose", "too long", True), ("support", None, True)]
    assert store.run(lambda s: s.scalar(select(ChangeCounter.value))) == counter + 2
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(EventLog)
                                        .where(EventLog.action == "voted"))) == 2
    # A second batch changes both votes: the old ones stay as history, each person keeps one current vote.
    again = store.run(lambda s: votes.vote_batch(s, [((expert, p, "neutral"), {}), ((worker, p, "support"), {})]))
    assert [r["replaced"] for r in again] == [True, True]
    assert store.run(service.results, room["facilitator_key"])["proposals"][0]["overall"] == \
        {"support": 1, "neutral": 1, "oppose": 0}
    assert rows(store, Vote) == 4


def test_a_secret_workshops_votes_are_never_batched(store):
    made = store.run(service.create_workshop, "Secret", case_note(), "case-note.yaml", secret=True, quorum=1)
    token = store.run(service.join, made["join_code"], "practitioner")["token"]
    proposal = store.run(service.propose, token, edited([REWORD]), "p.yaml", "clearer")["proposal"]
    assert store.run(lambda s: votes.vote_batch(s, [((token, proposal, "support"), {})])) == [ALONE]
    assert rows(store, Vote) == 0
    store.run(service.vote, token, proposal, "support")  # on its own: the box is rewritten, no voter kept
    assert store.run(lambda s: s.scalars(select(Vote.participant_id)).all()) == [None]


def test_calls_made_while_a_batch_is_written_are_written_together_and_refusals_come_back_alone(store, room):
    """Deterministic: the first vote's batch is held open until three more calls have queued behind it."""
    p = room["proposal"]
    real = votes.vote_batch
    batches: list[int] = []
    held, queued = threading.Event(), threading.Event()

    def watched(session, calls):
        batches.append(len(calls))
        if len(batches) == 1:
            held.set()
            assert queued.wait(30), "the other calls never queued"
        return real(session, calls)

    outcomes: dict[str, object] = {}

    def cast(name: str, *args) -> None:
        try:
            outcomes[name] = store.run(service.vote, *args)
        except WorkshopError as exc:
            outcomes[name] = [i.code for i in exc.issues]

    original = service.vote.batched
    service.vote.batched = watched
    try:
        first = threading.Thread(target=cast, args=("first", room["expert_by_experience"], p, "support"))
        first.start()
        assert held.wait(30)
        others = [threading.Thread(target=cast, args=args) for args in (
            ("worker", room["practitioner"], p, "oppose"), ("vendor", room["vendor"], p, "support"),
            ("changed", room["expert_by_experience"], p, "neutral"))]
        for thread in others:
            thread.start()
        while sum(len(q) for q in store._queued.values()) < 3:  # wait for a state, never for a time
            threading.Event().wait(0.01)
        queued.set()
        for thread in [first, *others]:
            thread.join(30)
    finally:
        service.vote.batched = original
    assert batches == [1, 3]  # the three queued calls were one batch
    assert outcomes["vendor"] == ["VOTE_010"]
    assert outcomes["worker"]["replaced"] is False and outcomes["changed"]["replaced"] is True
    assert store.run(service.results, room["facilitator_key"])["proposals"][0]["overall"] == \
        {"support": 0, "neutral": 1, "oppose": 1}
