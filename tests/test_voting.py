"""Tally rules with inline vote tables: constituencies first, and lived experience never simply outvoted."""

from __future__ import annotations

import pytest

from workshops.voting import Ballot, fold_small_groups, pick_winner, quorum_meaning, shortfall, tally


def ballots(table: str) -> list[Ballot]:
    """Rows of 'constituency choice count [reason]' → that many ballots."""
    out = []
    for row in table.strip().splitlines():
        constituency, choice, count, *reason = row.split(maxsplit=3)
        dots = int(choice.removeprefix("dots=")) if choice.startswith("dots=") else 0
        out += [Ballot(constituency, "dots" if dots else choice, dots, reason[0] if reason else None)] * int(count)
    return out


def test_experts_outnumbered_four_to_one_are_protected_by_the_double_majority():
    table = ballots("""
        practitioner          support 16
        expert_by_experience  oppose   4
    """)
    simple = tally("p1", table, rule="majority")
    assert simple.passed
    double = tally("p1", table, rule="double_majority")
    assert not double.passed
    assert double.by_constituency == {"practitioner": {"support": 16, "neutral": 0, "oppose": 0},
                                      "expert_by_experience": {"support": 0, "neutral": 0, "oppose": 4}}
    assert double.overall == {"support": 16, "neutral": 0, "oppose": 4}
    assert double.reason == ("Not passed: a majority overall (16 people supported it and 4 opposed it), but not "
                             "among experts by experience (0 experts by experience supported it but 4 opposed it). "
                             "The double majority rule needs both.")


@pytest.mark.parametrize(("table", "rule", "passed", "reason"), [
    ("practitioner support 3\nexpert_by_experience support 3", "double_majority", True,
     "Passed by double majority: overall 6 people supported it and 0 opposed it, and 3 experts by experience "
     "supported it and 0 opposed it."),
    ("practitioner support 5\nexpert_by_experience support 2", "double_majority", False,
     "Not passed: a majority overall (7 people supported it and 0 opposed it), but not among experts by "
     "experience (only 2 experts by experience voted; at least 3 are needed). The double majority rule needs both."),
    ("practitioner support 1\nmanager support 1", "majority", False,
     "Not passed by majority: only 2 people voted; at least 3 are needed."),
    ("practitioner support 2\npractitioner oppose 2\nvendor neutral 3", "majority", False,
     "Not passed by majority: 2 people supported it but 2 opposed it."),
    ("practitioner neutral 4", "majority", False,
     "Not passed by majority: no more people supported it than opposed it (0 to 0)."),
    ("practitioner support 3\nmanager oppose 2", "majority", True,
     "Passed by majority: 3 people supported it and 2 opposed it."),
])
def test_majority_rules(table, rule, passed, reason):
    result = tally("p", ballots(table), rule=rule)
    assert (result.passed, result.reason) == (passed, reason)


def test_consent_fails_on_any_objection_and_shows_the_reasons():
    table = ballots("""
        practitioner          agree          6
        expert_by_experience  can_live_with  2
        expert_by_experience  object         1 People will not understand the word 'eligible'
    """)
    result = tally("p", table, method="consent", rule="consent")
    assert not result.passed
    assert result.objections == ("People will not understand the word 'eligible'",)
    assert result.reason.startswith("Not agreed by consent: 1 objection(s) are not resolved.")
    agreed = tally("p", [b for b in table if b.choice != "object"], method="consent", rule="consent")
    assert agreed.passed and agreed.reason == "Agreed by consent: 8 people voted and nobody objected."


def test_consent_method_under_double_majority():
    table = ballots("practitioner agree 3\nexpert_by_experience agree 2\nexpert_by_experience object 1 too long")
    result = tally("p", table, method="consent", rule="double_majority")
    assert result.passed
    assert result.reason == ("Passed by double majority: overall 5 people agreed and 1 objected, and 2 experts by "
                             "experience agreed and 1 objected.")


def test_dots_count_dots_and_voters():
    table = ballots("practitioner dots=3 2\nexpert_by_experience dots=1 3\nmanager dots=0 1")
    result = tally("p", table, method="dots", rule="majority")
    assert result.overall == {"dots": 9}
    assert result.by_constituency["practitioner"] == {"dots": 6}
    assert result.passed and result.reason == "Passed by majority: 5 of 6 people gave it dots (9 in all)."


def test_assisted_votes_are_flagged_in_the_reason():
    table = [*ballots("practitioner support 3"), Ballot("expert_by_experience", "support", assisted=True)]
    result = tally("p", table)
    assert result.assisted == 1
    assert result.reason.endswith("1 vote(s) were recorded with a facilitator's help.")


