"""Reading YAML safely: hostile and malformed input gives located issues, never exceptions."""

from __future__ import annotations

import pytest

from forms.reader import MAX_ALIAS_VALUES, MAX_BYTES, MAX_DEPTH, LocList, LocMap, read
from tests.conftest import load, located

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def issue_of(text: str | bytes) -> tuple[str, int, int]:
    result = read(text)
    assert result.data is None
    assert len(result.issues) == 1, result.issues
    issue = result.issues[0]
    return issue.code, issue.line, issue.column


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\nb: 2\na: 3\n", None),  # duplicate keys are not fatal: reported, the document still read
    ("kind: form\nid: x\n  title: y\n", ("YAML_001", 3, 8)),
    ("label: Note: this\n", ("YAML_001", 1, 12)),
    ("a: [1, 2\n", ("YAML_001", 2, 1)),
    ("", ("YAML_004", 1, 1)),
    ("# just a comment\n\n", ("YAML_004", 1, 1)),
    ("a:\n\tb: 1\n", ("YAML_005", 2, 1)),
    ("a: 1\n---\nb: 2\n", ("YAML_010", 2, 1)),
    ("- a\n- b\n", ("YAML_011", 1, 1)),
    ("just text\n", ("YAML_011", 1, 1)),
    ("a: &x [*x]\n", ("YAML_008", 1, 4)),  # an alias is located at its anchor
    ("a: \x07\n", ("YAML_001", 1, 4)),
])
def test_unreadable_documents_are_located(text, expected):
    if expected is None:
        result = read(text)
        assert [(i.code, i.line, i.column) for i in result.issues] == [("YAML_006", 3, 1)]
        assert result.data == {"a": 1, "b": 2}
    else:
        assert issue_of(text) == expected


def test_invalid_utf8_is_located_by_line_and_column():
    assert issue_of("a: ok\nb: caf\xe9\n".encode("latin-1")) == ("YAML_003", 2, 7)


def test_alias_bomb_is_refused_where_it_grows_too_large():
    # Refused at line 5, where the values it stands for pass the limit: nothing after it is
    # expanded. A bomb 40 levels deep (9^40 values) is refused at the same line, so the work
    # does not grow with what the aliases would expand to (timing is for benchmarks, not tests).
    assert issue_of(BOMB)[:2] == ("YAML_008", 5)
    deeper = BOMB + "".join(f"z{n}: &z{n} [*{'i' if n == 0 else f'z{n - 1}'}, *{'i' if n == 0 else f'z{n - 1}'}]\n"
                            for n in range(31))
    assert issue_of(deeper)[:2] == ("YAML_008", 5)


def test_modest_aliases_are_allowed():
    result = read("common: &yn [yes_answer, no_answer]\nfirst: *yn\nsecond: *yn\n")
    assert result.issues == []
    assert result.data["second"] == ["yes_answer", "no_answer"]


def test_alias_limit_counts_expanded_values():
    # 400 uses of a 300-value list expand to 120,000 values: just over the limit.
    text = "big: &big [" + ", ".join(["x"] * 299) + "]\nuses: [" + ", ".join(["*big"] * 400) + "]\n"
    assert MAX_ALIAS_VALUES < 300 * 400
    assert issue_of(text)[0] == "YAML_008"


@pytest.mark.parametrize("text", [
    "[" * 200_000 + "]" * 200_000,
    "".join(" " * i + "a:\n" for i in range(MAX_DEPTH + 5)),
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
])
def test_deep_nesting_is_refused_without_crashing(text):
    assert issue_of(text)[0] == "YAML_009"


def test_nesting_just_within_the_limit_is_read():
    depth = MAX_DEPTH - 1
    result = read("a: " + "[" * depth + "]" * depth + "\n")
    assert result.issues == []


@pytest.mark.parametrize(("text", "tag"), [
    ("a: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system\n", "!!python/name:os.system"),
    ("a: !custom 3\n", "!custom"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
])
def test_object_tags_are_refused(text, tag):
    result = read(text)
    assert [(i.code, i.line) for i in result.issues] == [("YAML_007", 1)]
    assert tag in result.issues[0].message


def test_too_large_text_is_refused_before_parsing():
    assert issue_of("a: " + "x" * MAX_BYTES) == ("YAML_002", 1, 1)


def test_complex_keys_are_reported():
    result = read("? [a, b]\n: 1\nc: 2\n")
    assert [(i.code, i.line) for i in result.issues] == [("YAML_012", 1)]
    assert result.data == {"c": 2}


def test_scalars_follow_yaml_1_2_booleans_and_keep_dates_as_text():
    data = read("o: [yes, no, on, off, true, False]\nd: 2024-04-01\nn: 3\nf: 1.5\nz: ~\nq: '7'\n").data
    assert data == {"o": ["yes", "no", "on", "off", True, False], "d": "2024-04-01", "n": 3, "f": 1.5,
                    "z": None, "q": "7"}


def test_values_remember_where_they_are():
    data = read("kind: form\nsections:\n  - id: one\n    title: One\n").data
    assert isinstance(data, LocMap) and isinstance(data["sections"], LocList)
    assert data.key_at("sections") == (2, 1)
    assert data["sections"].at(0) == (3, 5)
    assert data["sections"][0].value_at("title") == (4, 12)


def test_byte_order_mark_is_ignored():
    assert read("\ufeffkind: form\n").data == {"kind": "form"}


def test_loader_places_reader_issues_in_the_file():
    result = load("kind: form\nkind: form\n")
    assert ("YAML_006", 2, 1) in located(result)
    duplicate = next(i for i in result.issues if i.code == "YAML_006")
    assert duplicate.format().startswith("t.yaml:2:1: YAML_006 ")


def test_loading_leaves_the_garbage_collector_as_it_found_it():
    import gc

    from forms.loader import load_text

    assert gc.isenabled()
    load_text("kind: form\n", "t.yaml", forms={})
    assert gc.isenabled()
    gc.disable()
    try:
        load_text("kind: form\n", "t.yaml", forms={})
        assert not gc.isenabled()
    finally:
        gc.enable()


NUMBER_FORM = """\
kind: form
id: n
title: N
version: 1
purpose: P
sections:
  - id: s
    title: S
    fields:
      - {{id: a, label: A, type: number, min: {value}}}
"""


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1e999", "-2.5e400", "!!float .nan"])
def test_infinity_and_not_a_number_are_refused_where_they_are(value):
    result = load(NUMBER_FORM.format(value=value))
    assert located(result) == [("YAML_013", 10, 46)]


def test_a_number_of_100000_digits_is_a_located_message_not_a_crash():
    # Python refuses int() of more than 4,300 digits with a ValueError: that was an internal error.
    result = load(NUMBER_FORM.format(value="9" * 100_000))
    assert located(result) == [("YAML_014", 10, 46)]
    assert "100,000 digits" in result.issues[0].message
    assert len(result.issues[0].format()) < 300


def test_numbers_of_ordinary_length_still_read_as_numbers():
    data = read("a: 123456789012345678901234567890\nb: -1_000.5\nc: 2e10\nd: '.nan'\n").data
    assert data == {"a": 123456789012345678901234567890, "b": -1000.5, "c": 2e10, "d": ".nan"}
    assert read("a: 1234567890123456789012345678901\n").issues[0].code == "YAML_014"
