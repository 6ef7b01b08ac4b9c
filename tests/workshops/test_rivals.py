"""Rival proposals (issue 9.2): grouped by field, decided together by the workshop's rule, conflicts refused,
and an amendment of an accepted proposal left for the facilitator to decide, never silently superseded."""

from __future__ import annotations

import pytest

from tests.workshops.conftest import DROP_PERFORMANCE, REWORD, edited
from tests.workshops.test_cli import cli
from workshops import participation, service
from workshops.errors import WorkshopError
from workshops.rivals import Listed, clashing, flagged, groups
from workshops.voting import Ballot, tally

ELSEWHERE = ("label: Why we met\n", "label: What the visit was for\n")  # a rival of REWORD: the same field
WHERE = ("label: Why we met\n", "label: Why and where we met\n")


def propose(store, token, replacements, parent=None) -> int:
    return store.run(service.propose, token, edited(replacements), "p.yaml", "why", parent=parent)["proposal"]


def refusal(store, operation, *args) -> list:
    with pytest.raises(WorkshopError) as caught:
        store.run(operation, *args)
    return caught.value.issues


@pytest.fixture
def room(store, workshop):
    """The workshop with a third voter, so that one rival can have more support than another."""
    third = store.run(service.join, workshop["join_code"], "other", "Kim")["token"]
    return {**workshop, "third": third}


def votes(store, room, proposal, *who):
    for person in who:
        store.run(service.vote, room[person], proposal, "support")


# --- the pure rules ----------------------------------------------------------------------------
def test_groups_are_made_by_shared_field_and_the_rule_picks_the_most_supported_passed_rival():
    listed = [Listed(1, "open", None, ("visit_purpose",), True),
              Listed(2, "open", None, ("visit_purpose", "written_up_date"), True),
              Listed(3, "open", None, ("written_up_date",), True),
              Listed(4, "open", None, ("analysis",), True),
              Listed(5, "superseded", None, ("analysis",), False)]
    support = [Ballot("practitioner", "support")]
    tallies = {1: tally("1", support * 2, quorum=2), 2: tally("2", support * 3, quorum=2),
               3: tally("3", support, quorum=2), 4: tally("4", [], quorum=2)}
    found = [g.as_dict() for g in groups(listed, tallies, "majority")]
    assert found == [
        {"fields": ["visit_purpose"], "proposals": [1, 2], "accepted": None, "winner": 2,
         "reason": "Proposals 1 and 2 both change the field 'visit_purpose'. Under the majority rule proposal 2 is "
                   "the one to accept: it passes with the most support."},
        {"fields": ["written_up_date"], "proposals": [2, 3], "accepted": None, "winner": 2,
         "reason": "Proposals 2 and 3 both change the field 'written_up_date'. Under the majority rule proposal 2 "
                   "is the one to accept: it passes with the most support."}]
    # Without tallies (results hidden) the groups are the same, and nobody is named the winner.
    assert [g.winner for g in groups(listed, None, "majority")] == [None, None]


def test_an_open_amendment_of_an_accepted_proposal_is_flagged_and_identical_changes_do_not_clash():
    listed = [Listed(1, "accepted", None, ("visit_purpose",), True), Listed(2, "open", 1, ("visit_purpose",), True),
              Listed(3, "open", None, ("analysis",), True)]
    assert flagged(listed) == {2: 1}
    [group] = groups(listed, None, "majority")
    assert (group.proposals, group.accepted, group.winner) == ((1, 2), 1, None)
    assert clashing({"a": 1, "b": 2}, {"a": 1, "b": 3}, ["a", "b"]) == ["b"]


