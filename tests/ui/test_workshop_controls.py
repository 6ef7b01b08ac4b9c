"""The workshop pages' further controls: amendments, before and after, signals, assisted votes, hiding
comments, and a participant's data (a copy to keep, erasure on request)."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.ui.test_workshop_pages import (  # noqa: F401  (database: the autouse fixture, a fresh SQLite per test)
    CASE_NOTE,
    FACILITATOR,
    REWORDED,
    create,
    database,
    errors,
    join,
    markdown,
    page,
)
from ui import workshop_state as ws
from workshops import service
from workshops.schema import Workshop

WARMER = REWORDED.replace("label: Why we met today\n", "label: Why we met today, in your words\n", 1)


def propose(person, text: str, parent: int | None = None) -> None:
    person.segmented_control(key="ws_view").set_value("propose").run()
    person.selectbox(key="ws_propose_parent").set_value(parent).run()
    person.radio(key="ws_propose_how").set_value("paste").run()
    suffix = f"_{parent}" if parent else ""
    person.text_area(key=f"ws_paste{suffix}").set_value(text)
    person.button(key=f"ws_send_paste{suffix}").click().run()
    assert not person.exception and not person.error, errors(person)


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_an_amendment_starts_from_the_proposal_it_amends_and_is_linked_to_it():
    fac, code = create()
    sam, kim = join(code, name="Sam"), join(code, constituency="practitioner", name="Kim")
    propose(sam, REWORDED)
    kim.segmented_control(key="ws_view").set_value("propose").run()
    kim.radio(key="ws_propose_how").set_value("paste").run()
    kim.text_area(key="ws_paste").set_value(CASE_NOTE + "# half done\n").run()  # Kim starts her own
    kim.selectbox(key="ws_propose_parent").set_value(1).run()
    kim.radio(key="ws_propose_how").set_value("paste").run()
    assert kim.text_area(key="ws_paste_1").value == REWORDED  # Sam's version, to change further
    propose(kim, WARMER, parent=1)
    assert "Proposal 2 is in. It amends proposal 1." in kim.success[0].value
    # Kim's own draft from the current form is still there, as she left it.
    kim.selectbox(key="ws_propose_parent").set_value(None).run()
    assert kim.text_area(key="ws_paste").value == CASE_NOTE + "# half done\n"
    fac.run()
    assert "**Proposal 2** (an amendment to proposal 1) · open" in markdown(fac)


def test_a_proposal_is_shown_before_and_after_side_by_side():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("compare").run()
    assert not sam.exception
    shown = markdown(sam)
    assert "**Question 'Why we met' is reworded as 'Why we met today'\\.**" in shown
    assert "For vendors: Compatible: only wording or order changes \\(a patch version\\)\\." in captions(sam)
    before = next(m for m in sam.markdown if m.value.startswith("**Before**"))
    after = next(m for m in sam.markdown if m.value.startswith("**After**"))
    assert "- Question: Why we met" in before.value and "Why we met today" not in before.value
    assert "- Question: Why we met today" in after.value
    fac.run()
    assert not fac.exception and any(m.value.startswith("**After**") for m in fac.markdown)  # the facilitator too


def test_vendors_signal_feasibility_managers_flag_concerns_and_nobody_else_can():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    assert "ws_signal_value" not in [r.key for r in sam.radio]  # an expert by experience: no signals
    assert "ws_vote_cast" in [b.key for b in sam.button]  # an expert by experience votes
    vendor = join(code, constituency="vendor", name="Case system supplier")
    assert "ws_vote_cast" not in [b.key for b in vendor.button]  # a vendor signals instead, never votes
    vendor.radio(key="ws_signal_value").set_value("needs_work")
    vendor.text_area(key="ws_signal_note").set_value("A new column <b>in</b> the case system")
    vendor.button(key="ws_signal_send").click().run()
    assert not vendor.exception and "shown beside its votes" in vendor.success[0].value
    manager = join(code, constituency="manager", name="Team manager")
    assert manager.radio(key="ws_signal_value").options == ["Yes, a concern", "No concern"]
    assert "ws_vote_cast" not in [b.key for b in manager.button]
    sam.run()
    assert ("Feasibility: needs work (A new column \\<b\\>in\\</b\\> the case system). A signal, not a vote."
            in captions(sam))
    fac.run()
    assert "Feasibility: needs work" in captions(fac) and "0 support" in markdown(fac)  # never counted


def test_the_facilitator_records_an_assisted_vote_and_it_is_flagged():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    join(code, constituency="vendor", name="Supplier")
    join(code, constituency="manager", name="Team manager")
    fac.run()
    assert fac.selectbox(key="ws_assist_person").options == ["Participant 1 (Sam, Expert by experience)"]  # no signallers
    fac.selectbox(key="ws_assist_person").set_value(1)
    fac.radio(key="ws_assist_choice_support").set_value("support")
    fac.button(key="ws_assist_record").click().run()
    assert not fac.exception and not fac.error
    assert "marked as assisted" in fac.success[0].value
    assert "with a facilitator's help" in markdown(fac)
    assert "Expert by experience: 1 support" in markdown(fac)


def test_the_facilitator_hides_a_comment_from_every_screen():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.text_area(key="ws_comment_body").set_value("Something abusive")
    sam.button(key="ws_comment_post").click().run()
    assert "Something abusive" in captions(sam)
    fac.run()
    fac.selectbox(key="ws_hide_comment").set_value(1)
    fac.button(key="FormSubmitter:ws_hide-Hide this comment").click().run()
    assert not fac.exception and "Comment 1 is hidden" in fac.success[0].value
    sam.run()
    assert "Something abusive" not in captions(sam)


def test_a_participant_keeps_a_copy_of_their_data_and_the_facilitator_erases_it_on_request():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    token = sam.session_state[ws.TOKEN]
    sam.segmented_control(key="ws_view").set_value("votes").run()
    assert "You are participant 1" in markdown(sam) or any("participant 1" in t.value for t in sam.get("text"))
    assert [b for b in sam.get("download_button") if "my contributions" in b.proto.label]
    mine = json.loads(ws.contributions_json(token))
    assert mine["name"] == "Sam" and mine["proposals"][0]["yaml"] == REWORDED

    fac.run()
    fac.selectbox(key="ws_erase_person").set_value(1)
    fac.button(key="FormSubmitter:ws_erase-Erase").click().run()
    assert "Tick the box first" in errors(fac)  # nothing is erased by a slip
    assert json.loads(ws.contributions_json(token))["name"] == "Sam"
    fac.checkbox(key="ws_erase_sure").check()
    fac.button(key="FormSubmitter:ws_erase-Erase").click().run()
    assert not fac.exception and "Participant 1's contributions are erased" in fac.success[0].value
    refused = json.loads(ws.contributions_json(token))
    assert refused["ok"] is False and refused["issues"][0]["code"] == "WORKSHOP_002"
    sam.run()
    assert not sam.exception and "WORKSHOP_002" in errors(sam)


def test_the_facilitator_chooses_how_people_appear_and_secret_hides_names_from_comments():
    fac = page(FACILITATOR)
    fac.selectbox(key="ws_create_form").set_value("case-note.yaml")
    fac.radio(key="ws_create_anonymity").set_value("secret")
    fac.button(key="FormSubmitter:ws_create-Create the workshop").click().run()
    assert not fac.exception and not fac.error
    made = ws.store().run(lambda s: s.execute(select(Workshop.anonymity)).scalar_one())
    assert made == "secret"
    sam = join(fac.session_state[ws.FAC_NEW]["join_code"], name="Sam")  # Sam agrees to be named ...
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.text_area(key="ws_comment_body").set_value("Plainer is better")
    sam.button(key="ws_comment_post").click().run()
    # ... but in a secret workshop a comment shows only the group.
    assert "Expert by experience (for): Plainer is better" in captions(sam) and "Sam (for)" not in captions(sam)


def test_the_way_back_is_a_private_link_with_the_token():
    _fac, code = create()
    sam = join(code, name="Sam")
    assert "keep the link under 'Come back later'" in sam.success[0].value
    link = [c.value for c in sam.code]
    assert link == [f"/participant_page?t={sam.session_state[ws.TOKEN]}"]  # AppTest has no browser address


def test_a_new_round_uses_another_method_and_a_proposal_with_votes_keeps_its_own():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.button(key="ws_vote_cast").click().run()  # support, by default
    fac.run()
    fac.selectbox(key="ws_round_method").set_value("consent")
    fac.button(key="FormSubmitter:ws_rounds-Change the stage").click().run()
    assert not fac.exception and not fac.error
    assert "people vote by consent" in fac.success[0].value and "Proposals 1 keep their method" in fac.success[0].value
    propose(sam, WARMER)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    # Two forms: consent for the new proposal (the workshop's method now), support for proposal 1.
    assert sam.radio(key="ws_vote_choice").options == ["Agree", "Can live with it", "Object"]
    assert sam.radio(key="ws_vote_choice_support").options == ["Support", "Neutral", "Oppose"]
    sam.radio(key="ws_vote_choice").set_value("agree")
    sam.button(key="ws_vote_cast").click().run()
    assert not sam.exception and not sam.error and "proposal 2 is counted" in sam.success[0].value


def test_what_people_type_survives_other_views_and_refusals_and_is_emptied_once_used():
    fac, code = create()
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.text_area(key="ws_comment_body").set_value("Half a thought").run()
    sam.segmented_control(key="ws_view").set_value("read").run()  # the comment box is not drawn here
    sam.segmented_control(key="ws_view").set_value("votes").run()
    assert sam.text_area(key="ws_comment_body").value == "Half a thought"
    fac.selectbox(key="ws_round_status").set_value("closed")
    fac.button(key="FormSubmitter:ws_rounds-Change the stage").click().run()
    sam.button(key="ws_comment_post").click().run()
    assert "WORKSHOP_014" in errors(sam)  # closed: refused, and the words are still there
    assert sam.text_area(key="ws_comment_body").value == "Half a thought"
    fac.selectbox(key="ws_round_status").set_value("open")
    fac.button(key="FormSubmitter:ws_rounds-Change the stage").click().run()
    sam.button(key="ws_comment_post").click().run()
    assert not sam.error and "is posted" in sam.success[0].value
    assert sam.text_area(key="ws_comment_body").value == ""  # used, so emptied for the next comment


def test_on_a_shared_phone_a_participant_leaves_and_the_next_person_cannot_act_as_them():
    _fac, code = create()
    sam = join(code, name="Sam")
    sam.button(key="ws_part_leave").click().run()
    assert not sam.exception and sam.session_state[ws.TOKEN] is None
    assert ws.TOKEN_PARAM not in sam.query_params and sam.text_input(key="ws_join_code").value == ""


def test_a_draft_begun_before_a_publish_is_proposed_against_the_version_it_began_from():
    fac, code = create()
    sam, kim = join(code, name="Sam"), join(code, constituency="practitioner", name="Kim")
    kim.segmented_control(key="ws_view").set_value("propose").run()
    kim.radio(key="ws_propose_how").set_value("paste").run()  # Kim's box starts from version 2
    propose(sam, REWORDED)
    sam.segmented_control(key="ws_view").set_value("votes").run()
    sam.button(key="ws_vote_cast").click().run()
    fac.run()
    fac.text_area(key="ws_decide_statement").set_value("Agreed.")
    fac.button(key="FormSubmitter:ws_decide-Record the decision").click().run()
    fac.checkbox(key="ws_publish_close").uncheck()  # the room goes on to another round
    fac.button(key="ws_publish").click().run()
    assert "Version 3 is published" in fac.success[0].value
    kim.text_area(key="ws_paste").set_value(CASE_NOTE.replace("label: Start time\n", "label: Time we started\n"))
    kim.button(key="ws_send_paste").click().run()
    assert not kim.error, errors(kim)
    # Only Kim's change: version 3's new wording is not read as Kim undoing it.
    assert "Proposal 2 is in" in kim.success[0].value and "Why we met" not in kim.success[0].value


def test_the_facilitator_sees_how_many_more_votes_the_quorum_needs():
    fac, code = create(quorum=3)
    sam = join(code, name="Sam")
    propose(sam, REWORDED)
    ws.store().run(service.vote, sam.session_state[ws.TOKEN], 1, "support")
    fac.run()
    assert not fac.exception
    assert "**Quorum:** 2 more people need to vote." in markdown(fac)
    for name in ("Kim", "Ali"):
        ws.store().run(service.vote, join(code, constituency="practitioner", name=name).session_state[ws.TOKEN],
                       1, "support")
    fac.run()
    assert "**Quorum:**" not in markdown(fac)  # three votes: the rule can decide
