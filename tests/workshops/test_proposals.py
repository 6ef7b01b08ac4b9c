"""Merging accepted proposals into the next version: pure functions over inline forms."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from forms.loader import load_text
from workshops.form_items import fields_of, touched
from workshops.proposals import Accepted, Conflict, merge

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


def test_the_same_field_changed_differently_is_a_conflict_with_both_values():
    merged = merge(BASE, [Accepted(1, BASE, changed(REWORD)),
                          Accepted(2, BASE, changed(("label: Why we met,", "label: Reason,")))], 2)
    assert merged.text is None
    assert merged.conflicts == (Conflict(1, 2, "the label of the field 'reason'", "'Why we met today'", "'Reason'"),)


def test_option_words_keep_their_meaning_through_a_merge():
    """`yes` and `no` are text to Coform (YAML 1.2): a merge must never write them back as true/false."""
    from workshops.form_items import plain_data

    data = plain_data("kind: form\nsections: [{id: s, title: S, fields: [{id: a, label: A, type: single_choice,"
                      " options: [yes, no]}]}]\n")
    assert data["sections"][0]["fields"][0]["options"] == ["yes", "no"]



# --- three-way merging: sections and the form's own details (docs/codesign.md decision 7) ----------
FORM = textwrap.dedent("""\
    # A visit record (this comment must survive merging)
    kind: form
    id: visit
    title: Visit
    version: 1
    purpose: To record a visit.
    sections:
      - id: about
        title: About the visit
        fields:
          - {id: reason, label: Why we met, type: long_text}
          - {id: seen, label: Did you see them, type: yes_no}
      # what happens next
      - id: next
        title: Next steps
        fields:
          - {id: action, label: What will happen next, type: long_text}
    """)


def edit(*pairs: tuple[str, str], text: str = FORM) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


LAST = "label: What will happen next, type: long_text}\n"
RENAME_ABOUT = ("title: About the visit", "title: The visit")
ADD_TO_ABOUT = ("type: yes_no}\n", "type: yes_no}\n      - {id: mood, label: How were they, type: long_text}\n")
ADD_RISKS = ("  # what happens next\n", "  - id: risks\n    title: Risks\n    fields:\n"
             "      - {id: danger, label: Any danger, type: long_text}\n  # what happens next\n")
ADD_VIEWS = (LAST, LAST + "  - id: views\n    title: Their views\n    fields:\n"
                          "      - {id: wishes, label: What they want, type: long_text}\n")
DROP_NEXT = ("  - id: next\n    title: Next steps\n    fields:\n      - {id: action, " + LAST, "")
SEEN_TO_NEXT = [("      - {id: seen, label: Did you see them, type: yes_no}\n", ""),
                (LAST, LAST + "      - {id: seen, label: Did you see them, type: yes_no}\n")]
REWORD_REASON = ("label: Why we met,", "label: Why we met today,")


def outline(text: str) -> dict[str, object]:
    """The merged form at a glance: its title and version, each section's title and field ids."""
    data = yaml.safe_load(text)
    return {"title": data["title"], "version": data["version"],
            "sections": {s["id"]: (s["title"], [f["id"] for f in s["fields"]]) for s in data["sections"]}}


@pytest.mark.parametrize(("first", "second", "title", "sections"), [
    pytest.param([RENAME_ABOUT], [ADD_TO_ABOUT], "Visit",
                 {"about": ("The visit", ["reason", "seen", "mood"]), "next": ("Next steps", ["action"])},
                 id="section-renamed-and-field-added-to-it"),
    pytest.param([ADD_RISKS], [ADD_VIEWS], "Visit",
                 {"about": ("About the visit", ["reason", "seen"]), "risks": ("Risks", ["danger"]),
                  "next": ("Next steps", ["action"]), "views": ("Their views", ["wishes"])},
                 id="two-new-sections"),
    pytest.param([("title: Visit\n", "title: Home visit\n")], [REWORD_REASON], "Home visit",
                 {"about": ("About the visit", ["reason", "seen"]), "next": ("Next steps", ["action"])},
                 id="form-title-and-a-field"),
    pytest.param([("title: Next steps", "title: What happens next")], [RENAME_ABOUT],
                 "Visit", {"about": ("The visit", ["reason", "seen"]), "next": ("What happens next", ["action"])},
                 id="two-sections-renamed"),
])
def test_changes_to_different_items_combine_in_either_order(first, second, title, sections):
    for one, two in ((first, second), (second, first)):
        merged = merge(FORM, [Accepted(1, FORM, edit(*one)), Accepted(2, FORM, edit(*two))], 2)
        assert merged.conflicts == ()
        assert outline(merged.text) == {"title": title, "version": 2, "sections": sections}
        assert list(outline(merged.text)["sections"]) == list(sections)  # sections in order
        assert "# A visit record (this comment must survive merging)" in merged.text
        assert load_text(merged.text, lint=False).ok


