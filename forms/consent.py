"""Sharing by consent: the question put to the person, at the point of recording, for each agency.

A field whose `shared_with` marks an agency `needs_consent: true` (or whose `sharing_decided_by`
is `person`) is shared with that agency only if the person agrees. Every export and the preview
ask the same yes-or-no question, right after the answer it is about, in the same words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from forms.model import Field, Form
from forms.vocabulary import agency_for_person, agency_name

CONSENT_HINT = "You can say no. You can change your mind at any time: tell your worker."


@dataclass(frozen=True, slots=True)
class ConsentQuestion:
    """One question to the person: may this answer go to this agency?"""

    id: str  # '<field>__share_<agency>': '__' keeps it apart from the form's own ids in practice
    field: Field
    agency: str

    @property
    def label(self) -> str:
        return f"Can we share your answer to \u201c{self.field.label}\u201d with {agency_for_person(self.agency)}?"

    @property
    def hint(self) -> str:
        return CONSENT_HINT

    @property
    def agency_name(self) -> str:
        return agency_name(self.agency)


def consent_questions(field: Field) -> tuple[ConsentQuestion, ...]:
    """The consent questions that follow FIELD (none when no sharing waits on the person)."""
    if not field.records:
        return ()
    return tuple(ConsentQuestion(f"{field.id}__share_{agency}", field, agency) for agency in field.consent_agencies)


def all_consent_questions(form: Form) -> Iterator[ConsentQuestion]:
    for placed in form.walk():
        yield from consent_questions(placed.field)


def sharing_basis(field: Field, agency: str) -> str:
    """'consent' when the person decides; else the field's lawful basis ('' when it states none)."""
    return "consent" if agency in field.consent_agencies else (field.lawful_basis or "")
