"""One flat row per field with every piece of metadata in words: shared by the HTML, Markdown and CSV exports."""

from __future__ import annotations

from dataclasses import dataclass

from forms.burden import seconds
from forms.conditions import describe
from forms.model import Field, Form, Option
from forms.vocabulary import PROCESSING_CONDITION_NAMES


@dataclass(frozen=True, slots=True)
class FieldRow:
    """A field as a reader of the spec needs it: where it is, what it asks, and why it is recorded."""

    form: str
    section: str
    section_title: str
    group: str
    field: str
    label: str
    type: str
    required: bool
    shown_when: str
    options: str
    validation: str
    hint: str
    purpose: str
    completed_by: str
    own_words: bool
    data_category: str
    special_category: str
    lawful_basis: str
    processing_condition: str
    visible_to_person: bool
    shared_with: str
    retention: str
    statutory_item: str
    seconds: int

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


def validation_text(f: Field) -> str:
    """The field's limits in words, e.g. 'between 0 and 120, whole numbers only'."""
    parts = []
    if f.max_length is not None:
        parts.append(f"at most {f.max_length} characters")
    if f.pattern:
        parts.append(f"must match the pattern {f.pattern}")
    if f.min is not None and f.max is not None:
        parts.append(f"from {f.min} to {f.max}")
    elif f.min is not None:
        parts.append(f"{f.min} or later" if f.type == "date" else f"at least {f.min}")
    elif f.max is not None:
        parts.append(f"{f.max} or earlier" if f.type == "date" else f"at most {f.max}")
    if f.integer:
        parts.append("whole numbers only")
    if f.min_selected is not None:
        parts.append(f"choose at least {f.min_selected}")
    if f.max_selected is not None:
        parts.append(f"choose at most {f.max_selected}")
    ends = [f"{bound} = {label}" for bound, label in ((f.min, f.min_label), (f.max, f.max_label))
            if label and bound is not None]
    if ends:
        parts.append("; ".join(ends))
    if f.min_items is not None:
        parts.append(f"at least {f.min_items} item(s)")
    if f.max_items is not None:
        parts.append(f"at most {f.max_items} item(s)")
    return "; ".join(parts)


def condition_letter(letter: str | None) -> str:
    return f"9(2)({letter}) {PROCESSING_CONDITION_NAMES[letter]}" if letter else ""


def field_rows(form: Form) -> list[FieldRow]:
    """Every field of a form in document order (guidance included: readers see it too)."""
    rows = []
    placed_fields = list(form.walk())
    by_id = {p.field.id: p.field for p in placed_fields}
    for placed in placed_fields:
        f = placed.field
        rows.append(FieldRow(
            form=form.id, section=placed.section.id, section_title=placed.section.title,
            group=placed.group.id if placed.group else "", field=f.id, label=f.label, type=f.type,
            required=f.required, shown_when=describe(f.show_if, fields=by_id) if f.show_if else "",
            options="; ".join(f"{o.value} = {o.label}" + _coded(o) for o in f.options),
            validation=validation_text(f), hint=f.hint or "", purpose=f.purpose, completed_by=f.completed_by,
            own_words=f.own_words, data_category=f.data_category, special_category=f.special_category or "",
            lawful_basis=f.lawful_basis or "", processing_condition=condition_letter(f.processing_condition),
            visible_to_person=f.visible_to_person, shared_with=", ".join(f.shared_with),
            retention=f.retention or "", statutory_item=f.statutory_item or "", seconds=seconds(f),
        ))
    return rows


def _coded(option: Option) -> str:
    """' [code 10 in https://...]' for an option on a statutory code list, else nothing."""
    system, code = option.coding()
    return f" [code {code} in {system}]" if system else ""


def sensitive_rows(form: Form) -> list[FieldRow]:
    """The data inventory a DPIA needs: every field holding personal, special category or offence data."""
    return [row for row in field_rows(form) if row.data_category != "none" and row.type not in
            ("guidance", "repeating_group")]