# --- through the store (SQLite and PostgreSQL) -------------------------------------------------------
def test_results_group_rivals_with_the_rules_pick_and_hide_the_pick_from_participants(store, room):
    first = propose(store, room["expert"], [REWORD])
    second = propose(store, room["worker"], [ELSEWHERE])
    apart = propose(store, room["expert"], [DROP_PERFORMANCE])
    votes(store, room, first, "expert", "worker")
    votes(store, room, second, "expert", "worker", "third")
    shown = store.run(service.results, room["facilitator_key"])
    [group] = shown["rivals"]
    assert (group["fields"], group["proposals"], group["winner"]) == (["visit_purpose"], [first, second], second)
    assert apart not in group["proposals"]
    assert {e["proposal"]: e["fields"] for e in shown["proposals"]}[apart] == ["written_up_date"]
    # Results are shown after close: a participant sees the rivals, but not which one the counts favour.
    [seen] = store.run(participation.view, room["expert"])["rivals"]
    assert (seen["proposals"], seen["winner"]) == ([first, second], None)


def test_the_rule_picks_among_rivals_so_a_less_supported_one_cannot_be_accepted(store, room):
    key = room["facilitator_key"]
    first = propose(store, room["expert"], [REWORD])
    second = propose(store, room["worker"], [ELSEWHERE])
    votes(store, room, first, "expert", "worker")
    votes(store, room, second, "expert", "worker", "third")
    [issue] = refusal(store, service.decide, key, first, "accept", "Shorter.")
    assert issue.code == "VOTE_011"
    assert issue.sentence().startswith(
        f"proposal {first} cannot be accepted: its rival, proposal {second}, also changes the field "
        f"'visit_purpose' and the majority rule picks proposal {second} (proposal {second}: 3 for, 0 against; "
        f"proposal {first}: 2 for, 0 against)")
    decided = store.run(service.decide, key, second, "accept", "More people backed it.")
    assert (decided["superseded"], decided["to_decide"]) == ([first], [])


def test_an_amendment_of_an_accepted_proposal_stays_open_flagged_and_cannot_be_accepted_beside_it(store, room):
    key = room["facilitator_key"]
    parent = propose(store, room["expert"], [REWORD])
    amendment = propose(store, room["worker"], [WHERE], parent=parent)
    votes(store, room, parent, "expert", "worker")
    decided = store.run(service.decide, key, parent, "accept", "Agreed.")
    assert (decided["superseded"], decided["to_decide"]) == ([], [amendment])
    shown = store.run(service.results, key)
    entry = {e["proposal"]: e for e in shown["proposals"]}[amendment]
    assert (entry["status"], entry["amends_accepted"]) == ("open", parent)
    [group] = shown["rivals"]
    assert (group["proposals"], group["accepted"]) == ([parent, amendment], parent)
    votes(store, room, amendment, "expert", "worker")
    [issue] = refusal(store, service.decide, key, amendment, "accept", "Both?")
    assert issue.code == "WORKSHOP_021"
    assert issue.sentence().startswith(f"proposal {amendment} cannot be accepted: it changes the field "
                                       f"'visit_purpose', which accepted proposal {parent} changes differently")
    assert store.run(service.decide, key, amendment, "reject", "We keep the accepted wording.")["outcome"] == \
        "rejected"
    assert store.run(service.results, key)["rivals"] == []


def test_a_rival_making_the_same_change_as_an_accepted_one_can_be_accepted(store, room):
    key = room["facilitator_key"]
    first = propose(store, room["expert"], [REWORD])
    votes(store, room, first, "expert", "worker")
    store.run(service.decide, key, first, "accept", "Agreed.")
    same = propose(store, room["worker"], [REWORD, DROP_PERFORMANCE])
    votes(store, room, same, "expert", "worker")
    assert store.run(service.decide, key, same, "accept", "The same wording, and the date goes.")["outcome"] == \
        "accepted"


def test_the_command_line_lists_rivals_and_refuses_a_rival_the_rule_did_not_pick(store, room, database_url):
    first = propose(store, room["expert"], [REWORD])
    second = propose(store, room["worker"], [ELSEWHERE])
    votes(store, room, first, "expert", "worker")
    votes(store, room, second, "expert", "worker", "third")
    code, shown, _ = cli(database_url, "results", room["facilitator_key"])
    assert code == 0 and [g["winner"] for g in shown["rivals"]] == [second]
    code, refused, _ = cli(database_url, "decide", room["facilitator_key"], str(first), "accept",
                           "--statement", "Shorter.")
    assert code == 1 and [i["code"] for i in refused["issues"]] == ["VOTE_011"]
