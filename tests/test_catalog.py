"""The error catalog: stable unique codes, each tested somewhere, each with what and how to fix."""

from __future__ import annotations

import re

import pytest

from forms.errors import ERROR, WARNING, Code, by_code
from tests.conftest import ROOT

TOPICS = ("YAML", "FILE", "EDIT", "SCHEMA", "ID", "FORM", "FIELD", "COND", "WORKFLOW", "LINT", "TIMING", "IMPORT", "EXPORT",
          "WORKSHOP", "VOTE", "LANG")


def test_codes_are_unique_and_topic_prefixed():
    codes = [member.code for member in Code]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[A-Z]+_\d{3}", code), code
        assert code.split("_")[0] in TOPICS
        assert by_code(code).code == code


@pytest.mark.parametrize("member", list(Code), ids=lambda m: m.code)
def test_every_entry_says_what_and_how_to_fix(member):
    assert member.severity in (ERROR, WARNING)
    assert member.value.what and member.value.fix
    issue = member.issue("x.yaml", 3, 4)  # missing facts render empty, never raise
    assert issue.format().startswith(f"x.yaml:3:4: {member.code} ")


def test_lints_are_warnings_and_everything_else_that_blocks_is_an_error():
    for member in Code:
        if member.code.startswith("LINT_"):
            assert member.severity == WARNING
        # Importers and exporters report what a format cannot carry; timings report lines left out.
        elif not member.code.startswith(("IMPORT_", "EXPORT_", "TIMING_")):
            assert member.severity == ERROR


def test_every_code_has_a_test():
    """A catalog code that no test asserts is a rule nobody has shown to work."""
    this = ROOT / "tests" / "test_catalog.py"
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py") if p != this)
    untested = [m.code for m in Code if not re.search(rf"\b{m.code}\b", text)]
    assert untested == []


def test_docs_errors_page_is_up_to_date():
    from forms.errors import catalog_markdown

    page = ROOT / "docs" / "errors.md"
    assert page.read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/errors.md is out of date: regenerate it with the command at its top")
