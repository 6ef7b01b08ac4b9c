"""Workshop operations through the store: permissions, secret ballots, proposals, decisions, publishing."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from forms.loader import load_file
from tests.workshops.conftest import CASE_NOTE, DROP_PERFORMANCE, REWORD, case_note, edited
from workshops import access, participation, service
from workshops.errors import WorkshopError
from workshops.schema import BallotReceipt, EventLog, FieldProvenance, FormVersion, Participant, Vote, Workshop


def refused(store, operation, *args, **kwargs) -> list[str]:
    """The catalog codes of a refusal (the test fails if the operation succeeds)."""
    with pytest.raises(WorkshopError) as caught:
        store.run(operation, *args, **kwargs)
    return [issue.code for issue in caught.value.issues]


def count(store, model, *where) -> int:
    return store.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))


def propose(store, token, replacements, rationale="why"):
    return store.run(service.propose, token, edited(replacements), "p.yaml", rationale)


# --- credentials and permissions --------------------------------------------------------------
def test_keys_and_tokens_are_stored_only_as_hashes(store, workshop):
    rows = store.run(lambda s: (s.scalars(select(Workshop)).all(), s.scalars(select(Participant)).all()))
    stored = json.dumps([[w.facilitator_key_hash for w in rows[0]], [p.token_hash for p in rows[1]]])
    for secret in (workshop["facilitator_key"], workshop["expert"], workshop["worker"]):
        assert secret not in stored
    assert rows[0][0].facilitator_key_hash == access.digest(workshop["facilitator_key"])


def test_a_wrong_facilitator_key_is_refused(store, workshop):
    assert refused(store, service.results, "fk_not-the-key") == ["WORKSHOP_001"]
    assert refused(store, service.publish, "fk_not-the-key") == ["WORKSHOP_001"]


def test_a_participant_token_cannot_decide_publish_or_see_results(store, workshop):
    proposal = propose(store, workshop["expert"], [REWORD])["proposal"]
    token = workshop["expert"]
    assert refused(store, service.decide, token, proposal, "accept", "mine") == ["WORKSHOP_001"]
    assert refused(store, service.publish, token) == ["WORKSHOP_001"]
    assert refused(store, service.results, token) == ["WORKSHOP_001"]


def test_a_participant_cannot_act_in_another_workshop(store, workshop):
    other = store.run(service.create_workshop, "Another", case_note(), "case-note.yaml", quorum=2)
    outsider = store.run(service.join, other["join_code"], "other")["token"]
    mine = propose(store, workshop["expert"], [REWORD])["proposal"]
    assert refused(store, service.vote, outsider, mine, "support") == ["WORKSHOP_005"]
    # The other facilitator cannot see or decide this workshop's proposal either.
    assert refused(store, service.decide, other["facilitator_key"], mine, "reject", "x") == ["WORKSHOP_005"]
    assert store.run(service.results, other["facilitator_key"])["proposals"] == []
    assert refused(store, service.vote, "pt_made-up", mine, "support") == ["WORKSHOP_002"]


def test_wrong_join_codes_slow_a_client_down_but_never_lock_the_right_code_out(store, workshop, monkeypatch):
    waits: list[float] = []
    joined_meanwhile: list[int] = []

    def sleep(seconds: float) -> None:  # injected: nobody waits for real in a test
        waits.append(seconds)
        # The wait holds no lock, neither the database's nor the Store's: someone else joins (a write, from
        # another thread of this process, as another studio session would) while this client waits.
        other = threading.Thread(target=lambda: joined_meanwhile.append(store.run(
            service.join, workshop["join_code"], "other", client="elsewhere")["participant"]), daemon=True)
        other.start()
        other.join(30)
        assert not other.is_alive(), "another writer waited for a client's guessing delay"

    monkeypatch.setattr(access, "SLEEP", sleep)
    for _ in range(12):
        assert refused(store, service.join, "ABCDE-FGHJK", "other", client="guesser") == ["WORKSHOP_003"]
    # Three typos are free, then the wait doubles from half a second up to five seconds.
    assert waits == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0]
    # The right code still joins from the guesser's address (a room behind one Wi-Fi), after the short wait.
    assert store.run(service.join, workshop["join_code"], "expert_by_experience", client="guesser")["token"]
    assert waits[-1] == access.MAX_DELAY and len(joined_meanwhile) == 10
    # Another address is not slowed at all.
    assert store.run(service.join, workshop["join_code"].lower(), "other", client="someone-else")["token"]
    assert len(waits) == 10
    assert [access.guess_delay(n) for n in (0, 2, 3, 4, 7, 100)] == [0.0, 0.0, 0.5, 1.0, 5.0, 5.0]


def test_join_codes_are_long_enough_and_have_no_look_alikes():
    codes = {access.new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 10 and set(c) <= set(access.ALPHABET) for c in codes)
    assert not set("01IO") & set(access.ALPHABET) and len(access.ALPHABET) ** 10 >= 2 ** 40
    assert access.normalise_join_code(" ab2cd-efgh3 ") == "AB2CDEFGH3"


# --- votes ------------------------------------------------------------------------------------
def test_a_changed_vote_counts_once_and_keeps_its_history(store, workshop):
    proposal = propose(store, workshop["expert"], [REWORD])["proposal"]
    store.run(service.vote, workshop["worker"], proposal, "oppose")
    assert store.run(service.vote, workshop["worker"], proposal, "neutral")["replaced"] is True
    store.run(service.vote, workshop["worker"], proposal, "support")
    result = store.run(service.results, workshop["facilitator_key"])["proposals"][0]
    assert result["overall"] == {"support": 1, "neutral": 0, "oppose": 0}
    assert count(store, Vote) == 3 and count(store, Vote, Vote.is_current) == 1


@pytest.mark.parametrize(("method", "choice", "reason", "code"), [
    ("support", "maybe", None, "VOTE_001"),
    ("consent", "object", None, "VOTE_002"),
    ("dots", "6", None, "VOTE_003"),
    ("dots", "lots", None, "VOTE_001"),
])
def test_choices_are_checked_against_the_method(store, method, choice, reason, code):
    made = store.run(service.create_workshop, "W", case_note(), "case-note.yaml", method=method)
    token = store.run(service.join, made["join_code"], "practitioner")["token"]
    proposal = propose(store, token, [REWORD])["proposal"]
    assert refused(store, service.vote, token, proposal, choice, reason) == [code]


def test_dots_are_limited_to_the_budget_across_proposals(store):
    made = store.run(service.create_workshop, "W", case_note(), "case-note.yaml", method="dots")
    token = store.run(service.join, made["join_code"], "practitioner")["token"]
    first = propose(store, token, [REWORD])["proposal"]
    second = propose(store, token, [DROP_PERFORMANCE])["proposal"]
    store.run(service.vote, token, first, "3")
    assert refused(store, service.vote, token, second, "3") == ["VOTE_003"]
    assert store.run(service.vote, token, second, "2")["dots"] == 2
    assert store.run(service.vote, token, first, "1")["replaced"] is True  # moving dots frees them


def test_secret_ballots_hold_no_participant_and_cannot_be_cast_twice(store):
    made = store.run(service.create_workshop, "Secret", case_note(), "case-note.yaml", secret=True, quorum=1)
    token = store.run(service.join, made["join_code"], "expert_by_experience")["token"]
    proposal = propose(store, token, [REWORD])["proposal"]
    store.run(service.vote, token, proposal, "support")
    # Defined behaviour: a secret ballot keeps no link to its voter, so it cannot be found to be
    # replaced; a second vote is refused as a duplicate, and the first stands.
    assert refused(store, service.vote, token, proposal, "oppose") == ["VOTE_005"]
    votes = store.run(lambda s: s.scalars(select(Vote)).all())
    assert [(v.participant_id, v.constituency, v.choice) for v in votes] == [(None, "expert_by_experience", "support")]
    assert count(store, BallotReceipt) == 1
    actors = store.run(lambda s: s.scalars(select(EventLog.actor).where(EventLog.action == "voted")).all())
    assert actors == ["secret"]
    assert refused(store, service.create_workshop, "S", case_note(), "c.yaml", method="dots", secret=True) == [
        "WORKSHOP_012"]


@pytest.mark.parametrize("secret", [False, True])
def test_vendors_and_managers_are_pointed_to_signal_and_everyone_else_votes(store, secret):
    made = store.run(service.create_workshop, "Room", case_note(), "case-note.yaml", quorum=1, secret=secret)
    people = {who: store.run(service.join, made["join_code"], who)["token"]
              for who in ("expert_by_experience", "practitioner", "business_support", "other", "vendor", "manager")}
    proposal = propose(store, people["practitioner"], [REWORD])["proposal"]
    for who in ("vendor", "manager"):
        with pytest.raises(WorkshopError) as caught:
            store.run(service.vote, people[who], proposal, "oppose")
        [issue] = caught.value.issues
        assert (issue.code, issue.path) == ("VOTE_010", "TOKEN") and "'signal'" in issue.fix
    # Business support staff and "other" vote like practitioners and experts (docs/codesign.md, decision 10, gives them no signal).
    for who in ("expert_by_experience", "practitioner", "business_support", "other"):
        store.run(service.vote, people[who], proposal, "support")
    result = store.run(service.results, made["facilitator_key"])["proposals"][0]
    assert result["ballots"] == 4 and result["overall"] == {"support": 4, "neutral": 0, "oppose": 0}
    assert count(store, Vote) == 4 and count(store, BallotReceipt) == (4 if secret else 0)


def test_the_database_refuses_a_second_current_vote(store, workshop):
    proposal = propose(store, workshop["expert"], [REWORD])["proposal"]
    store.run(service.vote, workshop["worker"], proposal, "support")
    person = store.run(lambda s: s.scalar(select(Participant.id).where(Participant.constituency == "practitioner")))

    def sneak(session):
        session.add(Vote(proposal_id=proposal, participant_id=person, constituency="practitioner", choice="oppose"))
        session.flush()

    from sqlalchemy.exc import IntegrityError
    with pytest.raises(IntegrityError):
        store.run(sneak)


# --- proposals --------------------------------------------------------------------------------
def test_a_proposal_lists_its_changes_in_plain_english(store, workshop):
    made = propose(store, workshop["worker"], [REWORD, DROP_PERFORMANCE])
    assert made["changes"] == ["Question 'Date this note was written' is removed from section 'Next steps'.",
                               "Question 'Why we met' is reworded as 'Why we met today'."]
    assert made["touched_fields"] == ["visit_purpose", "written_up_date"]


def test_invalid_proposal_yaml_is_refused_with_located_issues(store, workshop):
    bad = edited([("        type: long_text\n        hint: What the visit was for",
                   "        type: long_txt\n        hint: What the visit was for")])
    with pytest.raises(WorkshopError) as caught:
        store.run(service.propose, workshop["expert"], bad, "mine.yaml", "typo")
    line = bad.splitlines().index("        type: long_txt") + 1
    assert [(i.code, i.path, i.line) for i in caught.value.issues] == [("FIELD_003", "mine.yaml", line)]
    assert caught.value.issues[0].column > 0


@pytest.mark.parametrize(("text", "code"), [
    (case_note().replace("id: case-note", "id: other-note", 1), "WORKSHOP_006"),
    (case_note(), "WORKSHOP_007"),
])
def test_a_proposal_must_change_the_workshops_form(store, workshop, text, code):
    assert refused(store, service.propose, workshop["expert"], text, "p.yaml", "x") == [code]


def test_a_workshop_needs_a_valid_form(store):
    workflow = (CASE_NOTE.parent / "children-contact-to-plan.yaml").read_text(encoding="utf-8")
    assert refused(store, service.create_workshop, "W", workflow, "wf.yaml") == ["WORKSHOP_011"]
    changed_same_version = case_note().replace("label: Why we met", "label: Why")
    store.run(service.create_workshop, "W", case_note(), "case-note.yaml")
    assert refused(store, service.create_workshop, "W", changed_same_version, "c.yaml") == ["WORKSHOP_011"]


# --- decisions and publishing -----------------------------------------------------------------
def vote_all(store, workshop, proposal, choice="support"):
    for who in ("expert", "worker"):
        store.run(service.vote, workshop[who], proposal, choice)


def test_accepting_needs_a_passed_tally_and_a_decided_proposal_is_closed(store, workshop):
    proposal = propose(store, workshop["expert"], [REWORD])["proposal"]
    key = workshop["facilitator_key"]
    assert refused(store, service.decide, key, proposal, "accept", "too soon") == ["VOTE_006"]
    decided = store.run(service.decide, key, proposal, "reject", "Not now: we will test it first.")
    assert decided["outcome"] == "rejected" and decided["passed"] is False
    assert refused(store, service.vote, workshop["worker"], proposal, "support") == ["VOTE_004"]
    assert refused(store, service.decide, key, proposal, "accept", "again") == ["VOTE_004"]
    assert refused(store, service.publish, key) == ["WORKSHOP_008"]


def test_competing_proposals_are_superseded_when_one_is_accepted(store, workshop):
    first = propose(store, workshop["expert"], [REWORD])["proposal"]
    second = propose(store, workshop["worker"], [("label: Why we met\n", "label: What the visit was for\n")])
    vote_all(store, workshop, first)
    decided = store.run(service.decide, workshop["facilitator_key"], first, "accept", "Clearer.")
    assert decided["superseded"] == [second["proposal"]]


def test_publish_merges_proposals_on_different_fields_with_provenance(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    for replacements in ([REWORD], [DROP_PERFORMANCE]):
        proposal = propose(store, workshop["expert"], replacements)["proposal"]
        vote_all(store, workshop, proposal)
        store.run(service.decide, key, proposal, "accept", "Agreed by the room.")
    published = store.run(service.publish, key, tmp_path)
    assert (published["form"], published["version"]) == ("case-note", 3)
    result = load_file(published["path"], lint=False)
    assert result.ok and result.form.version == 3
    ids = [p.field.id for p in result.form.walk()]
    assert "written_up_date" not in ids
    assert next(p.field.label for p in result.form.walk() if p.field.id == "visit_purpose") == "Why we met today"
    provenance = store.run(lambda s: sorted(s.scalars(select(FieldProvenance.field_id)).all()))
    assert provenance == ["visit_purpose", "written_up_date"]
    assert refused(store, service.publish, key, tmp_path) == ["WORKSHOP_008"]


def test_publishing_closes_the_workshop_and_every_participant_sees_the_new_version(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    accepted = propose(store, workshop["expert"], [REWORD])["proposal"]
    vote_all(store, workshop, accepted)
    store.run(service.decide, key, accepted, "accept", "Agreed by the room.")
    waiting = propose(store, workshop["worker"], [DROP_PERFORMANCE])["proposal"]
    published = store.run(service.publish, key, tmp_path)
    assert (published["status"], published["undecided"]) == ("closed", 1)
    seen = store.run(participation.view, workshop["worker"], read_only=True)
    assert seen["status"] == "closed" and seen["results_shown"]
    [version] = seen["published"]
    assert (version["form"], version["version"]) == ("case-note", 3)
    assert any("Why we met today" in line for line in version["changes"])
    assert {p["proposal"]: p["status"] for p in seen["proposals"]} == {accepted: "accepted", waiting: "open"}
    assert refused(store, service.vote, workshop["worker"], waiting, "support") == ["WORKSHOP_014"]


def test_a_facilitator_may_publish_and_keep_the_workshop_open(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    accepted = propose(store, workshop["expert"], [REWORD])["proposal"]
    vote_all(store, workshop, accepted)
    store.run(service.decide, key, accepted, "accept", "Agreed by the room.")
    assert store.run(service.publish, key, tmp_path, close=False)["status"] == "open"
    assert propose(store, workshop["worker"], [DROP_PERFORMANCE])["proposal"]


def test_publishing_an_invalid_merge_is_refused_and_nothing_is_written(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    removes = [("""      - id: analysis
        label: What this means for the person
        type: long_text
        hint: What has changed? Are they safer, or less safe? What is better or worse for them?
