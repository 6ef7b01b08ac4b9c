"""What a vote may be, as pure rules (workshops.voting): who votes, each method's choices, an objection's
reason and the dots budget. No database: every input is written in the test."""

from __future__ import annotations

import pytest

from workshops.errors import WorkshopError
from workshops.voting import SIGNAL_ONLY, check_choice, check_dots, check_voter, choice_allowed


def refusal(rule, *args) -> list[tuple[str, str]]:
    """The (code, where) of each issue RULE(*ARGS) refuses with."""
    with pytest.raises(WorkshopError) as caught:
        rule(*args)
    return [(issue.code, issue.path) for issue in caught.value.issues]


@pytest.mark.parametrize(("method", "choice", "reason", "stored"), [
    ("support", "support", None, ("support", 0)),
    ("support", "neutral", "", ("neutral", 0)),
    ("support", "oppose", None, ("oppose", 0)),  # opposing needs no reason: only an objection does
    ("consent", "agree", None, ("agree", 0)),
    ("consent", "can_live_with", None, ("can_live_with", 0)),
    ("consent", "object", "The label still says 'service user'", ("object", 0)),
    ("dots", "3", None, ("dots", 3)),
    ("dots", "0", None, ("dots", 0)),
    ("dots", "-2", None, ("dots", -2)),  # a whole number: the budget rule refuses it, with its own message
])
def test_each_method_takes_its_own_choices(method, choice, reason, stored):
    assert check_choice(method, choice, reason) == stored
    assert choice_allowed(method, choice, reason)


@pytest.mark.parametrize(("method", "choice"), [
    ("support", "agree"),  # a consent choice under the support method
    ("consent", "support"),
    ("support", "Support"),  # choices are exact
    ("consent", ""),
    ("dots", "three"),
    ("dots", "2.5"),
])
def test_a_choice_the_method_does_not_have_is_refused_and_located(method, choice):
    assert refusal(check_choice, method, choice, None) == [("VOTE_001", "CHOICE")]
    assert not choice_allowed(method, choice, None)


def test_the_refusal_lists_the_choices_the_method_has():
    with pytest.raises(WorkshopError) as caught:
        check_choice("consent", "support", None)
    assert "Choose one of: agree, can_live_with, object." in caught.value.issues[0].sentence()
    with pytest.raises(WorkshopError) as caught:
        check_choice("dots", "lots", None)
    assert "a whole number of dots" in caught.value.issues[0].sentence()


@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_an_objection_needs_a_reason_the_room_can_read(reason):
    assert refusal(check_choice, "consent", "object", reason) == [("VOTE_002", "--reason")]
    assert not choice_allowed("consent", "object", reason)


def test_a_wrong_choice_is_said_before_a_missing_reason():
    assert refusal(check_choice, "support", "object", None) == [("VOTE_001", "CHOICE")]


@pytest.mark.parametrize(("dots", "spent", "budget"), [
    (5, 0, 5),  # the whole budget on one proposal
    (2, 3, 5),  # exactly what is left
    (0, 5, 5),  # nothing left, nothing given
    (7, 3, 10),  # a workshop with a bigger budget
])
def test_dots_within_the_budget_are_taken(dots, spent, budget):
    assert check_dots(dots, spent, budget) is None


@pytest.mark.parametrize(("dots", "spent", "budget", "why"), [
    (6, 0, 5, "only 5 are left"),
    (3, 3, 5, "only 2 are left"),
    (1, 5, 5, "only 0 are left"),
    (-1, 0, 5, "dots cannot be negative"),
])
def test_dots_beyond_the_budget_or_below_zero_are_refused_with_what_is_left(dots, spent, budget, why):
    with pytest.raises(WorkshopError) as caught:
        check_dots(dots, spent, budget)
    (issue,) = caught.value.issues
    assert (issue.code, issue.path) == ("VOTE_003", "CHOICE")
    assert why in issue.sentence() and f"each person has {budget}" in issue.sentence()


@pytest.mark.parametrize("constituency", ["practitioner", "expert_by_experience", "business_support", "other"])
def test_people_who_use_and_fill_in_forms_vote(constituency):
    assert check_voter(constituency) is None


@pytest.mark.parametrize(("constituency", "where"), [("vendor", "TOKEN"), ("manager", "PARTICIPANT_ID")])
def test_vendors_and_managers_are_pointed_to_their_signal(constituency, where):
    with pytest.raises(WorkshopError) as caught:
        check_voter(constituency, where)
    (issue,) = caught.value.issues
    assert (issue.code, issue.path) == ("VOTE_010", where)
    assert SIGNAL_ONLY[constituency] in issue.sentence()
