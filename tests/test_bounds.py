"""Bounded input: files that never end or block, and values too long or of the wrong kind to print whole."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from forms.errors import shown
from forms.loader import load_file
from forms.reader import MAX_BYTES
from tests.conftest import ROOT, load, located


def validate(*paths: str) -> subprocess.CompletedProcess:
    # The timeout only stops a hung run from hanging the suite; the assertions are the messages.
    return subprocess.run([sys.executable, "-m", "forms", "validate", *paths], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path):
    pipe = tmp_path / "form.yaml"
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would wait for ever
    out = validate(str(pipe))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{pipe}:1:1: FILE_003 this is a named pipe, not a regular file.")


def test_dev_zero_is_refused_not_read_until_memory_runs_out():
    out = validate("/dev/zero")
    assert out.returncode == 1
    assert out.stdout.startswith("/dev/zero:1:1: FILE_003 this is a device, not a regular file.")


def test_a_folder_named_as_a_file_to_load_is_refused(tmp_path):
    result = load_file(tmp_path)
    assert [(i.code, i.line) for i in result.issues] == [("FILE_003", 1)]


def test_a_file_that_grows_beyond_its_reported_size_is_read_only_to_the_limit(tmp_path, monkeypatch):
    # /proc files report a size of 0 and can be long: the read itself is capped, not just the size check.
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 10))
    monkeypatch.setattr(os, "fstat", lambda fd, real=os.fstat: os.stat_result((*real(fd)[:6], 0, *real(fd)[7:])))
    result = load_file(big)
    assert [i.code for i in result.issues] == ["YAML_002"]
    assert f"{MAX_BYTES + 1} bytes" in result.issues[0].message


LONG_ID = "a" * 10_000


def test_a_10000_character_id_is_shown_cut_once_with_its_length():
    result = load(f"""\
        kind: form
        id: {LONG_ID.upper()}
        title: T
        version: 1
        purpose: P
        sections: [{{id: s, title: S, fields: [{{id: a, label: A, type: yes_no}}]}}]
    """)
    assert located(result) == [("ID_001", 2, 5)]
    line = result.issues[0].format()
    assert len(line) < 400
    assert "(10,000 characters)" in line


@pytest.mark.parametrize(("written", "named"), [("{a: 1}", "a mapping"), ("[a, b]", "a list")])
def test_a_mapping_or_list_where_an_id_belongs_is_named_not_printed_as_python(written, named):
    result = load(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: P
        sections: [{{id: s, title: S, fields: [{{id: {written}, label: A, type: yes_no}}]}}]
    """)
    assert [i.code for i in result.issues] == ["ID_001"]
    assert result.issues[0].message == f"{named} is not a valid identifier"
    assert "{'" not in result.issues[0].format() and "['" not in result.issues[0].format()


def test_a_duplicate_long_id_is_cut_too():
    result = load(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: P
        sections: [{{id: s, title: S, fields: [{{id: {LONG_ID[:64]}, label: A, type: yes_no}},
                                               {{id: {LONG_ID[:64]}, label: B, type: yes_no}}]}}]
    """)
    assert [i.code for i in result.issues] == ["ID_002"]
    assert len(result.issues[0].message) < 200


@pytest.mark.parametrize(("value", "text"), [
    ("short", "'short'"), ("x" * 61, "'" + "x" * 60 + "...' (61 characters)"), ({"a": 1}, "a mapping"),
    ([1], "a list"), (None, "nothing"), (True, "true"), (12, "12"), (2.5, "2.5"),
])
def test_shown_cuts_text_and_names_other_kinds(value, text):
    assert shown(value) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_the_validator_refuses_infinity_and_nan_even_when_not_read_from_yaml(value):
    # The reader refuses them (YAML_013); data built another way meets the same check.
    from forms.reader import read
    from forms.schema import build

    data = read("kind: form\nid: f\ntitle: T\nversion: 1\npurpose: P\nsections:\n  - id: s\n    title: S\n"
                "    fields:\n      - {id: a, label: A, type: number, min: 1}\n").data
    data["sections"][0]["fields"][0]["min"] = value
    _, issues = build(data)
    assert [(i.code, i.line) for i in issues] == [("SCHEMA_003", 10)]


def test_other_messages_that_name_a_long_id_or_a_mapping_stay_short_and_plain():
    result = load("""\
        kind: {a: 1}
        id: f
    """)
    assert [i.code for i in result.issues] == ["FORM_001"]
    assert "a mapping" in result.issues[0].message and "{'" not in result.issues[0].message
    result = load(f"""\
        kind: form
        id: f
        title: T
        version: 1
        purpose: P
        sections:
          - id: {LONG_ID}
            fields: [{{id: a, label: A, type: {{x: 1}}}}]
    """)
    assert {i.code for i in result.issues} >= {"ID_001", "SCHEMA_002", "FIELD_003"}
    for issue in result.issues:
        assert len(issue.format()) < 400, issue.format()[:200]
        assert "{'" not in issue.format()
