"""Proportionality lints: LINT_009 admin on practitioner, LINT_010, LINT_011, LINT_012 repeats."""

from __future__ import annotations

import pytest

from tests.lints.support import found, lines


@pytest.mark.parametrize(("purpose", "completed_by", "expected"), [
    ("performance", None, [13]),  # completed_by is the practitioner by default: point at the purpose
    ("statutory_return", "practitioner", [14]),
    ("finance", None, [13]),
    ("performance", "admin", []),
    ("statutory_return", "system", []),
    ("practice", None, []),
    ("inspection", None, []),
])
def test_admin_fields_left_to_the_practitioner(purpose, completed_by, expected):
    who = f"completed_by: {completed_by}" if completed_by else "# completed_by: the default"
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
                label: Referral date
                type: date
                purpose: {purpose}
                {who}
        """, "LINT_009") == expected


@pytest.mark.parametrize(("required", "expected"), [
    ((True, True, False), [1]),
    ((True, False, False), []),
    ((True, True, False, False), []),  # exactly half is not more than half
])
def test_mostly_required(required, expected):
    fields = "\n".join(f"      - {{id: f{i}, label: Question {i}, type: short_text, required: {str(r).lower()}}}"
                       for i, r in enumerate(required))
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
{fields}
""", "LINT_010") == expected


def test_guidance_and_groups_are_not_counted_as_fields():
    # Recorded fields: b and c (one of two required). The guidance and the group record nothing.
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
              - {id: g, label: Read this first, type: guidance}
              - id: people
                label: People
                type: repeating_group
                required: true
                fields:
                  - {id: b, label: Name, type: short_text, required: true}
              - {id: c, label: Anything else, type: short_text}
        """, "LINT_010") == []


@pytest.mark.parametrize(("own_words", "expected"), [("false", [1]), ("true", [])])
def test_own_words(own_words, expected):
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
              - {{id: a, label: What matters to you?, type: long_text, hint: In your words, own_words: {own_words}}}
        """, "LINT_011") == expected


def test_a_form_of_guidance_only_asks_for_no_own_words():
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
              - {id: g, label: What happens next, type: guidance}
        """, "LINT_011") == []


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("Date of birth", "Date of birth", [14]),
    ("Date of birth", "date of birth?", [14]),
    ("Who lives at home with you?", "Who lives with you at home", [14]),          # same words, new order
    ("Name and address", "Address and name", []),                                 # under 4 words: exact only
    ("Who lives at home with you?", "Who visits you at home?", []),
    ("Tell us about the people who help your family most when things get hard",
     "Tell us about the people who help your family most when things get very hard", [14]),  # Jaccard 13/14
])
def test_the_same_question_in_two_sections(first, second, expected):
    assert lines(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: one
            title: One
            fields:
              - {{id: a, label: "{first}", type: short_text}}
          - id: two
            title: Two
            fields:
              - {{id: b, label: "{second}", type: short_text}}
        """, "LINT_012") == expected


def test_the_same_label_in_one_section_is_left_to_lint_014():
    assert found("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: one
            title: One
            fields:
              - {id: a, label: Date of birth, type: date}
              - {id: b, label: Date of birth, type: date}
              - {id: c, label: Who lives at home with you?, type: short_text}
              - {id: d, label: Who lives with you at home, type: short_text}
        """, "LINT_012", "LINT_014") == [("LINT_014", 11), ("LINT_012", 13)]


def test_guidance_text_repeated_is_not_a_repeated_question():
    assert lines("""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: one
            title: One
            fields:
              - {id: a, label: You can stop at any time, type: guidance}
          - id: two
            title: Two
            fields:
              - {id: b, label: You can stop at any time, type: guidance}
        """, "LINT_012") == []


@pytest.mark.parametrize(("second_group", "expected"), [
    ("Professionals involved", []),          # "Name" of someone else: a different question
    ("People in the household", [19, 22]),   # the same group, and so its "Name", asked twice
])
def test_a_label_in_a_repeating_group_is_read_under_the_group(second_group, expected):
    assert lines(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: To test.
        sections:
          - id: one
            title: One
            fields:
              - id: household
                label: People in the household
                type: repeating_group
                fields:
                  - {{id: a, label: Name, type: short_text}}
          - id: two
            title: Two
            fields:
              - id: others
                label: {second_group}
                type: repeating_group
                fields:
                  - {{id: b, label: Name, type: short_text}}
        """, "LINT_012") == expected
