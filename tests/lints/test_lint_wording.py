"""Words to avoid (LINT_003), language that labels people (LINT_004), unexplained acronyms (LINT_005)."""

from __future__ import annotations

import pytest

from tests.lints.support import lines


def one_label(label: str, code: str, visible: bool = True) -> list[int]:
    return lines(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            fields:
              - id: a
                label: "{label}"
                type: short_text
                visible_to_person: {str(visible).lower()}
        """, code)


@pytest.mark.parametrize(("label", "expected"), [
    ("We will facilitate a meeting", [11]),
    ("Who will deliver the plan?", [11]),
    ("How do we utilise your ideas?", [11]),
    ("What are the key issues for you?", [11]),
    ("Who is your key worker?", []),
    ("Do you have a key safe?", []),
    ("Would you like to foster?", []),
    ("Are you a foster carer?", []),
    ("How can we foster good relationships?", [11]),
    ("We ask this in order to help", [11]),
    ("What impact does this have on you?", []),
    ("How will it impact your week?", [11]),
    ("How is your progress at school?", []),
    ("Agenda for the meeting", []),
    ("Keywords are fine, and so is a turkey dinner", []),
    ("İpek will facilitate", [11]),  # a letter that lower-cases to two: matched on the original text
])
def test_words_to_avoid(label, expected):
    assert one_label(label, "LINT_003") == expected


def test_each_word_is_reported_once_per_text():
    assert one_label("Deliver it, and deliver it well, then facilitate", "LINT_003") == [11, 11]


@pytest.mark.parametrize(("label", "expected"), [
    ("Do you have contact with your birth family?", [11]),
    ("When is family contact?", [11]),
    ("How can we contact you?", []),
    ("Contact details", []),
    ("Tell us about your placement", [11]),
    ("When is your LAC review?", [11]),
    ("Are you a care leaver?", [11]),
    ("Would respite help?", [11]),
    ("Has the child absconded?", [11]),
    ("Is there challenging behaviour at home?", [11]),
    ("Who do you live with?", []),
])
def test_language_that_labels_people(label, expected):
    assert one_label(label, "LINT_004") == expected


def test_labelling_language_is_only_looked_for_in_text_the_person_reads():
    assert one_label("Contact with mum, and placement history", "LINT_004", visible=False) == []


@pytest.mark.parametrize(("label", "expected"), [
    ("Does your child have an EHCP?", [11]),
    ("Does your child have an Education, Health and Care Plan (EHCP)?", []),
    ("Does your child have an EHCP (Education, Health and Care Plan)?", []),
    ("Who is your GP?", []),
    ("Your NHS number", []),
    ("Do NOT sign yet", []),
    ("Is the LAC review soon?", []),  # labelling language: LINT_004 says it instead
])
def test_acronyms(label, expected):
    assert one_label(label, "LINT_005") == expected


def test_an_acronym_spelled_out_earlier_in_the_form_is_fine_later():
    assert lines("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To plan the support in your Education, Health and Care Plan (EHCP).
        sections:
          - id: s
            title: S
            intro: Your EHCP says what help your child gets.
            fields:
              - {id: a, label: What does the EHCP say?, type: short_text}
        """, "LINT_005") == []


def test_an_acronym_is_reported_once_where_it_is_first_used():
    assert lines("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            intro: Tell us about CAMHS.
            fields:
              - {id: a, label: When did CAMHS last see you?, type: short_text}
              - {id: b, label: Did the SENCO help?, type: short_text, visible_to_person: false}
        """, "LINT_005") == [9]
