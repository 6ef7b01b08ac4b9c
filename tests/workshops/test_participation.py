"""Rounds, what participants see (hidden and folded results), comments, signals and assisted votes."""

from __future__ import annotations

from sqlalchemy import select

from tests.workshops.conftest import REWORD, case_note, edited
from tests.workshops.test_service import refused
from workshops import participation as P
from workshops import service
from workshops.schema import Participant, Vote


def setup_room(store, secret=False):
    made = store.run(service.create_workshop, "Room", case_note(), "case-note.yaml", quorum=2, secret=secret)
    tokens = {who: store.run(service.join, made["join_code"], who, who.title())["token"]
              for who in ("expert_by_experience", "practitioner", "vendor", "manager", "business_support", "other")}
    for i in range(2):
        tokens[f"worker{i}"] = store.run(service.join, made["join_code"], "practitioner")["token"]
    proposal = store.run(service.propose, tokens["expert_by_experience"], edited([REWORD]), "p.yaml", "why")["proposal"]
    return made, tokens, proposal


def test_results_are_hidden_until_close_then_small_groups_are_folded(store):
    made, tokens, proposal = setup_room(store)
    for who in ("expert_by_experience", "practitioner", "worker0", "worker1", "business_support", "other"):
        store.run(service.vote, tokens[who], proposal, "support")
    seen = store.run(P.view, tokens["other"])
    assert seen["results_shown"] is False and "overall" not in seen["proposals"][0]
    assert seen["proposals"][0]["my_vote"] == "support"
    store.run(P.set_status, made["facilitator_key"], "closed")
    row = store.run(P.view, tokens["vendor"])["proposals"][0]
    # 3 practitioners are shown; the lone expert by experience, business support and other are folded together.
    assert set(row["by_constituency"]) == {"practitioner", "others"}
    assert row["by_constituency"]["others"]["support"] == 3 and row["passed"] is True
    # The facilitator still sees every group.
    full = store.run(service.results, made["facilitator_key"])["proposals"][0]["by_constituency"]
    assert set(full) == {"practitioner", "expert_by_experience", "business_support", "other"}
    assert refused(store, service.vote, tokens["practitioner"], proposal, "oppose") == ["WORKSHOP_014"]
    assert refused(store, service.propose, tokens["manager"], edited([REWORD]), "p.yaml", "x") == ["WORKSHOP_014"]


def test_live_results_can_be_chosen_and_participation_is_counted(store):
    made, tokens, proposal = setup_room(store)
    store.run(P.set_status, made["facilitator_key"], "voting", live_results=True)
    store.run(service.vote, tokens["practitioner"], proposal, "oppose")
    assert store.run(P.view, tokens["manager"])["proposals"][0]["overall"]["oppose"] == 1
    counts = store.run(P.participation, made["facilitator_key"])["by_constituency"]
    assert counts["practitioner"] == {"joined": 3, "ballots": 1}
    assert counts["manager"] == {"joined": 1, "ballots": 0}
    assert refused(store, P.participation, tokens["manager"]) == ["WORKSHOP_001"]


def test_comments_are_named_only_with_consent_and_can_be_hidden(store):
    made, tokens, proposal = setup_room(store)
    first = store.run(P.comment, tokens["practitioner"], proposal, "<b>Clearer</b> for families", "for",
                      "visit_purpose")["comment"]
    store.run(P.comment, tokens["vendor"], proposal, "Does this change the export?", "question")
    comments = store.run(P.view, tokens["manager"])["proposals"][0]["comments"]
    assert [(c["by"], c["stance"], c["body"]) for c in comments] == [
        ("practitioner", "for", "<b>Clearer</b> for families"),  # stored as typed; the UI shows it as text
        ("vendor", "question", "Does this change the export?")]
    store.run(P.hide_comment, made["facilitator_key"], first)
    assert len(store.run(P.view, tokens["manager"])["proposals"][0]["comments"]) == 1
    assert refused(store, P.hide_comment, made["facilitator_key"], 999) == ["WORKSHOP_017"]


