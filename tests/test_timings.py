"""Measured timings: medians replace estimates for questions timed at least 3 times; bad lines are located warnings."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from forms.burden import describe, form_burden
from forms.timings import parse_timings, read_timings
from tests.conftest import ROOT, load
from tests.test_schema import form

FORM = load(form("    {id: story, label: Your story, type: long_text, completed_by: together},\n"
                 "    {id: seen, label: Seen alone, type: yes_no},\n"
                 "    {id: note, label: Note, type: short_text}")).form  # estimates: 180, 8, 30 seconds


def codes(timings) -> list[tuple[str, int, int]]:
    return [(i.code, i.line, i.column) for i in timings.issues]


def test_the_median_of_three_or_more_replaces_the_estimate_and_fewer_keep_it():
    timings = parse_timings(textwrap.dedent("""\
        visit,field,seconds
        1,story,400
        2,story,200
        3,story,300
        4,story,1000
        1,seen,5
        2,seen,6
        """), FORM, "obs.csv")
    assert timings.medians == {"story": 350}
    assert codes(timings) == [("TIMING_004", 6, 2)]  # 'seen': 2 observations, located at its first line
    b = form_burden(FORM, timings.medians)
    assert b.practitioner_minutes == pytest.approx((350 + 8 + 30) / 60)
    assert b.practitioner_minutes_with_person == pytest.approx(350 / 60)
    assert (b.measured_fields, b.estimated_fields) == (1, 2)
    assert b.as_dict()["minutes_basis"] == "measured for 1 of 3 questions, estimated for the rest"
    assert "(measured for 1 of 3 questions, estimated for the rest)" in describe(b)[0]


@pytest.mark.parametrize(("line", "code", "column"), [
    ("storey,30", "TIMING_002", 1),  # a typo: not a question of the form
    ("story,abc", "TIMING_003", 2),
    ("story,-4", "TIMING_003", 2),
    ("story,NaN", "TIMING_003", 2),
    ("story,inf", "TIMING_003", 2),
    ("story,1e9", "TIMING_003", 2),
    ("story", "TIMING_003", 2),  # a short row: no seconds at all
])
def test_bad_lines_are_located_warnings_and_left_out(line, code, column):
    timings = parse_timings(f"field,seconds\nstory,10\nstory,20\n{line}\nstory,30\n", FORM, "obs.csv")
    assert codes(timings) == [(code, 4, column)]
    assert timings.medians == {"story": 20} and not timings.errors


def test_a_misspelt_field_is_offered_the_right_id():
    timings = parse_timings("field,seconds\nstorry,10\n", FORM, "obs.csv")
    assert "did you mean 'story'?" in timings.issues[0].format()


@pytest.mark.parametrize("text", ["", "question,time\nstory,10\n", "field\nstory\n"])
def test_without_a_field_and_seconds_header_nothing_is_read(text):
    timings = parse_timings(text, FORM, "obs.csv")
    assert codes(timings) == [("TIMING_001", 1, 1)] and timings.medians == {}


def test_a_file_that_is_not_text_or_not_a_regular_file_is_refused(tmp_path):
    binary = tmp_path / "obs.csv"
    binary.write_bytes(b"field,seconds\n\xff\xfe,1\n")
    assert [i.code for i in read_timings(binary, FORM).issues] == ["TIMING_005"]
    assert [i.code for i in read_timings(tmp_path, FORM).issues] == ["TIMING_005"]  # a folder


def test_the_command_line_uses_the_timings_and_prints_warnings_apart(tmp_path):
    source = tmp_path / "visit.yaml"
    source.write_text(form("    {id: story, label: Your story, type: long_text, completed_by: together},\n"
                           "    {id: seen, label: Seen alone, type: yes_no}"), encoding="utf-8")
    obs = tmp_path / "obs.csv"
    obs.write_text("field,seconds\nstory,60\nstory,120\nstory,90\nsen,4\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "forms", "burden", str(source), "--timings", str(obs), "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0
    figures = json.loads(run.stdout)
    assert (figures["measured_fields"], figures["estimated_fields"]) == (1, 1)
    assert figures["practitioner_minutes_with_person"] == 1.5
    assert run.stderr.splitlines() == [
        f"{obs}:5:1: TIMING_002 'sen' is not a question of 'f'; this observation is not used. Use the field's "
        "id as written in the form (did you mean 'seen'?), or remove the row."]
    bad = tmp_path / "bad.csv"
    bad.write_text("time\n3\n", encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "forms", "burden", str(source), "--timings", str(bad)],
                             capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 1 and "TIMING_001" in refused.stderr and "Traceback" not in refused.stderr
