"""Migration notes in the pack: every breaking change since the previous version, with what happens to answers
already held and what a vendor must change (golden MIGRATION.md and migration.json for a pair of case notes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from exporter.base import Subject
from exporter.migration import CONVERTED, KEPT, UNCHANGED, migration_files, notes
from exporter.pack import export_pack
from tests.conftest import ROOT, load

CASE_NOTE = (ROOT / "forms" / "library" / "case-note.yaml").read_text(encoding="utf-8")
# Version 3 as a workshop might make it: each replacement is one breaking change.
CHANGES = [
    ("version: 2", "version: 3"),
    ("      - id: visit_time\n        label: Start time\n        type: short_text\n"
     "        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$'\n        hint: Use the 24-hour clock, for example 09:30.\n",
     ""),  # a question removed
    ("          - {value: video, label: Video call}\n", ""),  # an option removed
    ("      - id: child_seen\n        label: Did you see the child?\n        type: yes_no\n",
     "      - id: child_seen\n        label: Did you see the child?\n        type: single_choice\n"
     "        options: [yes, no, not_this_time]\n"),  # yes or no becomes a choice
    ("{field: child_seen, equals: true}", "{field: child_seen, equals: 'yes'}"),  # ... and its conditions follow
    ("{field: child_seen, equals: true}", "{field: child_seen, equals: 'yes'}"),
    ("      - id: visit_purpose\n        label: Why we met\n        type: long_text\n",
     "      - id: visit_reason\n        label: Why we met\n        type: long_text\n        required: true\n"),
]


def version_3() -> str:
    text = CASE_NOTE
    for old, new in CHANGES:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_each_breaking_change_says_what_happens_to_answers_and_what_to_change():
    found = notes(load(CASE_NOTE).form, load(version_3()).form)
    assert [(n.change.kind, n.change.field, n.action) for n in found] == [
        ("field_renamed", "visit_reason", CONVERTED),
        ("field_required", "visit_reason", UNCHANGED),
        ("field_removed", "visit_time", KEPT),
        ("field_options", "visit_type", KEPT),
        ("field_type", "child_seen", CONVERTED),
    ]
    assert "True becomes the option 'yes'" in found[-1].answers


def test_migration_notes_match_their_golden_files(golden):
    files = {f.name: f.data.decode("utf-8") for f in migration_files(
        Subject(load(version_3()).form, previous=load(CASE_NOTE).form))}
    assert set(files) == {"MIGRATION.md", "migration.json"}
    golden("export/migration/case-note-v2-to-v3.md", files["MIGRATION.md"])
    golden("export/migration/case-note-v2-to-v3.json", files["migration.json"])
    body = json.loads(files["migration.json"])
    assert (body["compatibility"], body["version_bump"]) == ("breaking", "major")


def test_the_pack_holds_the_notes_only_with_a_previous_version_and_stays_byte_identical():
    new, old = load(version_3()).form, load(CASE_NOTE).form
    with_notes = export_pack(Subject(new, previous=old)).files[0].data
    assert with_notes == export_pack(Subject(new, previous=old)).files[0].data
    names = zipfile.ZipFile(io.BytesIO(with_notes)).namelist()
    assert "MIGRATION.md" in names and "migration.json" in names
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(with_notes)).read("manifest.json"))
    assert manifest["previous_version"] == 2
    plain = zipfile.ZipFile(io.BytesIO(export_pack(Subject(new)).files[0].data)).namelist()
    assert "MIGRATION.md" not in plain


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:////nonexistent/none.sqlite3"})


@pytest.mark.parametrize(("previous", "problem"), [
    ("what-matters-to-me.yaml", "it is the form 'what-matters-to-me', not 'case-note'"),
    ("case-note-v3.yaml", "its version (3) is not older than this one (3)"),
])
def test_a_previous_version_of_another_form_or_not_older_is_refused(tmp_path, previous, problem):
    (tmp_path / "case-note-v3.yaml").write_text(version_3(), encoding="utf-8")
    (tmp_path / "what-matters-to-me.yaml").write_text(
        (ROOT / "forms" / "library" / "what-matters-to-me.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    out = run(str(tmp_path / "case-note-v3.yaml"), "--format", "pack", "--out", str(tmp_path / "out"),
              "--previous", str(tmp_path / previous))
    assert out.returncode == 1
    assert f"EXPORT_090 the previous version cannot be used for migration notes: {problem}" in out.stdout


def test_the_command_line_writes_the_notes_into_the_pack(tmp_path):
    (tmp_path / "case-note-v3.yaml").write_text(version_3(), encoding="utf-8")
    out = run(str(tmp_path / "case-note-v3.yaml"), "--format", "pack", "--out", str(tmp_path / "out"),
              "--previous", str(ROOT / "forms" / "library" / "case-note.yaml"))
    assert out.returncode == 0, out.stdout + out.stderr
    pack = zipfile.ZipFile(tmp_path / "out" / "case-note-v3.pack.zip")
    assert json.loads(pack.read("migration.json"))["from"] == {"id": "case-note", "version": 2}
