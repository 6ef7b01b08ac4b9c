"""Compatibility of every change for a vendor: each kind of change, old and new written inline, with its verdict."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from forms.diff import diff
from tests.conftest import ROOT, load

BASE = """\
kind: form
id: visit
title: Visit
version: 1
purpose: To record a visit.
sections:
  - id: visit
    title: The visit
    fields:
      - {id: why, label: Why we met, type: short_text, max_length: 200}
      - {id: seen, label: Did you see the child?, type: yes_no}
      - {id: mood, label: Mood, type: single_choice, options: [calm, upset]}
      - {id: visits, label: Visits this month, type: number, min: 0, max: 20}
      - {id: notes, label: Notes, type: long_text, required: true}
  - id: next
    title: Next steps
    fields:
      - {id: plan, label: What happens next, type: long_text}
"""


def changed(*replacements: tuple[str, str]) -> str:
    text = BASE.replace("version: 1", "version: 2")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# (what, replacements, the change's compatibility, the version bump)
CASES = [
    ("reworded label", [("label: Why we met,", "label: Why we met today,")], "compatible", "patch"),
    ("new hint", [("label: Mood,", "label: Mood, hint: In a word,")], "compatible", "patch"),
    ("new optional field", [("      - {id: plan,", "      - {id: good_day, label: A good day, type: long_text}\n"
                                                  "      - {id: plan,")], "compatible", "minor"),
    ("new required field", [("      - {id: plan,", "      - {id: good_day, label: A good day, type: long_text, "
                                                  "required: true}\n      - {id: plan,")], "breaking", "major"),
    ("field removed", [("      - {id: seen, label: Did you see the child?, type: yes_no}\n", "")], "breaking", "major"),
    ("id changed", [("{id: plan, label: What happens next", "{id: next_steps, label: What happens next")],
     "breaking", "major"),
    ("short text widened to long text", [("type: short_text, max_length: 200", "type: long_text, max_length: 200")],
     "compatible", "minor"),
    ("long text to short text", [("{id: plan, label: What happens next, type: long_text",
                                  "{id: plan, label: What happens next, type: short_text")], "breaking", "major"),
    ("yes or no to a choice", [("type: yes_no}", "type: single_choice, options: [yes, no, not_sure]}")],
     "breaking", "major"),
    ("option added", [("options: [calm, upset]", "options: [calm, upset, happy]")], "compatible", "minor"),
    ("option removed", [("options: [calm, upset]", "options: [calm]")], "breaking", "major"),
    ("option value renamed", [("options: [calm, upset]", "options: [calm, distressed]")], "breaking", "major"),
    ("option reworded", [("options: [calm, upset]", "options: [calm, {value: upset, label: Upset or worried}]")],
     "compatible", "patch"),
    ("made required", [("type: yes_no}", "type: yes_no, required: true}")], "breaking", "major"),
    ("no longer required", [("type: long_text, required: true}", "type: long_text}")], "compatible", "minor"),
    ("max length tightened", [("max_length: 200", "max_length: 100")], "breaking", "major"),
    ("max length loosened", [("max_length: 200", "max_length: 400")], "compatible", "minor"),
    ("max length added", [("{id: plan, label: What happens next, type: long_text}",
                           "{id: plan, label: What happens next, type: long_text, max_length: 500}")],
     "breaking", "major"),
    ("min raised", [("min: 0, max: 20", "min: 1, max: 20")], "breaking", "major"),
    ("max removed", [("min: 0, max: 20", "min: 0")], "compatible", "minor"),
    ("pattern added", [("max_length: 200}", "max_length: 200, pattern: '^[A-Z]'}")], "breaking", "major"),
    ("moved to another section", [("      - {id: seen, label: Did you see the child?, type: yes_no}\n", ""),
                                  ("    fields:\n      - {id: plan,",
                                   "    fields:\n      - {id: seen, label: Did you see the child?, type: yes_no}\n"
                                   "      - {id: plan,")], "breaking", "major"),
    ("reordered within a section", [("      - {id: seen, label: Did you see the child?, type: yes_no}\n", ""),
                                    ("      - {id: visits,", "      - {id: seen, label: Did you see the child?, "
                                                             "type: yes_no}\n      - {id: visits,")],
     "compatible", "patch"),
    ("condition on an optional field", [("{id: mood, label: Mood, type: single_choice,",
                                         "{id: mood, label: Mood, type: single_choice, show_if: {field: seen, "
                                         "equals: true},")], "compatible", "minor"),
    ("condition added to a required field", [("type: long_text, required: true}",
                                              "type: long_text, required: true, show_if: {field: seen, equals: true}}")],
     "compatible", "minor"),
    ("purpose changed", [("label: Visits this month, type: number,", "label: Visits this month, type: number, "
                                                                      "purpose: performance,")], "compatible", "minor"),
    ("section renamed", [("title: Next steps", "title: What happens now")], "compatible", "patch"),
    ("section removed", [("  - id: next\n    title: Next steps\n    fields:\n      - {id: plan, label: What happens "
                          "next, type: long_text}\n", "")], "breaking", "major"),
]


@pytest.mark.parametrize(("what", "replacements", "compatibility", "bump"), CASES, ids=[c[0] for c in CASES])
def test_each_change_says_whether_it_breaks_what_vendors_built(what, replacements, compatibility, bump):
    result = diff(load(BASE).form, load(changed(*replacements)).form)
    changes = [c for c in result.changes if c.kind != "form_version"]
    assert changes, what
    assert {c.compatibility for c in changes if c.bump == bump} == {compatibility}
    assert result.version_bump == bump
    assert result.compatibility == compatibility


def test_no_change_needs_no_new_version():
    result = diff(load(BASE).form, load(BASE).form)
    assert (result.version_bump, result.compatibility, result.compatibility_sentence) == ("none", "compatible", "")


def test_the_report_marks_breaking_changes_and_gives_the_verdict_in_words():
    old, new = load(BASE).form, load(changed(("options: [calm, upset]", "options: [calm]"),
                                             ("label: Why we met,", "label: Why we met today,"))).form
    assert diff(old, new).lines()[1:] == [
        "- Question 'Why we met' is reworded as 'Why we met today'.",
        "- Breaking: 'Mood' loses the option(s) 'Upset'.",
        "This version does not change the burden figures.",
        "Breaking for systems built on the old version: 1 change marked 'Breaking' need work in records or systems "
        "(a major version).",
    ]


def test_the_command_line_json_gives_each_change_and_the_whole_its_compatibility(tmp_path):
    (tmp_path / "old.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(changed(("options: [calm, upset]", "options: [calm, upset, happy]")),
                                       encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "forms", "diff", str(tmp_path / "old.yaml"),
                          str(tmp_path / "new.yaml"), "--json"], capture_output=True, text=True, cwd=ROOT, check=True)
    out = json.loads(run.stdout)
    assert (out["compatibility"], out["version_bump"]) == ("compatible", "minor")
    assert [(c["kind"], c["compatibility"]) for c in out["changes"]] == [
        ("form_version", "compatible"), ("field_options", "compatible")]
