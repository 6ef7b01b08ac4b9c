"""Publishing is all or nothing (issue 14 item 3): kill -9 a publishing process at any instant, start again,
and the folder's files and the database's versions agree exactly."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ROOT
from tests.workshops.conftest import case_note
from workshops import publishing, service
from workshops.db import Store
from workshops.schema import FormVersion

PHASES = ("created", "written", "committed", "renamed")


@pytest.fixture
def room(store):
    made = store.run(service.create_workshop, "Publish", case_note(), "case-note.yaml", quorum=1)
    expert = store.run(service.join, made["join_code"], "expert_by_experience")
    return {"key": made["facilitator_key"], "token": expert["token"], "workshop": made["workshop"]}


def start(database_url: str, room: dict, folder: Path, crash_at: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "COFORM_PUBLISH_DIR": str(folder)}
    env.pop(publishing.CRASH_AT, None)
    if crash_at:
        env[publishing.CRASH_AT] = crash_at
    process = subprocess.Popen([sys.executable, "-m", "tests.workshops.publish_loop", room["key"], room["token"],
                                str(folder)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    return process


def restart(database_url: str, room: dict, folder: Path) -> None:
    """What the next start does: any `python -m workshops` command first finishes or removes leftovers."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "COFORM_PUBLISH_DIR": str(folder)}
    env.pop(publishing.CRASH_AT, None)
    done = subprocess.run([sys.executable, "-m", "workshops", "results", room["key"]], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def recorded(store: Store) -> dict[str, str]:
    rows = store.run(lambda s: s.scalars(select(FormVersion).where(FormVersion.version > 2)).all())
    return {f"{row.form_id}-v{row.version}.yaml": row.yaml_text for row in rows}


def on_disk(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml") if not p.name.startswith(".")}


def test_a_publish_killed_at_every_phase_leaves_files_and_records_that_agree(store, room, database_url, tmp_path):
    folder = tmp_path / "published"
    seen = set()
    for phase in PHASES:
        process = start(database_url, room, folder, crash_at=phase)
        assert process.wait(timeout=120) == -signal.SIGKILL
        leftovers = publishing.leftovers(folder)
        seen.add((phase, len(leftovers)))
        # Even before any recovery, no file carries a version's name without its record.
        assert set(on_disk(folder)) <= set(recorded(store)), phase
        restart(database_url, room, folder)
        assert on_disk(folder) == recorded(store), phase
        assert publishing.leftovers(folder) == []
    # Killed with the file written but not committed, or committed but not renamed, a temporary file was left.
    assert seen == {("created", 1), ("written", 1), ("committed", 1), ("renamed", 0)}
    assert len(recorded(store)) == 2  # the two runs killed after the commit did publish


def test_a_publish_killed_at_random_instants_leaves_files_and_records_that_agree(store, room, database_url, tmp_path):
    folder = tmp_path / "published"
    moments = random.Random(14)
    caught_mid_publish = 0
    for _ in range(12):
        process = start(database_url, room, folder)
        time.sleep(moments.uniform(0.0, 0.8))  # the random instant of the crash is the point of the test
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert set(on_disk(folder)) <= set(recorded(store))
        caught_mid_publish += bool(publishing.leftovers(folder))
        store.run(publishing.recover, folder)  # what the next start does (the phase test runs the real command)
        assert on_disk(folder) == recorded(store)
        assert publishing.leftovers(folder) == []
    assert recorded(store)  # the loop did publish between the kills
    print(f"{caught_mid_publish} of 12 kills caught a publish half-done; {len(recorded(store))} versions published")


def test_a_leftover_locked_by_a_live_publish_is_left_alone(store, room, tmp_path):
    folder = tmp_path / "published"
    folder.mkdir()
    fd, temporary = publishing._create(folder, "case-note-v3.yaml")  # this process is publishing it
    try:
        assert store.run(publishing.recover, folder) == {"finished": [], "removed": []}
        assert temporary.exists()
    finally:
        os.close(fd)
    assert store.run(publishing.recover, folder) == {"finished": [], "removed": [temporary.name]}
