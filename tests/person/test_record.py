"""Issue 11.1: the record as the person will read it, from `example:` values; the story lints."""

from __future__ import annotations

import pytest

from exporter.base import FORMATS, Subject
from exporter.formats import FORMATS as _REGISTERED  # noqa: F401 - registers every format
from forms.loader import load_text, shipped_forms
from forms.model import Form
from forms.record import example_record
from tests.conftest import load
from tests.lints.support import found

VISIT = """\
kind: form
id: visit
title: Home visit
version: 1
purpose: To hear how things are going.
defaults: {lawful_basis: public_task, retention: 2 years}
sections:
  - id: s
    title: Visit
    fields:
      - {id: seen_on, label: Date of the visit, type: date, example: '2025-03-04'}
      - {id: has_carer, label: Does someone help you?, type: yes_no, example: true}
      - {id: carer, label: Who helps you?, type: short_text, show_if: {field: has_carer, equals: true}, example: Sam}
      - {id: nobody, label: Who could help?, type: short_text, show_if: {field: has_carer, equals: false},
         example: Nobody}
      - {id: help, label: Help wanted, type: multi_choice, options: [shopping, {value: meals, label: Hot meals}],
         example: [meals, shopping]}
      - {id: story, label: How are things at home?, type: long_text, own_words: true,
         example: "Better since the rail went in.\\n\\nI still worry about the stairs."}
      - {id: notes, label: Worker's notes, type: long_text, visible_to_person: false, purpose: safeguarding,
         example: Private}
      - {id: score, label: How safe do you feel?, type: scale, min: 1, max: 5}
"""


def form_of(text: str) -> Form:
    result = load_text(text, "t.yaml", forms={}, lint=False)
    assert not result.errors, [i.format() for i in result.errors]
    return result.document


def test_story_first_then_facts_then_what_is_not_seen():
    record = example_record(form_of(VISIT))
    assert [(e.question, e.answer) for e in record.story] == [
        ("How are things at home?", "Better since the rail went in.\n\nI still worry about the stairs.")]
    assert [(e.field, e.answer) for e in record.facts] == [
        ("seen_on", "4 March 2025"), ("has_carer", "Yes"), ("carer", "Sam"), ("help", "Hot meals; Shopping")]
    assert [(u.question, u.why) for u in record.unseen] == [("Worker's notes", "to keep you and other people safe")]
    assert record.without_example == ("How safe do you feel?",)  # said, never silently dropped


def test_the_exported_spec_has_the_record_section_in_that_order():
    text = FORMATS["markdown"].export(Subject(form_of(VISIT))).files[0].data.decode("utf-8")
    section = text[text.index("## The record as the person will read it"):text.index("## What we record")]
    assert section.index("### In your words") < section.index("### The facts") < section.index(
        "### What you will not see, and why")
    assert "Better since the rail went in.\n\nI still worry about the stairs." in section
    assert "Private" not in section  # the hidden answer is named, never shown
    assert "1 more question the person would read has no example answer yet." in section


def test_the_library_example_is_exported_byte_identically():
    form = shipped_forms()["what-matters-to-me"]
    first, again = (FORMATS["html"].export(Subject(form)).files[0].data for _ in range(2))
    assert first == again and b"My garden, my cat Bramble, and seeing Sam on Sundays." in first


@pytest.mark.parametrize(("field", "code_at"), [
    ("{id: a, label: A, type: yes_no, example: 'yes'}", ("FIELD_013", 11, 50)),
    ("{id: a, label: A, type: date, example: 4 March}", ("FIELD_013", 11, 48)),
    ("{id: a, label: A, type: single_choice, options: [x, y], example: z}", ("FIELD_013", 11, 74)),
    ("{id: a, label: A, type: multi_choice, options: [x, y], example: [x, q]}", ("FIELD_013", 11, 73)),
    ("{id: a, label: A, type: number, example: many}", ("FIELD_013", 11, 50)),
    ("{id: a, label: A, type: guidance, example: Hello}", ("FIELD_002", 11, 43)),
])
def test_an_example_the_field_would_not_accept_is_a_located_error(field, code_at):
    text = VISIT.split("sections:")[0] + f"sections:\n  - id: s\n    title: S\n    fields:\n      - {field}\n"
    assert [(i.code, i.line, i.column) for i in load(text).errors] == [code_at]


def test_lint_story_buried_after_most_tick_boxes():
    fields = "\n".join(f"      - {{id: t{i}, label: Tick {i}, type: yes_no}}" for i in range(4))
    story = "      - {id: said, label: What matters?, type: long_text, hint: Anything, own_words: true}"
    head = VISIT.split("sections:")[0] + "sections:\n  - id: s\n    title: S\n    fields:\n"
    assert found(head + fields + "\n" + story + "\n", "LINT_020") == [("LINT_020", 15)]
    assert found(head + story + "\n" + fields + "\n", "LINT_020") == []


def test_lint_a_story_split_into_short_boxes():
    boxes = ["What happened?", "How did you feel?", "Tell us who was there", "What would help?"]
    head = VISIT.split("sections:")[0] + "sections:\n  - id: s\n    title: S\n    fields:\n"
    split = "\n".join(f"      - {{id: q{i}, label: {label}, type: short_text}}" for i, label in enumerate(boxes))
    assert found(head + split + "\n", "LINT_021") == [("LINT_021", 11)]
    names = "\n".join(f"      - {{id: q{i}, label: {label}, type: short_text}}"
                      for i, label in enumerate(["Name", "Address", "Postcode", "Phone"]))
    assert found(head + names + "\n", "LINT_021") == []  # facts in boxes are not a story


def test_own_words_story_fields_come_first_in_markdown_even_when_the_form_asks_facts_first():
    form = form_of(VISIT)
    record = example_record(form)
    order = [p.field.id for p in form.walk()]
    assert order.index("story") > order.index("seen_on") and record.story[0].field == "story"


def test_answers_other_than_the_examples_can_be_given():
    form = form_of(VISIT)
    record = example_record(form, {"has_carer": False, "nobody": "My neighbour, sometimes"})
    assert [(e.field, e.answer) for e in record.facts] == [("has_carer", "No"), ("nobody", "My neighbour, sometimes")]
