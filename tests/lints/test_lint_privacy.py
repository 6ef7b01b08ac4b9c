"""Lawful basis (LINT_006), processing condition (LINT_007), 'prefer not to say' (LINT_008)."""

from __future__ import annotations

import pytest

from tests.lints.support import lines


@pytest.mark.parametrize(("keys", "code", "expected"), [
    ("data_category: special_category, special_category: health", "LINT_006", [10]),
    ("data_category: special_category, special_category: health, lawful_basis: public_task", "LINT_006", []),
    ("data_category: criminal_offence", "LINT_006", [10]),
    ("data_category: criminal_offence, lawful_basis: public_task", "LINT_006", []),
    ("data_category: personal", "LINT_006", []),
    ("data_category: special_category, special_category: health", "LINT_007", [10]),
    ("data_category: special_category, special_category: health, processing_condition: h", "LINT_007", []),
    ("data_category: criminal_offence", "LINT_007", []),
])
def test_lawful_basis_and_processing_condition(keys, code, expected):
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
              - {{id: a, label: Tell us about it, type: long_text, hint: Anything, {keys}}}
        """, code) == expected


def test_guidance_records_nothing_so_needs_no_basis():
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
              - {id: a, label: About your health, type: guidance, data_category: special_category, special_category: health}
        """, "LINT_006") == []


@pytest.mark.parametrize(("field", "expected"), [
    ("{id: ethnicity, label: Ethnic group, type: single_choice, options: [asian, black, white]}", [10]),
    ("{id: ethnicity, label: Ethnic group, type: single_choice, options: [asian, black, white, prefer_not_to_say]}",
     []),
    ("{id: a, label: Religion or belief, type: single_choice, options: [none, {value: x, label: I'd rather not say}]}",
     []),
    ("{id: sex, label: Sex, type: single_choice, options: [female, male, {value: z, label: Not stated}]}", []),
    ("{id: sex, label: Sex, type: single_choice, options: [female, male]}", [10]),
    ("{id: child_sex, label: Are they a boy or a girl?, type: single_choice, options: [boy, girl]}", [10]),
    ("{id: a, label: Do you have a disability?, type: single_choice, options: [yes_i_do, no_i_do_not]}", [10]),
    ("{id: a, label: Which group?, type: single_choice, options: [x, y], data_category: special_category, "
     "special_category: health, lawful_basis: public_task, processing_condition: h}", [10]),
    ("{id: a, label: Favourite colour, type: single_choice, options: [red, blue]}", []),
    ("{id: a, label: Ethnic group, type: short_text}", []),
])
def test_sensitive_single_choices_need_a_prefer_not_to_say_option(field, expected):
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
              - {field}
        """, "LINT_008") == expected
