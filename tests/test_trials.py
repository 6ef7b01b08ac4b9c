"""Time trials' measuring: seconds per question from answer stamps, pauses left out, medians, and the CSV."""

from __future__ import annotations

import textwrap

import pytest

from forms.burden import form_burden
from forms.timings import parse_timings
from forms.trials import (
    IDLE_SECONDS,
    Event,
    Measured,
    as_data,
    comparison,
    from_csv,
    from_data,
    measure,
    medians,
    to_csv,
)
from tests.conftest import load

FORM = load(textwrap.dedent("""\
    kind: form
    id: visit
    title: Home visit
    version: 1
    purpose: To hear how things are going at home.
    sections:
      - id: home
        title: At home
        fields:
          - {id: has_carer, label: Does someone help you?, type: yes_no, completed_by: together}
          - {id: carer_name, label: Who helps you?, type: short_text, completed_by: together}
          - id: household
            label: People at home
            type: repeating_group
            fields:
              - {id: member_name, label: Name, type: short_text}
      - id: next
        title: Next
        fields:
          - {id: next_step, label: What happens next?, type: long_text, hint: In plain words.}
    """)).form


def test_each_answer_is_timed_from_the_answer_before_it():
    trial = measure(100.0, [Event("has_carer", 112.0), Event("carer_name", 150.5), Event("next_step", 290.0)])
    assert trial.seconds == (("has_carer", "", 12.0), ("carer_name", "", 38.5), ("next_step", "", 139.5))
    assert (trial.total, trial.idle_gaps, trial.idle_seconds) == (190.0, 0, 0.0)


def test_events_out_of_order_are_sorted_and_changing_an_answer_adds_to_its_time():
    trial = measure(0.0, [Event("carer_name", 30.0), Event("has_carer", 10.0), Event("has_carer", 45.0)])
    assert trial.seconds == (("has_carer", "", 25.0), ("carer_name", "", 20.0))


def test_a_pause_over_the_limit_is_left_out_and_the_next_answer_is_timed_from_it():
    pause = IDLE_SECONDS + 1
    trial = measure(0.0, [Event("has_carer", 10.0), Event("carer_name", 10.0 + pause), Event("next_step", 40.0 + pause)])
    assert trial.seconds == (("has_carer", "", 10.0), ("next_step", "", 30.0))  # carer_name: unknown, not guessed
    assert (trial.idle_gaps, trial.idle_seconds) == (1, pause)


def test_a_gap_of_exactly_the_limit_counts_and_an_answer_before_the_start_is_ignored():
    trial = measure(100.0, [Event("has_carer", 50.0), Event("carer_name", 100.0 + IDLE_SECONDS)])
    assert trial.seconds == (("carer_name", "", float(IDLE_SECONDS)),)


def test_each_item_of_a_repeating_group_is_its_own_observation():
    trial = measure(0.0, [Event("member_name", 20.0, "0"), Event("member_name", 50.0, "1")])
    assert trial.by_field() == {"member_name": [20.0, 30.0]}
    assert medians([trial]) == {"member_name": (25.0, 2)}


def test_medians_pool_every_trial():
    trials = [Measured((("has_carer", "", s),)) for s in (5.0, 9.0, 30.0)]
    assert medians(trials) == {"has_carer": (9.0, 3)}


def test_measured_against_estimated_per_question_and_per_section():
    trials = [Measured((("has_carer", "", 4.0), ("next_step", "", 300.0))),
              Measured((("has_carer", "", 6.0),))]
    fields, sections = comparison(FORM, trials)
    by_id = {r.label: r for r in fields}
    assert (by_id["Does someone help you?"].estimated, by_id["Does someone help you?"].measured,
            by_id["Does someone help you?"].observations) == (8, 5.0, 2)
    assert by_id["Who helps you?"].measured is None
    home, following = sections
    assert (home.estimated, home.measured, home.observations) == (8 + 30 + 30, 5.0 + 30 + 30, 1)
    assert (following.estimated, following.measured) == (180, 300.0)


def test_the_csv_is_what_burden_timings_reads_and_reads_back():
    trials = [("t1", "practitioner", Measured((("has_carer", "", 4.0), ("next_step", "", 300.0)))),
              ("t2", "expert_by_experience", Measured((("has_carer", "", 6.5),))),
              ("t3", "practitioner", Measured((("has_carer", "", 5.0),)))]
    text = to_csv(trials)
    assert text == ("trial,role,field,seconds\nt1,practitioner,has_carer,4\nt1,practitioner,next_step,300\n"
                    "t2,expert_by_experience,has_carer,6.5\nt3,practitioner,has_carer,5\n")
    read = parse_timings(text, FORM, "visit.trials.csv")
    assert read.medians == {"has_carer": 5.0}
    assert [i.code for i in read.issues] == ["TIMING_004"]  # next_step: one observation, its estimate stays
    assert form_burden(FORM, read.medians).measured_fields == 1
    assert [(n, r, m.seconds) for n, r, m in from_csv(text)] == [(n, r, m.seconds) for n, r, m in trials]


@pytest.mark.parametrize("text", [
    "field,seconds\nhas_carer,4\n",  # not a trials file: no trial column
    "trial,role,field,seconds\nt1,practitioner,has_carer,lots\nt1,practitioner\n",  # bad lines are left out
    "",
])
def test_a_damaged_trials_file_gives_no_trials_never_an_error(text):
    assert [m.seconds for _n, _r, m in from_csv(text)] == []


def test_stored_data_round_trips_and_malformed_rows_are_dropped():
    trial = measure(0.0, [Event("has_carer", 10.0)])
    assert from_data(as_data(trial)) == trial
    assert from_data({"seconds": [["x", "", -1], ["y", "", True], ["z", ""], ["ok", "", 3]], "idle_gaps": "2"}) == \
        Measured((("ok", "", 3.0),))
