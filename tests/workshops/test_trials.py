"""Time trials kept in a workshop (checked against the version timed) and in the file beside a form."""

from __future__ import annotations

import multiprocessing
import os
from datetime import UTC, datetime

import pytest

from forms.trials import Measured, from_csv
from tests.workshops.conftest import case_note
from tests.workshops.test_service import refused
from workshops import participation, service
from workshops.trials import (
    append_file_trial,
    file_trials,
    record_trial,
    trials_file,
    trials_seen_by_facilitator,
    trials_seen_by_participant,
)

STARTED = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
TIMED = Measured((("visit_date", "", 11.0), ("visit_purpose", "", 140.5)), idle_gaps=1, idle_seconds=400.0)


def test_a_trial_is_kept_by_constituency_and_seen_by_everyone_in_the_workshop_never_by_name(store):
    made = store.run(service.create_workshop, "Trials", case_note(), "case-note.yaml")
    ama = store.run(service.join, made["join_code"], "practitioner", "Ama")["token"]
    sam = store.run(service.join, made["join_code"], "expert_by_experience", "Sam")["token"]
    kept = store.run(record_trial, ama, 2, STARTED, TIMED)
    assert kept == {"trial": 1, "questions": 2, "seconds": 151.5}
    store.run(record_trial, sam, 2, STARTED, Measured((("visit_purpose", "", 200.0),)))
    seen = store.run(trials_seen_by_participant, sam, read_only=True)
    assert [(t["trial"], t["constituency"], t["version"], t["measured"]) for t in seen] == [
        ("trial 1", "practitioner", 2, TIMED), ("trial 2", "expert_by_experience", 2,
                                                Measured((("visit_purpose", "", 200.0),)))]
    assert "Ama" not in repr(seen) and seen[0]["started"].startswith("2026-12-03T09:00")
    assert store.run(trials_seen_by_facilitator, made["facilitator_key"], read_only=True) == seen


def test_a_trial_of_another_version_or_question_or_with_no_answer_is_refused(store):
    made = store.run(service.create_workshop, "Trials", case_note(), "case-note.yaml")
    token = store.run(service.join, made["join_code"], "practitioner")["token"]
    assert refused(store, record_trial, token, 7, STARTED, TIMED) == ["WORKSHOP_026"]
    assert refused(store, record_trial, token, 2, STARTED, Measured((("no_such_question", "", 3.0),))) == [
        "WORKSHOP_027"]
    assert refused(store, record_trial, token, 2, STARTED, Measured()) == ["WORKSHOP_028"]
    store.run(participation.set_status, made["facilitator_key"], "closed")
    assert refused(store, record_trial, token, 2, STARTED, TIMED) == ["WORKSHOP_014"]  # closed: nothing more
    assert store.run(trials_seen_by_facilitator, made["facilitator_key"], read_only=True) == []


def test_a_trial_beside_a_form_is_the_csv_burden_timings_reads(tmp_path):
    form = tmp_path / "case-note.yaml"
    form.write_text(case_note(), encoding="utf-8")
    assert append_file_trial(form, "2026-12-03T09:00:00Z", "practitioner", TIMED) is None
    assert append_file_trial(form, "2026-12-03T10:00:00Z", "expert_by_experience",
                             Measured((("visit_purpose", "", 90.0),))) is None
    assert trials_file(form).name == "case-note.trials.csv"
    assert trials_file(form).read_text(encoding="utf-8") == (
        "trial,role,field,seconds\n2026-12-03T09:00:00Z,practitioner,visit_date,11\n"
        "2026-12-03T09:00:00Z,practitioner,visit_purpose,140.5\n"
        "2026-12-03T10:00:00Z,expert_by_experience,visit_purpose,90\n")
    assert [(n, r) for n, r, _m in file_trials(form)] == [("2026-12-03T09:00:00Z", "practitioner"),
                                                          ("2026-12-03T10:00:00Z", "expert_by_experience")]
    assert append_file_trial(form, "x", "practitioner", Measured()).code == "WORKSHOP_028"


def test_a_symlink_planted_where_the_trials_file_goes_is_never_written_through(tmp_path):
    form = tmp_path / "case-note.yaml"
    form.write_text(case_note(), encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    os.symlink(victim, trials_file(form))
    problem = append_file_trial(form, "t", "practitioner", TIMED)
    assert problem is not None and problem.code == "TIMING_006"
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def _append(form: str, number: int) -> None:
    append_file_trial(form, f"trial-{number}", "practitioner", TIMED)


def test_many_processes_finishing_trials_at_once_each_add_their_lines_whole(tmp_path):
    form = tmp_path / "case-note.yaml"
    form.write_text(case_note(), encoding="utf-8")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append, args=(str(form), n)) for n in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    text = trials_file(form).read_text(encoding="utf-8")
    assert text.count("trial,role,field,seconds\n") == 1 and text.startswith("trial,role,field,seconds\n")
    assert sorted(n for n, _r, _m in from_csv(text)) == sorted(f"trial-{n}" for n in range(20))
    assert all(m == Measured(TIMED.seconds) for _n, _r, m in from_csv(text))


@pytest.mark.parametrize("content", [b"\xff\xfe not text", b"field,seconds\nvisit_date,3\n"])
def test_an_unreadable_or_foreign_file_beside_the_form_gives_no_trials(tmp_path, content):
    form = tmp_path / "case-note.yaml"
    trials_file(form).write_bytes(content)
    assert file_trials(form) == []


def test_a_database_at_revision_0005_gains_time_trials_without_loss_and_can_go_back(database_url):
    from sqlalchemy import inspect, text

    from tests.workshops.test_db import old_form_version
    from workshops import access, db
    from workshops.db import Store, make_engine

    engine = make_engine(database_url)
    db.upgrade(engine, "0005")
    with engine.begin() as connection:  # a workshop and a participant as 0005 left them
        old_form_version(connection)
        connection.execute(text(
            "INSERT INTO workshop (id, title, base_form_version_id, join_code, facilitator_key_hash, status, "
            "anonymity, method, rule, quorum, dots_budget, results_visibility, created_at) VALUES (1, 'Old', 1, "
            "'ABCDEFGHJK', :hash, 'open', 'named', 'support', 'majority', 3, 5, 'after_close', "
            "'2026-01-01 10:00:00')"), {"hash": access.digest("fk_old-key")})
        connection.execute(text("INSERT INTO change_counter (workshop_id, value) VALUES (1, 0)"))
        connection.execute(text(
            "INSERT INTO participant (id, workshop_id, display_name, constituency, token_hash, attribution, "
            "joined_at) VALUES (1, 1, 'Ama', 'practitioner', :token, 'anonymous', '2026-01-01 10:00:00')"),
            {"token": access.digest("pt_old-token")})
    engine.dispose()
    store = Store(database_url)  # opening upgrades to the head
    try:
        assert store.run(record_trial, "pt_old-token", 2, STARTED, TIMED)["trial"] == 1
        assert len(store.run(trials_seen_by_facilitator, "fk_old-key", read_only=True)) == 1
    finally:
        store.close()
    from alembic import command
    from alembic.config import Config

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as connection:  # back to 0005: the trials go, the workshop stays
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    tables = inspect(engine).get_table_names()
    assert "time_trial" not in tables and "workshop" in tables and db.stored_revision(engine) == "0005"
    engine.dispose()