def test_small_groups_are_folded_into_others_for_participants():
    by = tally("p", ballots("""
        practitioner          support  5
        expert_by_experience  oppose   3
        manager               support  1
        vendor                oppose   1
        business_support      support  1
    """)).by_constituency
    assert fold_small_groups(by) == {
        "practitioner": {"support": 5, "neutral": 0, "oppose": 0},
        "expert_by_experience": {"support": 0, "neutral": 0, "oppose": 3},
        "others": {"support": 2, "neutral": 0, "oppose": 1},
    }


def test_others_is_never_small_enough_to_single_anyone_out():
    # One vendor alone in "others" would be read off it: the smallest group shown joins them,
    # and experts by experience stay shown while another group can join instead.
    by = tally("p", ballots("""
        expert_by_experience  support  3
        practitioner          oppose   4
        manager               support  5
        vendor                oppose   1
    """)).by_constituency
    assert fold_small_groups(by) == {
        "expert_by_experience": {"support": 3, "neutral": 0, "oppose": 0},
        "manager": {"support": 5, "neutral": 0, "oppose": 0},
        "others": {"support": 0, "neutral": 0, "oppose": 5},
    }
    only_experts = tally("q", ballots("expert_by_experience support 3\nvendor oppose 1")).by_constituency
    assert fold_small_groups(only_experts) == {"others": {"support": 3, "neutral": 0, "oppose": 1}}
    assert fold_small_groups(tally("r", ballots("practitioner support 4")).by_constituency) == {
        "practitioner": {"support": 4, "neutral": 0, "oppose": 0}}


def test_competing_proposals_the_passed_one_with_most_support_wins():
    a = tally("a", ballots("practitioner support 4\nexpert_by_experience support 3"), rule="double_majority")
    b = tally("b", ballots("practitioner support 6\nexpert_by_experience support 3"), rule="double_majority")
    c = tally("c", ballots("practitioner support 9\nexpert_by_experience oppose 3"), rule="double_majority")
    assert pick_winner([a, b, c]).proposal == "b"  # c has most support overall but fails the rule
    assert pick_winner([c]) is None
    tie = tally("d", ballots("practitioner support 4\nexpert_by_experience support 3"), rule="double_majority")
    assert pick_winner([a, tie]).proposal == "a"  # a tie goes to the earlier proposal


def test_unknown_method_or_rule_is_refused():
    with pytest.raises(ValueError):
        tally("p", [], method="score")
    with pytest.raises(ValueError):
        tally("p", [], rule="unanimity")


@pytest.mark.parametrize(("table", "quorum", "folded"), [
    # Two experts among many practitioners: the table folds them into "others"; so must the sentence.
    ("""
        practitioner          support 3
        expert_by_experience  support 2
    """, 1, "Passed by double majority: overall 5 people supported it and 0 opposed it, and among experts by "
            "experience too (the votes of experts by experience are counted with others here, so that a small "
            "group stays anonymous)."),
    ("""
        practitioner          support 3
        expert_by_experience  oppose  1
        expert_by_experience  support 1
    """, 1, "Not passed: a majority overall (4 people supported it and 1 opposed it), but not among experts by "
            "experience (the votes of experts by experience are counted with others here, so that a small group "
            "stays anonymous). The double majority rule needs both."),
    # Three experts and one vendor: "others" would hold the vendor alone, so the experts join it too.
    ("""
        expert_by_experience  support 3
        vendor                oppose  1
    """, 3, "Passed by double majority: overall 3 people supported it and 1 opposed it, and among experts by "
            "experience too (the votes of experts by experience are counted with others here, so that a small "
            "group stays anonymous)."),
    ("""
        practitioner          oppose  3
        expert_by_experience  support 2
    """, 1, "Not passed by double majority: overall 2 people supported it but 3 opposed it; the votes of experts "
            "by experience are counted with others here, so that a small group stays anonymous."),
])
def test_the_verdict_sentence_folds_small_groups_as_the_table_does(table, quorum, folded):
    """Issue 16.7: a sentence that said "2 experts by experience supported it" undid the table's folding."""
    result = tally("p1", ballots(table), rule="double_majority", quorum=quorum, experts_quorum=quorum)
    assert "expert_by_experience" not in fold_small_groups(result.by_constituency)
    assert result.folded_reason == folded
    assert result.reason != folded  # the facilitator of a workshop that is not secret reads it in full


