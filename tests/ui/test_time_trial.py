"""Time trials in the preview, driven with AppTest: start, answer, finish; kept beside the form or in the workshop."""

from __future__ import annotations

import types

import pytest

from tests.ui.test_editor_page import VISIT, key, open_editor, run, texts
from ui import state, time_trial
from ui.text import md
from workshops import service
from workshops.trials import trials_file


class Clock:
    """The server clock the trial reads, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(time_trial, "time", types.SimpleNamespace(time=fake.time))
    return fake


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "visit.yaml").write_text(VISIT, encoding="utf-8")
    return tmp_path


def trial_key(what: str, form_id: str = "visit") -> str:
    return state.preview_key(form_id, f"~trial_{what}")


def test_a_time_trial_times_each_answer_and_keeps_the_seconds_beside_the_form(folder, clock):
    at = open_editor(folder)
    at.radio(key=key("has_carer")).set_value(True)  # an answer before the trial is cleared at the start
    run(at)
    at.button(key=trial_key("start")).click()
    run(at)
    assert at.radio(key=key("has_carer")).value is None
    assert any("Time trial running: 0 answer(s)" in t for t in texts(at))
    clock.now += 12
    at.radio(key=key("has_carer")).set_value(True)
    run(at)
    clock.now += 40
    at.text_input(key=key("carer_name")).input("My daughter")
    run(at)
    clock.now += 3
    at.button(key=trial_key("finish")).click()
    run(at)
    shown = texts(at)
    assert md("Time trial kept: 2 answer(s) in 0.9 minutes measured, against 0.6 minutes estimated for the same "
              "questions.") in shown  # shown escaped, like all text
    assert ("For the 2 question(s) timed: 0.9 minutes measured (the median of the trials), against 0.6 minutes "
            "estimated.") in shown
    kept = trials_file(folder / "visit.yaml").read_text(encoding="utf-8").splitlines()
    assert kept[0] == "trial,role,field,seconds"
    assert [line.split(",")[1:] for line in kept[1:]] == [["practitioner", "has_carer", "12"],
                                                          ["practitioner", "carer_name", "40"]]
    sections = at.dataframe[0].value
    # The first section: the two timed answers, the others at their estimates (each question once).
    measured = list(sections["Measured minutes"])
    assert measured[0] == round((12 + 40 + 180 + 30 + 15) / 60, 1) and measured[1] != measured[1]  # NaN: untimed
    assert at.get("download_button")[0].proto.label.startswith("Download the trials as CSV")


def test_a_pause_over_five_minutes_is_left_out_and_said(folder, clock):
    at = open_editor(folder)
    at.button(key=trial_key("start")).click()
    run(at)
    clock.now += 10
    at.radio(key=key("has_carer")).set_value(False)
    run(at)
    clock.now += 6 * 60  # a phone call
    at.text_area(key=key("worker_notes")).input("Seemed tired")
    run(at)
    at.button(key=trial_key("finish")).click()
    run(at)
    assert any(t.startswith(md("Time trial kept: 1 answer(s)")) and md("1 pause(s) over 5 minutes were left out.")
               in t for t in texts(at))


def test_finishing_without_an_answer_keeps_nothing_and_says_why(folder, clock):
    at = open_editor(folder)
    at.button(key=trial_key("start")).click()
    run(at)
    at.button(key=trial_key("finish")).click()
    run(at)
    assert any("no answered question" in e.value for e in at.error)
    assert not trials_file(folder / "visit.yaml").exists()


def test_a_participants_trial_is_kept_in_the_workshop_and_seen_there(tmp_path, clock, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from ui import workshop_state as ws

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    store = ws.store()
    made = store.run(service.create_workshop, "Trials", VISIT, "visit.yaml")
    token = store.run(service.join, made["join_code"], "practitioner", "Ama")["token"]
    at = AppTest.from_file(str(ROOT / "ui" / "participant_page.py"), default_timeout=30)
    at.session_state[ws.TOKEN] = token
    at.session_state["ws_view"] = "read"
    run(at)
    at.button(key=trial_key("start")).click()
    run(at)
    clock.now += 9
    at.radio(key=key("has_carer")).set_value(True)
    run(at)
    at.button(key=trial_key("finish")).click()
    run(at)
    assert md("Time trial kept: 1 answer(s) in 0.1 minutes measured, against 0.1 minutes estimated for the same "
              "questions.") in texts(at)
    from workshops.trials import trials_seen_by_facilitator

    seen = store.run(trials_seen_by_facilitator, made["facilitator_key"], read_only=True)
    assert [(t["trial"], t["constituency"], t["measured"].seconds) for t in seen] == [
        ("trial 1", "practitioner", (("has_carer", "", 9.0),))]


def test_the_facilitator_sees_the_time_trials_run_in_the_workshop(tmp_path, clock, monkeypatch):
    from tests.ui import test_workshop_pages as pages
    from ui import workshop_state as ws
    from workshops.trials import record_trial

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'workshops.sqlite3'}")
    monkeypatch.setenv("COFORM_PUBLISH_DIR", str(tmp_path / "published"))
    facilitator, code = pages.create()
    assert "Time trials run in this workshop (0)" in [e.label for e in facilitator.expander]
    participant = pages.join(code, "practitioner", "Ama")
    token = participant.session_state[ws.TOKEN]
    from datetime import UTC, datetime

    from forms.trials import Measured

    for seconds in (20.0, 30.0, 70.0):  # three trials: the median, 30 s, replaces the estimate
        ws.store().run(record_trial, token, 2, datetime.now(UTC), Measured((("visit_date", "", seconds),)))
    facilitator.run()
    assert not facilitator.exception
    assert "Time trials run in this workshop (3)" in [e.label for e in facilitator.expander]
    assert ("For the 1 question(s) timed: 0.5 minutes measured (the median of the trials), against 0.2 minutes "
            "estimated.") in [m.value for m in facilitator.markdown]
    assert any("measured for 1 of" in c.value for c in facilitator.caption)