def test_signals_come_from_vendors_and_managers_and_are_never_counted(store):
    made, tokens, proposal = setup_room(store)
    store.run(P.signal, tokens["vendor"], proposal, "feasibility", "needs_work", "A new column in the case system")
    store.run(P.signal, tokens["manager"], proposal, "legal", "no_concern")
    assert refused(store, P.signal, tokens["expert_by_experience"], proposal, "feasibility", "easy") == [
        "WORKSHOP_015"]
    row = store.run(P.view, tokens["practitioner"])["proposals"][0]
    assert [s["value"] for s in row["signals"]] == ["needs_work", "no_concern"]
    assert store.run(service.results, made["facilitator_key"])["proposals"][0]["ballots"] == 0


def test_an_assisted_vote_is_flagged_in_the_tally(store):
    made, tokens, proposal = setup_room(store)
    expert = store.run(lambda s: s.scalar(select(Participant.id).where(
        Participant.constituency == "expert_by_experience")))
    store.run(P.assisted_vote, made["facilitator_key"], expert, proposal, "support")
    store.run(service.vote, tokens["practitioner"], proposal, "support")
    result = store.run(service.results, made["facilitator_key"])["proposals"][0]
    assert result["passed"] is True and "with a facilitator's help" in result["reason"]
    assert refused(store, P.assisted_vote, made["facilitator_key"], 999, proposal, "support") == ["WORKSHOP_016"]
    # Someone who voted on their own device keeps their vote: an assisted vote cannot replace it.
    practitioner = store.run(lambda s: s.scalar(select(Participant.id).where(
        Participant.constituency == "practitioner").order_by(Participant.id)))
    assert refused(store, P.assisted_vote, made["facilitator_key"], practitioner, proposal, "oppose") == [
        "WORKSHOP_020"]
    store.run(P.assisted_vote, made["facilitator_key"], expert, proposal, "neutral")  # a helper's own record changes
    assert store.run(service.results, made["facilitator_key"])["proposals"][0]["overall"] == {
        "support": 1, "neutral": 1, "oppose": 0}
    # Nor can a facilitator vote for a vendor or a manager: they give signals (decision 10).
    for who in ("vendor", "manager"):
        number = store.run(lambda s, who=who: s.scalar(select(Participant.id).where(Participant.constituency == who)))
        assert refused(store, P.assisted_vote, made["facilitator_key"], number, proposal, "oppose") == ["VOTE_010"]
    assert store.run(service.results, made["facilitator_key"])["proposals"][0]["ballots"] == 2


def test_a_participants_contributions_can_be_exported_and_erased(store):
    made, tokens, proposal = setup_room(store)
    token = tokens["practitioner"]
    store.run(service.vote, token, proposal, "oppose", "too vague")
    store.run(P.comment, token, proposal, "My name is Alex and I disagree", "against")
    mine = store.run(P.export_participant, token)
    assert mine["name"] == "Practitioner" and mine["votes"][0]["reason"] == "too vague"
    assert [c["body"] for c in mine["comments"]] == ["My name is Alex and I disagree"]
    person = mine["participant"]
    assert refused(store, P.erase_participant, token, person) == ["WORKSHOP_001"]
    store.run(P.erase_participant, made["facilitator_key"], person)
    assert refused(store, P.export_participant, token) == ["WORKSHOP_002"]  # the token no longer works
    row = store.run(P.view, tokens["vendor"])["proposals"][0]
    assert [c["body"] for c in row["comments"]] == [P.REMOVED]
    # The vote still counts, with no link to the person and no reason.
    result = store.run(service.results, made["facilitator_key"])["proposals"][0]
    assert result["overall"]["oppose"] == 1
    votes = store.run(lambda s: s.scalars(select(Vote)).all())
    assert [(v.participant_id, v.reason) for v in votes] == [(None, None)]


