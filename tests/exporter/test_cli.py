"""`python -m exporter`, run as users run it, in a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.parametrize(("path", "fmt", "expected"), [
    ("forms/library/case-note.yaml", "html", ["case-note-v2.html"]),
    ("forms/library/case-note.yaml", "fhir", ["case-note-v2.questionnaire.json"]),
    ("forms/library/adults-contact-to-review.yaml", "bpmn", ["adults-contact-to-review-v3.bpmn"]),
    ("forms/library/case-note.yaml", "pack", ["case-note-v2.pack.zip"]),
])
def test_export_writes_the_files_and_lists_them(tmp_path, path, fmt, expected):
    out = run(path, "--format", fmt, "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stdout + out.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == expected
    assert out.stdout.splitlines() == [str(tmp_path / "out" / name) for name in expected]


def test_fhir_r5_on_request(tmp_path):
    out = run("forms/library/case-note.yaml", "--format", "fhir", "--fhir-version", "R5", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["case-note-v2.questionnaire.r5.json"]


def test_a_format_that_does_not_apply_is_refused(tmp_path):
    out = run("forms/library/case-note.yaml", "--format", "bpmn", "--out", str(tmp_path))
    assert out.returncode == 1
    assert out.stdout.startswith("forms/library/case-note.yaml:1:1: EXPORT_080 the format 'bpmn' does not apply "
                                 "to a form.")
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_file_is_not_exported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        kind: form
        id: x
        title: X
        version: 1
        purpose: P
        sections: [{id: s, title: S, fields: [{id: a, label: A, type: nmber}]}]
    """))
    out = run(str(bad), "--format", "html", "--out", str(tmp_path / "out"))
    assert out.returncode == 1
    assert ": FIELD_003 " in out.stdout
    assert not (tmp_path / "out").exists()


def test_an_unwritable_folder_is_a_message_not_a_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = run("forms/library/case-note.yaml", "--format", "csv", "--out", str(blocker / "sub"))
    assert out.returncode == 1
    assert ": EXPORT_081 " in out.stdout
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [(), ("forms/library/case-note.yaml",), ("x.yaml", "--format", "pdf", "--out", "d")])
def test_usage_errors_exit_2(args):
    out = run(*args)
    assert out.returncode == 2
    assert "usage:" in out.stderr


@pytest.mark.parametrize("planted", ["case-note-v2.html.part", "case-note-v2.html"])
def test_export_never_writes_through_a_planted_symlink(tmp_path, planted):
    # An attacker who can write in the export folder plants the old temporary name (or the
    # target's own name) as a symlink to a file of the user's; exporting must not overwrite it.
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / planted).symlink_to(victim)
    out = run("forms/library/case-note.yaml", "--format", "html", "--out", str(out_dir))
    assert out.returncode == 0, out.stdout + out.stderr
    assert victim.read_text() == "the user's own file"
    clean = run("forms/library/case-note.yaml", "--format", "html", "--out", str(tmp_path / "clean"))
    assert clean.returncode == 0
    written = out_dir / "case-note-v2.html"
    assert not written.is_symlink()
    assert written.read_bytes() == (tmp_path / "clean" / "case-note-v2.html").read_bytes()
    left = sorted(p.name for p in out_dir.iterdir())
    assert left == sorted({"case-note-v2.html", planted}), "no temporary file is left behind"