""", "")]
    adds = [("worse for them?\n", """worse for them?
      - id: analysis_followup
        label: Anything else about what it means?
        type: long_text
        hint: Only if the person wants to add something.
        show_if: {field: analysis, answered: true}
""")]
    for replacements in (removes, adds):  # each is valid on its own; together the condition names nothing
        proposal = propose(store, workshop["worker"], replacements)["proposal"]
        vote_all(store, workshop, proposal)
        store.run(service.decide, key, proposal, "accept", "Yes.")
    codes = refused(store, service.publish, key, tmp_path / "out")
    assert codes == ["WORKSHOP_010", "COND_002"]  # the new version's own located issue follows
    assert not (tmp_path / "out").exists()
    assert count(store, FormVersion) == 1


NEXT_STEPS = "title: Next steps"


def accept(store, workshop, token, replacements) -> int:
    proposal = propose(store, workshop[token], replacements)["proposal"]
    vote_all(store, workshop, proposal)
    store.run(service.decide, workshop["facilitator_key"], proposal, "accept", "Yes.")
    return proposal


def test_a_section_renamed_alongside_a_field_change_is_merged(store, workshop, tmp_path):
    accept(store, workshop, "expert", [(NEXT_STEPS, "title: What happens next")])
    accept(store, workshop, "worker", [REWORD])
    published = store.run(service.publish, workshop["facilitator_key"], tmp_path)
    form = load_file(published["path"], lint=False).form
    assert [s.title for s in form.sections][-1] == "What happens next"
    assert next(p.field.label for p in form.walk() if p.field.id == "visit_purpose") == "Why we met today"
    assert "# Write it up within 5 working days" in Path(published["path"]).read_text(encoding="utf-8")


def test_the_same_section_title_changed_twice_is_a_conflict_naming_both_titles(store, workshop, tmp_path):
    first = accept(store, workshop, "expert", [(NEXT_STEPS, "title: What happens next")])
    second = accept(store, workshop, "worker", [(NEXT_STEPS, "title: Next")])
    with pytest.raises(WorkshopError) as caught:
        store.run(service.publish, workshop["facilitator_key"], tmp_path)
    [issue] = caught.value.issues
    assert issue.code == "WORKSHOP_009"
    assert f"'What happens next' in proposal {first}, 'Next' in proposal {second}" in issue.sentence()
    assert count(store, FormVersion) == 1


def test_a_proposal_conflicting_with_a_version_published_since_is_refused(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    later = propose(store, workshop["worker"], [(NEXT_STEPS, "title: Next")])["proposal"]  # made on version 2
    accept(store, workshop, "expert", [(NEXT_STEPS, "title: What happens next")])
    assert store.run(service.publish, key, tmp_path, close=False)["version"] == 3
    vote_all(store, workshop, later)
    store.run(service.decide, key, later, "accept", "Yes.")
    with pytest.raises(WorkshopError) as caught:
        store.run(service.publish, key, tmp_path)
    [issue] = caught.value.issues
    assert issue.code == "WORKSHOP_019"
    assert "'What happens next' in version 3, 'Next' in the proposal" in issue.sentence()
    assert count(store, FormVersion) == 2


def test_a_proposal_made_on_an_older_version_is_re_applied(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    later = propose(store, workshop["worker"], [DROP_PERFORMANCE])["proposal"]  # made on version 2
    accept(store, workshop, "expert", [(NEXT_STEPS, "title: What happens next")])
    store.run(service.publish, key, tmp_path, close=False)
    vote_all(store, workshop, later)
    store.run(service.decide, key, later, "accept", "Yes.")
    published = store.run(service.publish, key, tmp_path)
    form = load_file(published["path"], lint=False).form
    assert published["version"] == 4 and [s.title for s in form.sections][-1] == "What happens next"
    assert "written_up_date" not in {p.field.id for p in form.walk()}


def test_a_folder_that_cannot_be_written_rolls_publishing_back(store, workshop, tmp_path):
    key = workshop["facilitator_key"]
    proposal = propose(store, workshop["expert"], [REWORD])["proposal"]
    vote_all(store, workshop, proposal)
    store.run(service.decide, key, proposal, "accept", "Yes.")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert refused(store, service.publish, key, blocker) == ["WORKSHOP_013"]
    assert count(store, FormVersion) == 1
    published = store.run(service.publish, key, tmp_path)
    assert yaml.safe_load(Path(published["path"]).read_text(encoding="utf-8"))["version"] == 3


def test_a_draft_begun_before_a_publish_keeps_its_base_and_never_undoes_the_new_version(store, tmp_path):
    made = store.run(service.create_workshop, "Rounds", case_note(), "case-note.yaml", quorum=1)
    token = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")["token"]
    first = store.run(service.propose, token, edited([REWORD]), "p.yaml", "plainer")["proposal"]
    store.run(service.vote, token, first, "support")
    store.run(service.decide, made["facilitator_key"], first, "accept", "Agreed.")
    assert store.run(service.publish, made["facilitator_key"], tmp_path, close=False)["version"] == 3
    # Kim began her draft on version 2, before that publish, and sends it now.
    kim = store.run(service.join, made["join_code"], "practitioner", "Kim")["token"]
    late = store.run(service.propose, kim, edited([DROP_PERFORMANCE]), "k.yaml", "less admin", base_version=2)
    assert late["changes"] == ["Question 'Date this note was written' is removed from section 'Next steps'."]
    store.run(service.vote, kim, late["proposal"], "support")
    store.run(service.decide, made["facilitator_key"], late["proposal"], "accept", "Agreed.")
    published = store.run(service.publish, made["facilitator_key"], tmp_path, close=False)
    text = Path(published["path"]).read_text(encoding="utf-8")
    assert published["version"] == 4 and "label: Why we met today\n" in text  # version 3's change stays
    assert "- id: written_up_date\n" not in text
    # The dropped field's id is retired, from the first version without it (docs/format.md "Stable ids").
    assert "retired:\n  - {id: written_up_date, since_version: 4, was: Date this note was written}\n" in text
    assert refused(store, service.propose, kim, edited([REWORD]), "k.yaml", "", base_version=9) == ["WORKSHOP_011"]