def test_an_amendment_links_to_its_parent_and_must_be_in_the_same_workshop(store):
    _made, tokens, proposal = setup_room(store)
    amended = edited([("label: Why we met\n", "label: Why we met today, in your words\n")])
    child = store.run(service.propose, tokens["manager"], amended, "a.yaml", "warmer", parent=proposal)
    assert store.run(P.view, tokens["vendor"])["proposals"][1]["parent"] == proposal
    # An amendment is voted beside its parent: once the parent is decided, it cannot be amended.
    store.run(service.decide, _made["facilitator_key"], child["proposal"], "reject", "Not now.")
    assert refused(store, service.propose, tokens["vendor"], amended, "a.yaml", "x", parent=child["proposal"]) == [
        "VOTE_004"]
    other = store.run(service.create_workshop, "Other", case_note(), "case-note.yaml")
    outsider = store.run(service.join, other["join_code"], "other")["token"]
    assert refused(store, service.propose, outsider, amended, "a.yaml", "x", parent=child["proposal"]) == [
        "WORKSHOP_005"]


def test_the_facilitator_reads_counts_people_comments_and_signals_in_one_view(store):
    made, tokens, proposal = setup_room(store)
    store.run(service.vote, tokens["practitioner"], proposal, "support")
    store.run(P.comment, tokens["vendor"], proposal, "Does this change the export?", "question")
    store.run(P.signal, tokens["vendor"], proposal, "feasibility", "easy")
    seen = store.run(P.facilitator_view, made["facilitator_key"])
    assert seen["status"] == "open" and seen["participation"]["practitioner"] == {"joined": 3, "ballots": 1}
    assert [(p["name"], p["constituency"]) for p in seen["people"]][:2] == [
        ("Expert_By_Experience", "expert_by_experience"), ("Practitioner", "practitioner")]
    entry = seen["proposals"][0]
    assert entry["by_constituency"] == {"practitioner": {"support": 1, "neutral": 0, "oppose": 0}}
    assert [c["body"] for c in entry["comments"]] == ["Does this change the export?"]
    assert entry["signals"] == [{"kind": "feasibility", "value": "easy", "note": ""}]
    assert refused(store, P.facilitator_view, tokens["practitioner"]) == ["WORKSHOP_001"]


def test_a_proposal_is_read_before_and_after_only_within_its_workshop(store):
    made, tokens, proposal = setup_room(store)
    texts = store.run(P.proposal_texts, tokens["vendor"], proposal)
    assert texts["before"] == case_note() and texts["after"] == edited([REWORD])
    assert texts["form"] == "case-note" and texts["changes"] == [
        "Question 'Why we met' is reworded as 'Why we met today'."]
    assert store.run(P.facilitator_proposal_texts, made["facilitator_key"], proposal)["after"] == texts["after"]
    other = store.run(service.create_workshop, "Other", case_note(), "case-note.yaml")
    outsider = store.run(service.join, other["join_code"], "other")["token"]
    assert refused(store, P.proposal_texts, outsider, proposal) == ["WORKSHOP_005"]
    assert refused(store, P.facilitator_proposal_texts, other["facilitator_key"], proposal) == ["WORKSHOP_005"]


def test_comments_signals_and_tallies_stay_with_their_own_proposal(store):
    made, tokens, first = setup_room(store)
    second = store.run(service.propose, tokens["manager"], edited([("label: Why we met\n", "label: Purpose\n")]),
                       "b.yaml", "shorter")["proposal"]
    store.run(P.comment, tokens["vendor"], second, "Only about the second", "question")
    store.run(P.signal, tokens["vendor"], first, "feasibility", "easy")
    store.run(service.vote, tokens["practitioner"], second, "oppose")
    store.run(P.set_status, made["facilitator_key"], "voting", live_results=True)
    for seen in (store.run(P.view, tokens["worker0"]), store.run(P.facilitator_view, made["facilitator_key"])):
        one, two = seen["proposals"]
        assert (one["proposal"], two["proposal"]) == (first, second) and two["parent"] is None
        assert one["comments"] == [] and [c["body"] for c in two["comments"]] == ["Only about the second"]
        assert [s["value"] for s in one["signals"]] == ["easy"] and two["signals"] == []
        assert sum(one["overall"].values()) == 0 and two["overall"]["oppose"] == 1


