"""Burden figures follow docs/format.md, "Burden figures" exactly, worked by hand on small inline forms."""

from __future__ import annotations

import pytest

from forms.burden import describe, form_burden, workflow_burden
from tests.conftest import load
from tests.test_schema import form

FIELDS = """\
    {id: story, label: Your story, type: long_text, completed_by: together, own_words: true, required: true},
    {id: referral_source, label: Source, type: single_choice, options: [school, police], purpose: statutory_return},
    {id: seen, label: Seen alone, type: yes_no, purpose: inspection, show_if: {field: story, answered: true}},
    {id: intro, label: Read this first, type: guidance, completed_by: person},
    {id: nhs, label: NHS number, type: short_text, completed_by: system, data_category: special_category, special_category: health, lawful_basis: public_task, processing_condition: h},
    {id: mood, label: Mood, type: scale, min: 1, max: 5, completed_by: person, estimated_seconds: 30, data_category: none},
    {id: kids, label: Children, type: repeating_group, expected_items: 3, show_if: {field: seen, equals: true}, fields: [
      {id: kid_name, label: Name, type: short_text},
      {id: kid_offence, label: Offence, type: long_text, data_category: criminal_offence, lawful_basis: legal_obligation}]},
"""


def test_form_figures_by_hand():
    b = form_burden(load(form(FIELDS)).form)
    # recorded: story, referral_source, seen, nhs, mood, kid_name, kid_offence (guidance and the group excluded)
    assert b.fields == 7
    assert b.required == 1
    assert dict(b.by_type) == {"long_text": 2, "scale": 1, "short_text": 2, "single_choice": 1, "yes_no": 1}
    assert dict(b.by_purpose) == {"inspection": 1, "practice": 5, "statutory_return": 1}
    assert dict(b.by_completed_by) == {"person": 1, "practitioner": 4, "system": 1, "together": 1}
    # practitioner: story 180 (together) + source 12 + seen 8 + kids 3 × (30 + 180) = 830 s
    assert b.practitioner_minutes == pytest.approx(830 / 60)
    # typical: seen is conditional (8 / 2) and the group is conditional (630 / 2): 180 + 12 + 4 + 315 = 511 s
    assert b.practitioner_minutes_typical == pytest.approx(511 / 60)
    # person: story 180 (together) + mood 30 (its own estimate) + guidance 0 = 210 s; nothing conditional
    assert b.person_minutes == pytest.approx(210 / 60)
    assert b.person_minutes_typical == pytest.approx(210 / 60)
    # practitioner seconds on non-practice purposes: source 12 + seen 8 = 20 of 830
    assert b.non_practice_share == pytest.approx(20 / 830)
    assert b.narrative_share == pytest.approx(2 / 7)
    assert b.own_words_share == pytest.approx(1 / 7)
    assert (b.personal, b.special_category, b.criminal_offence) == (4, 1, 1)
    assert b.non_practice_fields == 2


def test_json_keys_are_the_contract():
    d = form_burden(load(form(FIELDS)).form).as_dict()
    for key in ("fields", "required", "by_type", "by_purpose", "by_completed_by", "practitioner_minutes",
                "person_minutes", "practitioner_minutes_typical", "person_minutes_typical", "non_practice_share",
                "narrative_share", "own_words_share", "personal", "special_category", "criminal_offence"):
        assert key in d
    assert d["practitioner_minutes"] == 13.8 and d["non_practice_share"] == 0.024


def test_repeating_group_default_is_two_items_and_nests():
    text = form("    {id: g, label: G, type: repeating_group, fields: [\n"
                "      {id: h, label: H, type: repeating_group, fields: [{id: x, label: X, type: number}]}]}")
    b = form_burden(load(text).form)
    assert b.fields == 1
    assert b.practitioner_minutes == pytest.approx(2 * 2 * 15 / 60)


def test_an_empty_share_is_zero_not_an_error():
    b = form_burden(load(form("    {id: g, label: Read me, type: guidance}")).form)
    assert (b.fields, b.non_practice_share, b.narrative_share, b.practitioner_minutes) == (0, 0.0, 0.0, 0.0)


WORKFLOW = """\
kind: workflow
id: w
title: W
version: 1
purpose: P
start: a
steps:
  - {id: a, title: A, actor: admin_team, form: small, next: [{to: b}, {to: done}]}
  - {id: b, title: B, actor: practitioner, form: big, next: [{to: c}]}
  - {id: c, title: C, actor: practitioner, form: small, next: [{to: b}, {to: done}]}
  - {id: done, title: Done, end: true}
"""


