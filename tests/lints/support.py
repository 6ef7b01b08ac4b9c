"""Helpers for lint tests: load an inline snippet with lints on and read back where a code was reported."""

from __future__ import annotations

from collections.abc import Mapping

from forms.model import Form
from tests.conftest import load


def lines(yaml_text: str, code: str, forms: Mapping[str, Form] | None = None) -> list[int]:
    """Lines of the warnings with this code, for a snippet that must load without errors."""
    result = load(yaml_text, lint=True, forms=forms)
    assert not result.errors, [i.format() for i in result.errors]
    return [i.line for i in result.issues if i.code == code]


def found(yaml_text: str, *codes: str, forms: Mapping[str, Form] | None = None) -> list[tuple[str, int]]:
    """(code, line) of the warnings with these codes, in reading order."""
    result = load(yaml_text, lint=True, forms=forms)
    assert not result.errors, [i.format() for i in result.errors]
    return [(i.code, i.line) for i in result.issues if i.code in codes]
