"""Accessibility lints: LINT_014 duplicate labels, LINT_015 hints, LINT_016 options, LINT_017 length."""

from __future__ import annotations

import textwrap

import pytest

from tests.lints.support import found, lines


def test_duplicate_labels_within_a_section():
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
              - {id: a, label: Name, type: short_text}
              - {id: b, label: "name:", type: short_text}
              - {id: c, label: Your name, type: short_text}
        """, "LINT_014") == [11]


def test_the_same_label_in_two_sections_is_lint_012_instead():
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
              - {id: a, label: Name, type: short_text}
          - id: two
            title: Two
            fields:
              - {id: b, label: Name, type: short_text}
        """, "LINT_012", "LINT_014") == [("LINT_012", 14)]


@pytest.mark.parametrize(("hint", "expected"), [("", [10]), ("\n        hint: What a good answer covers", [])])
def test_long_text_needs_a_hint(hint, expected):
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
                type: long_text{textwrap.indent(hint, "        ")}
        """, "LINT_015") == expected


@pytest.mark.parametrize(("count", "kind", "expected"), [
    (13, "single_choice", [12]),
    (12, "single_choice", []),
    (13, "multi_choice", []),
])
def test_too_many_options(count, kind, expected):
    options = ", ".join(f"o{i}" for i in range(count))
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
                label: Which one?
                options: [{options}]
                type: {kind}
        """, "LINT_016") == expected


@pytest.mark.parametrize(("length", "kind", "expected"), [
    (121, "short_text", [11]),
    (120, "short_text", []),
    (300, "guidance", []),
])
def test_long_labels(length, kind, expected):
    label = ("Tell us " + "a" * length)[:length]
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
                label: {label}
                type: {kind}
        """, "LINT_017") == expected
