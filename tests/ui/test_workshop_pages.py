"""The workshop pages driven with AppTest: a facilitator and participants in separate sessions, one database.

Each test points the pages at a fresh SQLite file through DATABASE_URL (and published versions
at a temporary folder through COFORM_PUBLISH_DIR); the AppTest instances share the process's
cached Store for that URL, as browser sessions of one studio process would.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from forms.loader import load_text
from tests.conftest import ROOT
from tests.ui.guided import BOXES, box, press
from ui import front_door
from ui import workshop_state as ws
from ui.library_data import published_dir
from workshops.schema import Decision, Proposal

FACILITATOR = str(ROOT / "ui" / "facilitator_page.py")
PARTICIPANT = str(ROOT / "ui" / "participant_page.py")
CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
REWORDED = CASE_NOTE.replace("label: Why we met\n", "label: Why we met today\n", 1)
HOSTILE = "<img src=x onerror=alert(1)> **Bold** [link](https://tracker.example/x)"


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'workshops.sqlite3'}")
    monkeypatch.setenv("COFORM_PUBLISH_DIR", str(tmp_path / "published"))
    return tmp_path


def page(path: str) -> AppTest:
    at = AppTest.from_file(path, default_timeout=30).run()
    assert not at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def create(quorum: int = 1, keep_key: bool = True) -> tuple[AppTest, str]:
    """A facilitator session with a new workshop on the case note; returns it and the join code.
    With KEEP_KEY the facilitator has put the key away (pressed "I have kept the key")."""
    at = page(FACILITATOR)
    at.selectbox(key="ws_create_form").set_value("case-note.yaml")
    at.text_input(key="ws_create_title").set_value("Case note review")
    at.number_input(key="ws_create_quorum").set_value(quorum)
    at.button(key="FormSubmitter:ws_create-Create the workshop").click().run()
    assert not at.exception
    made = at.session_state[ws.FAC_NEW]
    if keep_key:
        at.button(key="ws_key_kept").click().run()
        assert not at.exception
    return at, made["join_code"]


def join(code: str, constituency: str = "expert_by_experience", name: str = "Sam") -> AppTest:
    at = page(PARTICIPANT)
    at.text_input(key="ws_join_code").set_value(code)
    at.selectbox(key="ws_join_constituency").set_value(constituency)
    at.text_input(key="ws_join_name").set_value(name)
    at.checkbox(key="ws_join_consent").check()
    at.button(key="FormSubmitter:ws_join-Join").click().run()
    assert not at.exception
    return at


def test_the_facilitator_sees_the_key_alone_then_a_front_door_that_never_shows_it():
    at, code = create(keep_key=False)
    key = at.session_state[ws.FAC_KEY]
    assert key.startswith("fk_") and [c.value for c in at.code] == [key]
    assert "Keep this facilitator key" in at.warning[0].value
    shown = "\n".join(m.value for m in at.markdown)
    assert code[:5] not in shown  # nothing for the room's screen until the key is put away
    at.button(key="ws_key_kept").click().run()
    assert not at.exception and not at.warning
    assert f"# {code.replace('-', chr(92) + '-')}" in [m.value for m in at.markdown]
    assert any(m.value.startswith("### " + code[0] + " ") for m in at.markdown)  # spelled out
    [link] = [c.value for c in at.code]
    assert link.endswith(f"/participant_page?code={code}")
    assert at.get("image"), "a QR code of the link"
    at.toggle(key="ws_projector").set_value(True).run()
    projected = [e.value for e in (*at.markdown, *at.code, *at.caption)]
    assert f"# {code.replace('-', chr(92) + '-')}" in projected and link in projected
    assert not [t for t in projected if key in t]
    assert [b.key for b in at.button] == [] and not at.text_area  # nothing but the front door: no controls


def test_the_join_link_fills_in_the_code():
    _fac, code = create()
    at = AppTest.from_file(PARTICIPANT, default_timeout=30)
    at.query_params[front_door.CODE_PARAM] = code
    at.run()
    assert not at.exception and at.text_input(key="ws_join_code").value == code


def test_the_qr_code_holds_the_link():
    link = front_door.join_link("ABCDE-FGH23", "https://coform.example.gov.uk/studio/facilitator_page")
    assert link == "https://coform.example.gov.uk/studio/participant_page?code=ABCDE-FGH23"
    assert front_door.qr_png(link).startswith(b"\x89PNG")


def test_a_whole_workshop_from_join_code_to_published_version():
    fac, code = create(quorum=1)
    person = join(code, name=HOSTILE)
    assert person.query_params[ws.TOKEN_PARAM] == person.session_state[ws.TOKEN]
    # The hostile name is shown escaped: no live image, link or bold.
    caption = person.caption[0].value
    assert "\\<img" in caption and "\\*\\*Bold\\*\\*" in caption and "\\[`link](https://tracker.example/x`\\)" in caption

    person.segmented_control(key="ws_view").set_value("propose").run()
    person.radio(key="ws_propose_how").set_value("paste").run()
    person.text_area(key="ws_paste").set_value(REWORDED)
    person.text_area(key="ws_paste_why").set_value("Plainer for families")
    person.button(key="ws_send_paste").click().run()
    assert not person.exception and not person.error
    assert "Proposal 1 is in" in person.success[0].value and "Why we met today" in person.success[0].value

    person.segmented_control(key="ws_view").set_value("votes").run()
    assert "Why we met today" in markdown(person)
    person.radio(key="ws_vote_choice").set_value("support")
    person.button(key="ws_vote_cast").click().run()
    assert not person.exception and "counted" in person.success[0].value
    assert "Your vote: **Support**" in markdown(person)
    # Changing the vote replaces it.
    person.radio(key="ws_vote_choice").set_value("neutral")
    person.button(key="ws_vote_cast").click().run()
    assert "changed" in person.success[0].value
    person.radio(key="ws_vote_choice").set_value("support")
    person.button(key="ws_vote_cast").click().run()

    fac.run()
    assert not fac.exception
    shown = markdown(fac)
    assert "Expert by experience: 1 joined, 1 vote cast" in shown  # the noun agrees with its count
    assert "Expert by experience: 1 support, 0 neutral, 0 oppose" in shown
    assert "Would pass. Passed by majority" in shown
    fac.radio(key="ws_decide_outcome").set_value("accept")
    fac.text_area(key="ws_decide_statement").set_value("Agreed: families asked for it.")
    fac.date_input(key="ws_decide_review").set_value(date(2031, 1, 31))
    fac.button(key="FormSubmitter:ws_decide-Record the decision").click().run()
    assert not fac.exception and not fac.error
    assert "Proposal 1 was accepted" in fac.success[0].value
    recorded = ws.store().run(lambda s: s.execute(select(Decision.statement, Decision.review_on,
                                                         Decision.decided_by)).one())
    assert tuple(recorded) == ("Agreed: families asked for it.", date(2031, 1, 31), "the facilitator (with the key)")

    fac.button(key="ws_publish").click().run()
    assert not fac.exception and not fac.error
    published = fac.session_state[ws.PUBLISHED]
    following = yaml.safe_load(CASE_NOTE)["version"] + 1
    assert published["name"] == f"case-note-v{following}.yaml"
    assert f"Version {following} is published as case\\-note\\-v{following}\\.yaml" in fac.success[0].value
    everything = "\n".join(e.value for kind in (fac.success, fac.markdown, fac.caption, fac.code) for e in kind)
    assert str(published_dir()) not in everything and "/" not in fac.success[0].value  # no server path shown
    assert yaml.safe_load(published["yaml"])["version"] == following and "Why we met today" in published["yaml"]
    assert fac.get("download_button")
    assert "The workshop is closed" in fac.success[0].value  # closed by default: the box was ticked

    person.run()  # the participant's screen shows the outcome and the new version
    assert not person.exception
    shown = markdown(person)
    assert "1 proposal accepted, 0 rejected, 0 not decided\\." in shown
    assert f"**Version {following} of the form is published**" in shown and "Why we met today" in shown


def test_a_participant_token_cannot_be_used_as_a_facilitator_key():
    _fac, code = create()
    person = join(code)
    token = person.session_state[ws.TOKEN]
    other = page(FACILITATOR)
    other.text_input(key="ws_resume_key").set_value(token)
    other.button(key="FormSubmitter:ws_resume-Resume").click().run()
    assert not other.exception
    assert "WORKSHOP\\_001" in errors(other) or "WORKSHOP_001" in errors(other)
    assert other.session_state[ws.FAC_KEY] is None
    # Even held in session state (say, by a tampered session), every action is checked by the service.
    other.session_state[ws.FAC_KEY] = token
    other.run()
    assert not other.exception and "WORKSHOP_001" in errors(other)
    assert not other.get("download_button")


def test_a_wrong_join_code_is_refused_with_its_code():
    create()
    at = page(PARTICIPANT)
    at.text_input(key="ws_join_code").set_value("ZZZZZ-ZZZZZ")
    at.button(key="FormSubmitter:ws_join-Join").click().run()
    assert not at.exception
    assert "WORKSHOP_003" in errors(at) and at.session_state[ws.TOKEN] is None


def test_a_phone_that_reconnects_comes_back_with_the_token_in_the_url():
    _fac, code = create()
    token = join(code, constituency="practitioner", name="Alex").session_state[ws.TOKEN]
    again = AppTest.from_file(PARTICIPANT, default_timeout=30)
    again.query_params[ws.TOKEN_PARAM] = token
    again.run()
    assert not again.exception
    assert again.header[0].value == "Case note review" and "Alex (Practitioner)" in again.caption[0].value
    stale = AppTest.from_file(PARTICIPANT, default_timeout=30)
    stale.query_params[ws.TOKEN_PARAM] = "pt_made-up"
    stale.run()
    assert not stale.exception and "WORKSHOP_002" in errors(stale)



def test_propose_a_change_shows_each_picked_question_and_proposes_only_the_change_made():
    """Issue 16.1 on the workshop page: a corrupted proposal was voted on and published."""
    _, code = create()
    person = join(code, constituency="practitioner")
    person.segmented_control(key="ws_view").set_value("propose").run()
    fields = [p.field for p in load_text(CASE_NOTE, "case-note.yaml", lint=False).form.walk()]
    for field in fields:
        person.selectbox(key="ws_guided_field").set_value(field.id).run()
        assert not person.exception
        assert {label: box(person, label).value for label in BOXES} == \
            {label: value(field) for label, value in BOXES.items()}, field.id
    person.selectbox(key="ws_guided_field").set_value("visit_date").run()
    person.selectbox(key="ws_guided_field").set_value("visit_purpose").run()
    box(person, "Question, as the person reads it").set_value("Why we met today")
    press(person, "Save this question")
    person.button(key="ws_guided_send").click().run()
    assert not person.exception and "Proposal 1 is in" in person.success[0].value
    assert ws.store().run(lambda s: s.scalars(select(Proposal.proposed_yaml)).one(), read_only=True) == REWORDED

def test_a_participant_reads_the_form_and_proposes_with_menus_without_yaml():
    fac, code = create()
    person = join(code, constituency="practitioner")
    person.segmented_control(key="ws_view").set_value("read").run()
    assert not person.exception
    assert "The visit" in [s.value for s in person.subheader]  # the first section, as the person sees it

    person.segmented_control(key="ws_view").set_value("propose").run()
    person.selectbox(key="ws_guided_field").set_value("visit_purpose").run()
    box(person, "Question, as the person reads it").set_value("Why we met today")
    press(person, "Save this question")
    assert not person.exception and not person.error
    assert "Why we met today" in markdown(person)  # "Your changes so far"
    person.text_area(key="ws_guided_why").set_value("Plainer")
    person.button(key="ws_guided_send").click().run()
    assert not person.exception and not person.error
    assert "Proposal 1 is in" in person.success[0].value
    # The draft starts again from the current form, and the facilitator sees the proposal.
    assert person.session_state[ws.DRAFT]["texts"][None] == CASE_NOTE
    fac.run()
    assert "Why we met today" in markdown(fac) and "Why: Plainer" in markdown(fac)


RESULTS = str(ROOT / "ui" / "results_page.py")


def test_results_by_constituency_for_the_facilitator_and_only_when_shown_for_participants():
    fac, code = create()
    person = join(code)
    person.segmented_control(key="ws_view").set_value("propose").run()
    person.radio(key="ws_propose_how").set_value("paste").run()
    person.text_area(key="ws_paste").set_value(REWORDED)
    person.button(key="ws_send_paste").click().run()
    person.segmented_control(key="ws_view").set_value("votes").run()
    person.button(key="ws_vote_cast").click().run()
    assert not person.exception and not person.error

    facilitator = AppTest.from_file(RESULTS, default_timeout=30)
    facilitator.session_state[ws.FAC_KEY] = fac.session_state[ws.FAC_KEY]
    facilitator.run()
    assert not facilitator.exception
    assert "Expert by experience: 1 support" in markdown(facilitator)
    assert "**Passes.** Passed by majority" in markdown(facilitator)

    participant = AppTest.from_file(RESULTS, default_timeout=30)
    participant.query_params[ws.TOKEN_PARAM] = person.session_state[ws.TOKEN]
    participant.run()
    assert not participant.exception and "when the workshop closes" in participant.info[0].value
    assert "support" not in markdown(participant)
    # Once the facilitator closes the workshop, participants see it, with the single expert folded into others.
    fac.selectbox(key="ws_round_status").set_value("closed")
    fac.button(key="FormSubmitter:ws_rounds-Change the stage").click().run()
    assert not fac.exception and not fac.error
    participant.run()
    assert not participant.exception
    assert "Others: 1 support" in markdown(participant) and "Expert by experience" not in markdown(participant)


def test_an_objection_without_a_reason_is_refused_in_words_with_its_code():
    fac = page(FACILITATOR)
    fac.selectbox(key="ws_create_form").set_value("case-note.yaml")
    fac.selectbox(key="ws_create_method").set_value("consent")
    fac.selectbox(key="ws_create_rule").set_value("consent")
    fac.button(key="FormSubmitter:ws_create-Create the workshop").click().run()
    person = join(fac.session_state[ws.FAC_NEW]["join_code"])
    person.segmented_control(key="ws_view").set_value("propose").run()
    person.radio(key="ws_propose_how").set_value("paste").run()
    person.text_area(key="ws_paste").set_value(REWORDED)
    person.button(key="ws_send_paste").click().run()
    person.segmented_control(key="ws_view").set_value("votes").run()
    person.radio(key="ws_vote_choice").set_value("object")
    person.button(key="ws_vote_cast").click().run()
    assert not person.exception and "VOTE_002" in errors(person) and "needs a reason" in errors(person)
    person.text_area(key="ws_vote_reason").set_value("Families find 'today' confusing")
    person.button(key="ws_vote_cast").click().run()
    assert not person.exception and not person.error and "counted" in person.success[0].value


def test_comments_are_posted_and_shown_escaped_with_the_authors_consent():
    _fac, code = create()
    person = join(code, name="Sam")
    person.segmented_control(key="ws_view").set_value("propose").run()
    person.radio(key="ws_propose_how").set_value("paste").run()
    person.text_area(key="ws_paste").set_value(REWORDED)
    person.button(key="ws_send_paste").click().run()
    person.segmented_control(key="ws_view").set_value("votes").run()
    person.radio(key="ws_comment_stance").set_value("question")
    person.text_area(key="ws_comment_body").set_value("Does *today* mean the visit day? <script>x</script>")
    person.button(key="ws_comment_post").click().run()
    assert not person.exception and not person.error
    assert "comment on proposal 1 is posted" in person.success[0].value
    shown = [c.value for c in person.caption]
    assert "Sam (question): Does \\*today\\* mean the visit day? \\<script\\>x\\</script\\>" in shown


def test_creating_a_workshop_says_what_the_quorum_means_and_warns_when_the_room_cannot_meet_it():
    at = page(FACILITATOR)
    at.selectbox(key="ws_create_rule").set_value("double_majority").run()
    assert "3 experts by experience among them" in at.caption[0].value and not at.warning
    at.number_input(key="ws_create_expected").set_value(9).run()
    at.number_input(key="ws_create_expected_experts").set_value(2).run()
    assert not at.exception
    assert "With 2 experts by experience expected, no proposal can pass" in at.warning[0].value
    at.number_input(key="ws_create_quorum").set_value(2).run()
    assert "2 experts by experience among them" in at.caption[0].value and not at.warning