@pytest.mark.parametrize(("first", "second", "conflict"), [
    pytest.param([RENAME_ABOUT], [("title: About the visit", "title: Your visit")],
                 Conflict(1, 2, "the title of the section 'about'", "'The visit'", "'Your visit'"),
                 id="same-section-title"),
    pytest.param([DROP_NEXT], SEEN_TO_NEXT,
                 Conflict(1, 2, "the section 'next'", "removed", "the field 'seen' moved into it"),
                 id="field-moved-into-a-removed-section"),
    pytest.param(SEEN_TO_NEXT, [DROP_NEXT],
                 Conflict(1, 2, "the section 'next'", "the field 'seen' moved into it", "removed"),
                 id="section-removed-after-a-field-moved-into-it"),
    pytest.param([("title: Visit\n", "title: Home visit\n")], [("title: Visit\n", "title: Visit record\n")],
                 Conflict(1, 2, "the form's title", "'Home visit'", "'Visit record'"), id="form-title"),
    pytest.param([DROP_NEXT], [("label: What will happen next", "label: What happens now")],
                 Conflict(1, 2, "the field 'action'", "removed", "changed (label)"),
                 id="field-changed-in-a-removed-section"),
])
def test_true_conflicts_name_the_item_and_both_values(first, second, conflict):
    merged = merge(FORM, [Accepted(1, FORM, edit(*first)), Accepted(2, FORM, edit(*second))], 2)
    assert merged.text is None
    assert merged.conflicts == (conflict,)


def test_a_proposal_on_an_older_version_is_re_applied_to_the_current_one():
    current = edit(RENAME_ABOUT, ("version: 1", "version: 2"))  # published since the proposal was made
    merged = merge(current, [Accepted(7, FORM, edit(ADD_TO_ABOUT, ADD_VIEWS))], 3)
    assert merged.conflicts == () and merged.shaped == {7: ("mood", "wishes")}
    assert outline(merged.text)["sections"] == {
        "about": ("The visit", ["reason", "seen", "mood"]), "next": ("Next steps", ["action"]),
        "views": ("Their views", ["wishes"])}
    assert "# what happens next" in merged.text and "version: 3" in merged.text


def test_a_conflict_with_the_current_version_names_no_first_proposal():
    current = edit(RENAME_ABOUT, ("version: 1", "version: 2"))
    merged = merge(current, [Accepted(7, FORM, edit(("title: About the visit", "title: Your visit")))], 3)
    assert merged.conflicts == (Conflict(None, 7, "the title of the section 'about'", "'The visit'",
                                         "'Your visit'"),)


def test_section_order_changed_by_one_proposal_is_kept_when_another_adds_a_field():
    about = FORM[FORM.index("  - id: about"):FORM.index("  # what happens next")]
    swapped = edit((about, ""), (LAST, LAST + about))
    merged = merge(FORM, [Accepted(1, FORM, swapped), Accepted(2, FORM, edit(ADD_TO_ABOUT))], 2)
    assert merged.conflicts == ()
    assert list(outline(merged.text)["sections"]) == ["next", "about"]
    assert outline(merged.text)["sections"]["about"][1] == ["reason", "seen", "mood"]


GROUPED = textwrap.dedent("""\
    kind: form
    id: visit
    title: Visit
    version: 1
    purpose: To record a visit.
    sections:
      - id: s
        title: S
        fields:
          - id: people
            label: People
            type: repeating_group
            fields:
              - {id: name, label: Name, type: short_text}
          - {id: note, label: Note, type: long_text}
    """)
NAME = "{id: name, label: Name, type: short_text}\n"
NOTE = "      - {id: note, label: Note, type: long_text}\n"
GROUP = "      - id: people\n        label: People\n        type: repeating_group\n        fields:\n          - " + NAME


def test_repeating_groups_merge_item_by_item():
    relabel = edit(("label: People", "label: Who was there"), text=GROUPED)
    add_role = edit((NAME, NAME + "          - {id: role, label: Role, type: short_text}\n"), text=GROUPED)
    note_inside = edit((NOTE, ""), (NAME, NAME + "    " + NOTE), text=GROUPED)  # moved into the group
    merged = merge(GROUPED, [Accepted(1, GROUPED, relabel), Accepted(2, GROUPED, add_role),
                             Accepted(3, GROUPED, note_inside)], 2)
    assert merged.conflicts == ()
    [people] = yaml.safe_load(merged.text)["sections"][0]["fields"]
    # Both proposals put their field right after 'name'; the one applied later lands there first.
    assert (people["label"], [f["id"] for f in people["fields"]]) == ("Who was there", ["name", "note", "role"])
    removed = merge(GROUPED, [Accepted(1, GROUPED, edit((GROUP, ""), text=GROUPED)),
                              Accepted(2, GROUPED, note_inside)], 2)
    assert removed.conflicts == (Conflict(1, 2, "the group 'people'", "removed", "the field 'note' moved into it"),)
