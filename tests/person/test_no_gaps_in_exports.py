"""Issue 11.4: with the library's form defaults, the Care Act assessment's exports never say "Not stated"."""

from __future__ import annotations

import pytest

from exporter.base import FORMATS, Subject
from exporter.formats import FORMATS as REGISTERED
from forms.loader import shipped_forms

CARE_ACT = shipped_forms()["care-act-needs-assessment"]


@pytest.mark.parametrize("name", sorted(n for n, f in REGISTERED.items() if "form" in f.kinds and n != "pack"))
def test_care_act_exports_state_every_basis_and_retention(name):
    result = FORMATS[name].export(Subject(CARE_ACT))
    for file in result.files:
        assert b"Not stated" not in file.data, file.name


def test_every_library_form_gives_each_personal_field_a_basis_and_retention():
    for form in shipped_forms().values():
        gaps = [p.field.id for p in form.walk() if p.field.records and p.field.data_category != "none"
                and (p.field.lawful_basis is None or p.field.retention is None)]
        assert gaps == [], form.id