def test_the_sentence_is_unchanged_where_nothing_it_names_is_folded():
    shown = tally("p1", ballots("""
        practitioner          support 3
        expert_by_experience  support 3
        vendor                oppose  1
    """), rule="double_majority")
    assert "expert_by_experience" in fold_small_groups(shown.by_constituency)
    assert shown.folded_reason == shown.reason == (
        "Passed by double majority: overall 6 people supported it and 1 opposed it, and 3 experts by experience "
        "supported it and 0 opposed it.")
    majority = tally("p1", ballots("practitioner support 2\nvendor oppose 1"), rule="majority")
    assert majority.folded_reason == majority.reason


def test_a_count_of_one_takes_the_singular():
    ballots = [Ballot("expert_by_experience", "support")]
    assert tally("1", ballots, rule="majority", quorum=3).reason == (
        "Not passed by majority: only 1 person voted; at least 3 are needed.")
    two = [Ballot("expert_by_experience", "support"), Ballot("practitioner", "oppose"), Ballot("other", "oppose")]
    assert tally("1", two, rule="majority", quorum=3).reason == (
        "Not passed by majority: 1 person supported it but 2 opposed it.")
    assert tally("1", ballots, rule="double_majority", quorum=1, experts_quorum=1).reason == (
        "Passed by double majority: overall 1 person supported it and 0 opposed it, and 1 expert by experience "
        "supported it and 0 opposed it.")


@pytest.mark.parametrize(("rule", "table", "folded", "expected"), [
    ("majority", "practitioner support 1", False, "2 more people need to vote"),
    ("majority", "practitioner support 2", False, "1 more person needs to vote"),
    ("majority", "practitioner support 3", False, ""),
    ("double_majority", "practitioner support 5|expert_by_experience support 1", False,
     "2 more experts by experience need to vote"),
    ("double_majority", "expert_by_experience support 2", False,
     "1 more person and 1 more expert by experience need to vote"),
    ("double_majority", "practitioner support 4|expert_by_experience oppose 3", False, ""),
    # A secret workshop never gives the experts' own count: only the threshold.
    ("double_majority", "practitioner support 5|expert_by_experience support 1", True,
     "at least 3 experts by experience must have voted"),
    ("double_majority", "expert_by_experience support 1", True,
     "2 more people need to vote; and at least 3 experts by experience must have voted"),
])
def test_what_a_proposal_still_needs_before_the_rule_can_decide(rule, table, folded, expected):
    counted = [b for spec in table.split("|") for b in ballots(spec)]
    t = tally("1", counted, rule=rule, quorum=3, experts_quorum=3)
    assert shortfall(t, 3, 3, folded=folded) == expected


@pytest.mark.parametrize("rule, quorum, people, experts, says, warns", [
    ("majority", 3, None, None, "once at least 3 people have voted", ""),
    ("majority", 1, None, None, "once at least 1 person has voted", ""),
    ("consent", 3, 8, 2, "It passes if nobody objects", ""),  # experts are counted only by double majority
    ("double_majority", 3, 10, 4, "3 experts by experience among them", ""),
    ("majority", 5, 4, None, "", "With 4 people expected, no proposal can reach a quorum of 5: set the quorum to 4"),
    ("double_majority", 3, 12, 2, "", "With 2 experts by experience expected, no proposal can pass under double "
                                      "majority, which needs 3 of them to vote: set the quorum to 2 or fewer"),
    ("double_majority", 3, 12, 0, "", "With no experts by experience expected, no proposal can pass"),
])
def test_a_quorum_is_explained_and_a_quorum_the_room_cannot_meet_is_warned_of(rule, quorum, people, experts,
                                                                              says, warns):
    meaning, warning = quorum_meaning(rule, quorum, people, experts)
    assert says in meaning
    assert warning.startswith(warns) and bool(warning) == bool(warns)


def test_every_group_method_choice_and_rule_has_its_words_in_the_one_table():
    from forms import codesign_words as words
    from workshops.voting import CONSTITUENCIES, METHODS, RULES

    groups = (words.CONSTITUENCY_NAMES, words.CONSTITUENCY_PLURALS, words.SOMEONE)
    assert all(set(table) == set(CONSTITUENCIES) for table in groups)
    assert set(words.METHOD_NAMES) == set(words.METHOD_WORDS) == set(METHODS)
    assert set(words.RULE_NAMES) == set(words.RULE_WORDS) == set(RULES)
    assert set(words.CHOICE_NAMES) == {choice for choices in METHODS.values() for choice in choices}