def test_a_new_round_may_use_another_vote_method_and_no_cast_vote_is_reinterpreted(store):
    made, tokens, voted = setup_room(store)
    store.run(service.vote, tokens["practitioner"], voted, "support")
    quiet = store.run(service.propose, tokens["manager"], edited([("label: Why we met\n", "label: Purpose\n")]),
                      "b.yaml", "shorter")["proposal"]
    changed = store.run(P.set_status, made["facilitator_key"], "voting", method="consent")
    assert (changed["method"], changed["kept_method"]) == ("consent", [voted])
    later = store.run(service.propose, tokens["worker0"], edited([("label: Why we met\n", "label: Reason\n")]),
                      "c.yaml", "")["proposal"]
    # The proposal with a vote finishes its round by support; the others are voted by consent.
    assert refused(store, service.vote, tokens["worker1"], quiet, "support") == ["VOTE_001"]
    store.run(service.vote, tokens["worker1"], quiet, "agree")
    store.run(service.vote, tokens["worker1"], later, "can_live_with")
    store.run(service.vote, tokens["worker1"], voted, "support")
    seen = {e["proposal"]: e for e in store.run(service.results, made["facilitator_key"])["proposals"]}
    assert {n: e["method"] for n, e in seen.items()} == {voted: "support", quiet: "consent", later: "consent"}
    assert seen[voted]["overall"] == {"support": 2, "neutral": 0, "oppose": 0}
    assert seen[quiet]["overall"]["agree"] == 1 and seen[later]["overall"]["can_live_with"] == 1
    assert [e["method"] for e in store.run(P.view, tokens["vendor"])["proposals"]] == [
        "support", "consent", "consent"]


def test_a_secret_workshop_cannot_move_to_dots(store):
    made, _tokens, _proposal = setup_room(store, secret=True)
    assert refused(store, P.set_status, made["facilitator_key"], "open", method="dots") == ["WORKSHOP_012"]
    assert store.run(P.set_status, made["facilitator_key"], "open", method="consent")["method"] == "consent"


def test_in_a_secret_workshop_even_the_facilitator_sees_small_groups_folded(store):
    made, tokens, proposal = setup_room(store, secret=True)
    for who in ("practitioner", "worker0", "worker1"):
        store.run(service.vote, tokens[who], proposal, "support")
    store.run(service.vote, tokens["business_support"], proposal, "oppose")  # the only one of business support
    seen = store.run(P.facilitator_view, made["facilitator_key"])["proposals"][0]["by_constituency"]
    assert seen == {"others": {"support": 3, "neutral": 0, "oppose": 1}}
    named, named_tokens, named_proposal = setup_room(store)
    store.run(service.vote, named_tokens["business_support"], named_proposal, "oppose")
    # In a named workshop the facilitator sees every group (the README, "Workshops from the command line"); participants never do.
    assert store.run(service.results, named["facilitator_key"])["proposals"][0]["by_constituency"] == {
        "business_support": {"support": 0, "neutral": 0, "oppose": 1}}


def test_a_secret_voter_sees_that_they_voted_but_not_how_and_signals_stop_at_close(store):
    made, tokens, proposal = setup_room(store, secret=True)
    store.run(service.vote, tokens["practitioner"], proposal, "oppose")
    mine, theirs = (store.run(P.view, tokens[who])["proposals"][0] for who in ("practitioner", "manager"))
    assert (mine["voted"], mine["my_vote"]) == (True, None) and theirs["voted"] is False
    store.run(P.set_status, made["facilitator_key"], "closed")
    assert refused(store, P.signal, tokens["vendor"], proposal, "feasibility", "easy") == ["WORKSHOP_014"]
