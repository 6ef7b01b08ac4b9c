"""The forms command line, run as users run it: in a subprocess, checking output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT
from tests.importers.support import SAMPLES

BROKEN = textwrap.dedent("""\
    kind: form
    id: eha
    title: Early help
    version: 1
    purpose: To agree what help the family wants.
    sections:
      - id: about
        title: About you
        fields:
          - id: age
            label: Age
            type: nmber
""")

GOOD = textwrap.dedent("""\
    kind: form
    id: eha
    title: Early help
    version: 1
    purpose: To agree what help the family wants.
    sections:
      - id: about
        title: About you
        fields:
          - {id: story, label: What matters to you?, type: long_text, hint: Your words, own_words: true, completed_by: together}
          - {id: code, label: Return code, type: short_text, purpose: statutory_return, completed_by: admin}
""")


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "forms", *args], cwd=cwd or ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "broken.yaml").write_text(BROKEN)
    (tmp_path / "good.yaml").write_text(GOOD)
    return tmp_path


def test_validate_prints_located_errors_and_exits_1(files):
    out = run("validate", str(files / "broken.yaml"))
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        f"{files / 'broken.yaml'}:12:15: FIELD_003 field 'age': type 'nmber' is not a field type. Did you mean "
        "'number'? Use one of: short_text, long_text, number, date, yes_no, single_choice, multi_choice, scale, "
        "repeating_group, guidance."]
    assert "Traceback" not in out.stderr


def test_validate_good_file_exits_0(files):
    out = run("validate", str(files / "good.yaml"))
    assert out.returncode == 0, out.stdout
    assert "1 file(s) checked: 0 error(s)" in out.stderr


def test_validate_a_folder_as_json(files):
    out = run("validate", str(files), "--json")
    assert out.returncode == 1
    payload = json.loads(out.stdout)
    assert [(f["path"].rsplit("/", 1)[-1], f["ok"]) for f in payload["files"]] == [("broken.yaml", False),
                                                                                  ("good.yaml", True)]
    assert payload["errors"] == 1
    assert payload["files"][0]["issues"][0]["code"] == "FIELD_003"
    assert payload["files"][0]["issues"][0]["line"] == 12


def test_validate_the_shipped_library_has_no_errors():
    out = run("validate", "forms/library", "--errors-only")
    assert out.returncode == 0, out.stdout
    assert out.stdout == ""


def test_missing_path_is_a_located_problem_not_a_crash(tmp_path):
    out = run("validate", str(tmp_path / "nope.yaml"))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{tmp_path / 'nope.yaml'}:1:1: FILE_001 ")


@pytest.mark.parametrize("args", [(), ("validate",), ("frobnicate",), ("import", "x.xlsx"),
                                  ("import", "x.xlsx", "--from", "csv"), ("diff", "one.yaml")])
def test_usage_errors_exit_2(args):
    out = run(*args)
    assert out.returncode == 2
    assert "usage:" in out.stderr
    assert "Traceback" not in out.stderr


def test_burden_json_for_a_form(files):
    out = run("burden", str(files / "good.yaml"), "--json")
    assert out.returncode == 0
    figures = json.loads(out.stdout)
    assert figures["fields"] == 2
    assert figures["practitioner_minutes"] == 3.0 and figures["person_minutes"] == 3.0
    assert figures["by_completed_by"] == {"admin": 1, "together": 1}


def test_burden_text_for_a_form(files):
    out = run("burden", str(files / "good.yaml"))
    assert out.returncode == 0
    assert out.stdout.splitlines()[:3] == [
        "Early help (version 1)",
        "  Practitioner time: 3 minutes with the person, 0 at the computer (estimated from the kind of each question).",
        "  2 fields to record (0 required)."]


def test_burden_of_an_invalid_file_prints_its_errors(files):
    out = run("burden", str(files / "broken.yaml"))
    assert out.returncode == 1
    assert ":12:15: FIELD_003" in out.stdout


def test_burden_for_a_library_workflow():
    out = run("burden", "forms/library/children-contact-to-plan.yaml", "--json")
    assert out.returncode == 0, out.stdout
    figures = json.loads(out.stdout)
    assert figures["shortest_path"]["steps"][0] == figures["longest_path"]["steps"][0]
    assert len(figures["longest_path"]["steps"]) >= len(figures["shortest_path"]["steps"])
    assert figures["by_actor"]


def test_diff_in_plain_english(files):
    newer = files / "newer.yaml"
    newer.write_text(GOOD.replace("version: 1", "version: 2").replace(
        "      - {id: code", "      - {id: extra, label: Anything else?, type: long_text, hint: Optional}\n      - {id: code"))
    out = run("diff", str(files / "good.yaml"), str(newer))
    assert out.returncode == 0
    assert out.stdout.splitlines() == [
        "- Version 1 becomes version 2.",
        "- New question 'Anything else?' in section 'About you'.",
        "This version adds about 3 practitioner minutes per form, adds 1 field and lowers the share in the "
        "person's own words from 50% to 33%.",
        "Compatible: records and systems built on the old version keep working; something was added or loosened "
        "(a minor version).",
    ]
    as_json = json.loads(run("diff", str(files / "good.yaml"), str(newer), "--json").stdout)
    assert as_json["changes"][1:] == [{"kind": "field_added", "text": "New question 'Anything else?' in section "
                                   "'About you'.", "compatibility": "compatible", "field": "extra",
                                       "section": "about"}]
    assert (as_json["compatibility"], as_json["version_bump"]) == ("compatible", "minor")


def test_hostile_file_never_shows_a_traceback(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    out = run("validate", str(bomb), str(binary))
    assert out.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in out.stdout.splitlines()] == ["YAML_008", "YAML_003"]
    assert "Traceback" not in out.stderr


def test_a_folder_without_yaml_is_reported(tmp_path):
    out = run("validate", str(tmp_path))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{tmp_path}:1:1: FILE_002 ")


def test_burden_json_of_an_invalid_file_is_json(files):
    out = run("burden", str(files / "broken.yaml"), "--json")
    assert out.returncode == 1
    payload = json.loads(out.stdout)
    assert payload["ok"] is False
    assert [(i["code"], i["line"], i["column"]) for i in payload["issues"]] == [("FIELD_003", 12, 15)]


def test_a_workflow_may_use_forms_from_its_own_folder(files):
    (files / "flow.yaml").write_text(textwrap.dedent("""\
        kind: workflow
        id: flow
        title: Flow
        version: 1
        purpose: Try our own form.
        start: ask
        steps:
          - {id: ask, title: Ask, actor: practitioner, form: eha, next: [{to: done}]}
          - {id: done, title: Done, end: true}
    """))
    out = run("burden", str(files / "flow.yaml"), "--json")
    assert out.returncode == 0, out.stdout
    figures = json.loads(out.stdout)
    assert figures["longest_path"]["forms"] == ["eha"]
    assert figures["longest_path"]["practitioner_minutes"] == 3.0


def test_import_report_lines_start_with_the_file():
    sample = SAMPLES / "xlsform" / "choice_filter_test.xlsx"
    out = run("import", str(sample), "--from", "xlsform")
    assert out.returncode == 0
    assert out.stdout.startswith("kind: form\n")
    report = out.stderr.splitlines()
    assert report and all(line.startswith(f"{sample}:") for line in report)
    assert any(": IMPORT_003 " in line and "choice_filter" in line for line in report)


def test_import_of_a_missing_file_fails_cleanly(tmp_path):
    out = run("import", str(tmp_path / "missing.json"), "--from", "fhir")
    assert out.returncode == 1
    assert out.stderr.startswith(f"{tmp_path / 'missing.json'}:1:1: IMPORT_001 ")
    assert "Traceback" not in out.stderr


def test_import_out_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file")
    target = tmp_path / "new.yaml"
    target.symlink_to(victim)
    sample = SAMPLES / "xlsform" / "yes_or_no_question.xlsx"
    out = run("import", str(sample), "--from", "xlsform", "--out", str(target))
    assert out.returncode == 0, out.stderr
    assert victim.read_text() == "the user's own file"
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("kind: form\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "victim.txt"]


WELSH = textwrap.dedent("""\
    kind: form
    id: eha
    title: {en: Early help, cy: Cymorth cynnar}
    version: 1
    purpose: {en: To agree what help the family wants., cy: I gytuno pa help mae'r teulu eisiau.}
    languages: [en, cy]
    sections:
      - id: about
        title: {en: About you, cy: Amdanoch chi}
        fields:
          - {id: story, label: {en: What matters to you?, cy: Beth sy'n bwysig i chi?}, type: long_text,
             own_words: true, completed_by: together}
""")


def test_burden_in_welsh_reads_the_title_in_welsh_with_the_same_figures(tmp_path):
    (tmp_path / "welsh.yaml").write_text(WELSH)
    english, welsh = run("burden", str(tmp_path / "welsh.yaml")), run("burden", str(tmp_path / "welsh.yaml"),
                                                                      "--language", "cy")
    assert welsh.returncode == 0, welsh.stderr
    assert welsh.stdout.splitlines()[0] == "Cymorth cynnar (version 1)"
    assert welsh.stdout.splitlines()[1:] == english.stdout.splitlines()[1:]
    as_json = json.loads(run("burden", str(tmp_path / "welsh.yaml"), "--language", "cy", "--json").stdout)
    assert as_json.pop("language") == "cy"
    assert as_json == json.loads(run("burden", str(tmp_path / "welsh.yaml"), "--json").stdout)


@pytest.mark.parametrize("tag", ["pl", "Welsh", "x" * 500])
def test_burden_in_a_language_the_form_does_not_list_is_a_located_usage_error(tmp_path, tag):
    (tmp_path / "welsh.yaml").write_text(WELSH)
    out = run("burden", str(tmp_path / "welsh.yaml"), "--language", tag)
    assert out.returncode == 2
    assert out.stderr.startswith(f"{tmp_path / 'welsh.yaml'}:6:12: LANG_006 form 'eha' is not written in ")
    assert len(out.stderr) < 600 and "Traceback" not in out.stderr and out.stdout == ""


def test_burden_in_a_language_of_a_workflow_is_a_usage_error():
    out = run("burden", "forms/library/children-contact-to-plan.yaml", "--language", "cy")
    assert out.returncode == 2
    assert "--language works with a form, not a workflow" in out.stderr
