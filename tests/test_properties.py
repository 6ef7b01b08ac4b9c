"""Property tests: however a valid file is broken, loading only ever reports issues, never raises."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.burden import form_burden
from forms.loader import LIBRARY_DIR, load_text

LIBRARY = {p.name: p.read_text(encoding="utf-8") for p in sorted(LIBRARY_DIR.glob("*.yaml"))}
TOKENS = [": ", "- ", "&a ", "*a", "!!python/object:os.system ", "\t", "[", "]", "{", "}", "'", '"', "#", "|",
          ">", "%YAML 1.1\n", "---\n", "? ", "\ufeff", "\x00", "\u202e", "=SUM(A1)", "<script>", "show_if: ",
          "type: ", "field: ", "equals: ", "true", "yes", "~", "0x1F", "1e309", "-.inf", ".nan", "\n  ", "\n",
          "id: ", "options: []", "fields: []", "\\u0000", "&b [*b]"]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    result = load_text(text, "mutant.yaml")
    assert result.document is not None or result.issues, "an unreadable file must say why"
    for issue in result.issues:
        assert issue.code and issue.message and issue.line >= 0 and issue.column >= 0
        assert issue.format().startswith("mutant.yaml:")
    if result.ok and result.form is not None:
        form_burden(result.form)


@SETTINGS
@given(name=st.sampled_from(sorted(LIBRARY)), cut=st.floats(0, 1))
def test_truncation_only_produces_issues(name, cut):
    text = LIBRARY[name]
    check(text[: int(len(text) * cut)])


@SETTINGS
@given(name=st.sampled_from(sorted(LIBRARY)), where=st.floats(0, 1), token=st.sampled_from(TOKENS),
       drop=st.integers(0, 3))
def test_insertions_and_deletions_only_produce_issues(name, where, token, drop):
    text = LIBRARY[name]
    at = int(len(text) * where)
    check(text[:at] + token + text[at + drop:])


@SETTINGS
@given(name=st.sampled_from(sorted(LIBRARY)), data=st.data())
def test_line_shuffles_only_produce_issues(name, data):
    lines = LIBRARY[name].splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    if data.draw(st.booleans()):
        del lines[data.draw(st.integers(0, len(lines) - 1))]
    check("".join(lines))


@SETTINGS
@given(name=st.sampled_from(sorted(LIBRARY)), data=st.data())
def test_value_swaps_only_produce_issues(name, data):
    """Swap one value for a value of another kind, keeping the YAML itself well formed."""
    mapping_lines = [i for i, line in enumerate(LIBRARY[name].splitlines()) if ": " in line and
                     not line.strip().startswith(("#", "- {", "{"))]
    lines = LIBRARY[name].splitlines()
    i = data.draw(st.sampled_from(mapping_lines))
    replacement = data.draw(st.sampled_from(["[]", "{}", "~", "12", "-3", "true", "'x'", "[a, b]", "{field: x}",
                                             "nmber", "2024-13-45", "Zzz Top", "'<b>x</b>'"]))
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {replacement}"
    check("\n".join(lines) + "\n")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30)


@SETTINGS
@given(extra=json_values, kind=st.sampled_from(["form", "workflow", None]))
def test_arbitrary_structures_only_produce_issues(extra, kind):
    doc = {"kind": kind, "id": "x", "sections": extra, "steps": extra, "start": extra, "fields": extra}
    check(yaml.safe_dump(doc, allow_unicode=True))
