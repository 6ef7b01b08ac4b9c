"""Merging accepted proposals into the next version: pure functions over inline forms."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from forms.loader import load_text
from workshops.proposals import Accepted, fields_of, merge, touched

BASE = textwrap.dedent("""\
    kind: form
    id: visit
    title: Visit
    version: 1
    purpose: To record a visit.
    sections:
      - id: about
        title: About the visit
        fields:
          # why the visit happened
          - {id: reason, label: Why we met, type: long_text, hint: In a sentence.}
          - id: seen
            label: Did you see the child?
            type: yes_no
          - id: logged
            label: Date logged
            type: date
            purpose: performance
    """)


def changed(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text


REWORD = ("label: Why we met,", "label: Why we met today,")
DROP = ("  - id: logged\n        label: Date logged\n        type: date\n        purpose: performance\n", "")
ADD = ("    type: yes_no\n", "    type: yes_no\n      - {id: mood, label: How were they, type: long_text}\n")


def labels(text: str) -> dict[str, str]:
    return {fid: placed.values.get("label") for fid, placed in fields_of(yaml.safe_load(text)).items()}


@pytest.mark.parametrize(("pair", "expected"), [
    (REWORD, ["reason"]),
    (DROP, ["logged"]),
    (ADD, ["mood"]),  # the field after the new one has not changed
])
def test_touched_fields(pair, expected):
    assert touched(fields_of(yaml.safe_load(BASE)), fields_of(yaml.safe_load(changed(pair)))) == expected


def test_one_proposal_on_the_current_version_is_taken_as_written():
    merged = merge(BASE, [Accepted(1, BASE, changed(REWORD))], 2)
    assert merged.conflicts == () and merged.shaped == {1: ("reason",)}
    assert merged.text == changed(REWORD, ("version: 1", "version: 2"))


def test_proposals_on_different_fields_are_merged_keeping_comments():
    merged = merge(BASE, [Accepted(1, BASE, changed(REWORD)), Accepted(2, BASE, changed(DROP)),
                          Accepted(3, BASE, changed(ADD))], 2)
    assert merged.conflicts == ()
    assert labels(merged.text) == {"reason": "Why we met today", "seen": "Did you see the child?",
                                   "mood": "How were they"}
    assert "# why the visit happened" in merged.text and "version: 2" in merged.text
    assert load_text(merged.text, lint=False).ok
    assert [fid for fid in fields_of(yaml.safe_load(merged.text))] == ["reason", "seen", "mood"]


@pytest.mark.parametrize(("second", "what"), [
    (changed(("label: Why we met,", "label: Reason,")), "the field 'reason'"),
    (changed(("title: Visit\n", "title: Home visit\n")), "sections or the form's own details"),
])
def test_conflicts_are_reported_not_guessed(second, what):
    merged = merge(BASE, [Accepted(1, BASE, changed(REWORD)), Accepted(2, BASE, second)], 2)
    assert merged.text is None
    assert [(c.first, c.second) for c in merged.conflicts] == [(1, 2)]
    assert merged.conflicts[0].what.startswith(what)


def test_option_words_keep_their_meaning_through_a_merge():
    """`yes` and `no` are text to Coform (YAML 1.2): a merge must never write them back as true/false."""
    from workshops.proposals import plain_data

    data = plain_data("kind: form\nsections: [{id: s, title: S, fields: [{id: a, label: A, type: single_choice,"
                      " options: [yes, no]}]}]\n")
    assert data["sections"][0]["fields"][0]["options"] == ["yes", "no"]
