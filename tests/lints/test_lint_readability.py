"""Reading age per section (LINT_001) and long sentences (LINT_002)."""

from __future__ import annotations

import pytest
import textstat

from forms.lints import person_text_sections
from forms.lints.readability import grade
from tests.conftest import load
from tests.lints.support import lines

HARD = ("This comprehensive assessment considers multidisciplinary recommendations regarding developmental "
        "circumstances. Professionals' evaluations determine eligibility for additional specialist interventions. "
        "Information provided contributes substantially towards safeguarding considerations. Describe the "
        "communication difficulties experienced by household members.")
PLAIN = ("Tell us about your home and the people in it. Who lives with you most of the time? What do you like "
         "to do when you have a free day? We want to help you and your family. You can stop at any time.")


def intro_form(intro: str) -> str:
    """A one-section form whose intro (line 7) is the passage scored."""
    return f"""\
kind: form
id: f
title: T
version: 1
purpose: To test.
sections:
  - id: s
    title: S
    intro: {intro}
    fields:
      - {{id: a, label: Name, type: short_text}}
"""


@pytest.mark.parametrize(("intro", "expected"), [(HARD, [7]), (PLAIN, [])])
def test_reading_age_is_scored_over_the_section_and_reported_at_it(intro, expected):
    assert lines(intro_form(intro), "LINT_001") == expected


def test_a_short_label_is_never_scored_alone():
    # FK on two words alone would be far above grade 4; there is too little text to score.
    assert lines("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            fields:
              - {id: a, label: Ethnicity classification, type: short_text}
              - {id: b, label: Communication requirements, type: short_text}
        """, "LINT_001") == []


def test_labels_and_hints_are_joined_as_sentences_and_guidance_is_read():
    assert lines("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            fields:
              - id: g
                type: guidance
                label: This comprehensive assessment considers multidisciplinary recommendations regarding developmental circumstances
              - id: a
                label: Professionals' evaluations determine eligibility for specialist interventions
                hint: Information provided contributes substantially towards safeguarding considerations
                type: long_text
                own_words: true
              - {id: b, label: Describe communication difficulties experienced by household members, type: short_text}
        """, "LINT_001") == [7]


def test_text_the_person_never_reads_is_not_scored():
    assert lines(f"""\
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
                label: Practitioner analysis
                hint: {HARD}
                type: long_text
                visible_to_person: false
        """, "LINT_001") == []


def test_together_fields_are_read_even_when_not_visible_afterwards():
    assert lines(f"""\
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
                label: Your story
                hint: {HARD}
                type: long_text
                visible_to_person: false
                completed_by: together
        """, "LINT_001") == [7]


def test_a_long_purpose_is_scored_on_its_own():
    assert lines(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: {HARD}
        sections:
          - id: s
            title: S
            fields:
              - {{id: a, label: Name, type: short_text}}
        """, "LINT_001") == [5]


def test_grade_agrees_with_textstat_on_ordinary_prose():
    result = load(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: s
            title: S
            intro: {HARD} {PLAIN}
            fields:
              - {{id: a, label: Name, type: short_text, visible_to_person: false}}
        """)
    section = person_text_sections(result.form)[1]
    score, words, sentences = grade(section)
    assert score == pytest.approx(textstat.flesch_kincaid_grade(f"{HARD} {PLAIN}"), abs=0.05)
    assert (words, sentences) == (textstat.lexicon_count(f"{HARD} {PLAIN}"), 9)


@pytest.mark.parametrize(("hint", "expected"), [
    # 30 words in one sentence.
    ("Tell us who lives with you and who comes to stay, and how often they come, and what they do "
     "when they are there with you and the children.", [12]),
    # The same words cut into two sentences.
    ("Tell us who lives with you and who comes to stay, and how often they come. Say what they do "
     "when they are there with you and the children.", []),
])
def test_sentences_over_25_words_are_reported_at_their_text(hint, expected):
    assert lines(f"""\
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
                label: Who is at home?
                hint: {hint}
                type: long_text
        """, "LINT_002") == expected


def test_long_sentences_in_practitioner_only_text_are_left_alone():
    assert lines("""\
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
                label: Analysis
                hint: Record who lives in the home and who visits, how often they visit and for how long, and what the family say they do when they visit the children.
                type: long_text
                visible_to_person: false
        """, "LINT_002") == []


@pytest.mark.parametrize(("intro", "over", "scored"), [(HARD, True, True), (PLAIN, False, True),
                                                       ("Short text here.", False, False)])
def test_the_preview_and_the_lint_read_one_rule(intro, over, scored):
    """ui/preview.py's note is made from `section_reading_age`, the same verdict LINT_001 is raised on."""
    from forms.lints.readability import section_reading_age
    from forms.loader import load_text
    from ui.preview import reading_note

    text = intro_form(intro)
    form = load_text(text, "f.yaml").document
    verdict = section_reading_age(form, form.sections[0])
    linted = [i for i in load_text(text, "f.yaml").warnings if i.code == "LINT_001"]
    assert verdict.over is over is bool(linted)
    note, hard = reading_note(form, form.sections[0])
    assert hard is over
    assert verdict.scored is scored
    if not scored:
        assert note.startswith("Reading age: too little text to score")
    else:
        assert note.startswith(f"Reading age: about {verdict.age}")
    if over:
        assert f"reading age of about {verdict.age}" in linted[0].message
        assert all(word in note for word in verdict.hardest)