def test_workflow_paths_sum_the_forms_met():
    small = load(form("    {id: q, label: Q, type: long_text}")).form  # 3 practitioner minutes
    big = load(form("    {id: q, label: Q, type: long_text},\n    {id: r, label: R, type: long_text, completed_by: person}")).form
    wb = workflow_burden(load(WORKFLOW, forms={"small": small, "big": big}).workflow, {"small": small, "big": big})
    assert wb.shortest_path.steps == ("a", "done")
    assert wb.shortest_path.practitioner_minutes == pytest.approx(3)
    assert wb.longest_path.steps == ("a", "b", "c", "done")  # the b-c cycle is walked once
    assert wb.longest_path.forms == ("small", "big", "small")
    assert wb.longest_path.practitioner_minutes == pytest.approx(9)
    assert wb.longest_path.person_minutes == pytest.approx(3)
    assert wb.by_actor["practitioner"] == {"steps": 2, "forms": ["big", "small"], "practitioner_minutes": 6.0,
                                           "person_minutes": 3.0, "practitioner_minutes_with_person": 0.0,
                                           "practitioner_minutes_at_computer": 6.0}
    assert wb.by_actor["unassigned"]["steps"] == 1
    assert wb.missing_forms == ()


def test_workflow_reports_forms_it_cannot_count():
    wb = workflow_burden(load(WORKFLOW, forms={"small": None, "big": None}).workflow, {})
    assert wb.missing_forms == ("big", "small")
    assert wb.longest_path.practitioner_minutes == 0


def test_practitioner_time_splits_into_with_the_person_and_at_the_computer():
    b = form_burden(load(form(FIELDS)).form)
    # with the person: story 180 s (together); at the computer: source 12 + seen 8 + kids 3 × (30 + 180) = 650 s
    assert b.practitioner_minutes_with_person == pytest.approx(180 / 60)
    assert b.practitioner_minutes_at_computer == pytest.approx(650 / 60)
    d = b.as_dict()
    assert (d["practitioner_minutes_with_person"], d["practitioner_minutes_at_computer"]) == (3.0, 10.8)
    assert d["practitioner_minutes_with_person"] + d["practitioner_minutes_at_computer"] == d["practitioner_minutes"]


@pytest.mark.parametrize("seconds", [7, 13, 29, 31, 44, 59])
def test_the_rounded_parts_always_add_up_to_the_rounded_whole(seconds):
    text = form(f"    {{id: a, label: A, type: short_text, completed_by: together, estimated_seconds: {seconds}}},\n"
                f"    {{id: b, label: B, type: short_text, estimated_seconds: {seconds + 2}}}")
    d = form_burden(load(text).form).as_dict()
    assert round(d["practitioner_minutes_with_person"] + d["practitioner_minutes_at_computer"], 1) == \
        d["practitioner_minutes"]


def test_workflow_paths_and_actors_split_the_practitioner_time():
    small = load(form("    {id: q, label: Q, type: long_text, completed_by: together}")).form  # 3 minutes together
    big = load(form("    {id: q, label: Q, type: long_text}")).form  # 3 minutes alone
    wb = workflow_burden(load(WORKFLOW, forms={"small": small, "big": big}).workflow, {"small": small, "big": big})
    assert (wb.longest_path.practitioner_minutes_with_person, wb.longest_path.practitioner_minutes_at_computer) == \
        pytest.approx((6, 3))
    assert wb.longest_path.as_dict()["practitioner_minutes_at_computer"] == 3.0
    assert wb.by_actor["practitioner"]["practitioner_minutes_with_person"] == 3.0


def test_a_form_over_its_budget_says_so_first():
    text = form("    {id: q, label: Q, type: long_text},\n    {id: r, label: R, type: long_text}").replace(
        "purpose:", "budget_minutes: 5\npurpose:", 1)
    b = form_burden(load(text).form)
    assert (b.budget_minutes, b.over_budget) == (5, True)
    assert describe(b)[0] == ("Over budget: this form takes about 6 minutes of practitioner time, more than its "
                              "5-minute budget.")
    assert describe(b)[1].startswith("Practitioner time: 0 minutes with the person, 6 at the computer")
    within = form_burden(load(text.replace("budget_minutes: 5", "budget_minutes: 6")).form)
    assert not within.over_budget and describe(within)[0].startswith("Practitioner time:")


def test_a_workflow_budget_bounds_its_heaviest_path():
    small = load(form("    {id: q, label: Q, type: long_text}")).form
    big = load(form("    {id: q, label: Q, type: long_text},\n    {id: r, label: R, type: long_text}")).form
    forms = {"small": small, "big": big}
    over = workflow_burden(load(WORKFLOW.replace("start: a", "budget_minutes: 10\nstart: a"), forms=forms).workflow,
                           forms)
    assert over.heaviest_path.steps == ("a", "b", "c", "done") and over.heaviest_path.practitioner_minutes == 12
    assert over.over_budget and over.as_dict()["over_budget"] is True
    within = workflow_burden(load(WORKFLOW.replace("start: a", "budget_minutes: 12\nstart: a"), forms=forms).workflow,
                             forms)
    assert not within.over_budget
