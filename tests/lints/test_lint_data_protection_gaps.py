"""No silent gaps (LINT_019): personal data with no lawful basis or retention, after the form's `defaults`."""

from __future__ import annotations

import pytest

from tests.conftest import load
from tests.lints.support import found

FORM = """\
kind: form
id: f
title: T
version: 1
purpose: To test.
{defaults}sections:
  - id: s
    title: S
    fields:
      - {{id: name, label: Your name, type: short_text{keys}}}
      - {{id: note, label: Read this first, type: guidance}}
      - id: people
        label: People who help you
        type: repeating_group
        fields:
          - {{id: who, label: Who, type: short_text, lawful_basis: consent, retention: 1 year}}
"""


def test_personal_data_with_neither_key_warns_twice_at_the_field():
    # The guidance records nothing; the group's child says both keys: only 'name' (line 10) warns.
    result = load(FORM.format(defaults="", keys=""), lint=True)
    gaps = [(i.code, i.line, i.column) for i in result.issues if i.code == "LINT_019"]
    assert gaps == [("LINT_019", 10, 14), ("LINT_019", 10, 14)]
    assert sorted("lawful basis" in i.message for i in result.issues if i.code == "LINT_019") == [False, True]


@pytest.mark.parametrize(("defaults", "keys", "expected"), [
    ("defaults: {lawful_basis: public_task}\n", "", 1),
    ("defaults: {retention: 8 years after care ends}\n", "", 1),
    ("defaults: {lawful_basis: public_task, retention: 8 years after care ends}\n", "", 0),
    ("", ", lawful_basis: public_task, retention: 2 years", 0),
    ("", ", data_category: none", 0),
])
def test_defaults_or_the_field_itself_close_the_gap(defaults, keys, expected):
    assert len(found(FORM.format(defaults=defaults, keys=keys), "LINT_019")) == expected


def test_defaults_fill_fields_but_never_override_them():
    text = FORM.format(defaults="defaults: {lawful_basis: public_task, retention: 8 years}\n",
                       keys=", data_category: none")
    form = load(text).form
    fields = {placed.field.id: placed.field for placed in form.walk()}
    assert (fields["who"].lawful_basis, fields["who"].retention) == ("consent", "1 year")  # its own values stay
    assert (fields["name"].lawful_basis, fields["name"].retention) == (None, None)  # records nothing personal
    assert (fields["note"].lawful_basis, fields["people"].retention) == (None, None)  # record no answer
    assert (form.default_lawful_basis, form.default_retention) == ("public_task", "8 years")
    # The guided editor asks a field for its own value, so saving it never copies the default in.
    assert (fields["who"].own("lawful_basis"), fields["name"].own("retention")) == ("consent", None)


def test_a_default_filled_value_is_not_the_fields_own():
    form = load(FORM.format(defaults="defaults: {lawful_basis: public_task, retention: 8 years}\n", keys="")).form
    name = next(p.field for p in form.walk() if p.field.id == "name")
    assert (name.lawful_basis, name.own("lawful_basis"), name.from_defaults) == (
        "public_task", None, ("lawful_basis", "retention"))


def test_special_category_missing_basis_is_lint_006_alone():
    text = FORM.format(defaults="defaults: {retention: 8 years}\n",
                       keys=", data_category: special_category, special_category: health, processing_condition: h")
    assert found(text, "LINT_006", "LINT_019") == [("LINT_006", 11)]


@pytest.mark.parametrize(("defaults", "code", "line"), [
    ("defaults: public_task\n", "SCHEMA_003", 6),
    ("defaults: {lawful_basis: public_tsk}\n", "SCHEMA_004", 6),
    ("defaults: {retain: 8 years}\n", "SCHEMA_001", 6),
])
def test_bad_defaults_are_located_errors(defaults, code, line):
    result = load(FORM.format(defaults=defaults, keys=""))
    assert [(i.code, i.line) for i in result.errors] == [(code, line)]
