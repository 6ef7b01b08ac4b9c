"""Applying accepted proposals to make the next version, as pure functions (docs/codesign.md decision 7).

A proposal is a whole proposed form; what it changes is read against its own base. One proposal
on the current version is taken as written. Otherwise each proposal is re-applied in turn to the
version made so far by a three-way merge over the form's data (base = the version the proposal
was made on, ours = the version so far, theirs = the proposal): the form's own details, each
section (its title and intro, its being there, the order of sections), each field (each of its
keys, where it sits, the order of fields) are items, and an item changed on one side only takes
that side's value. Only an item changed differently on both sides is a conflict, reported with
both values rather than guessed at. Changes are written with the round-trip editor, so the
comments and key order of the version so far survive (`workshops.rebase` does the item work).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from forms.editing import EditError, Editor
from workshops.form_items import fields_of, plain_data, touched
from workshops.rebase import rebase


@dataclass(frozen=True, slots=True)
class Accepted:
    """An accepted proposal: its id, the text of the version it was made against, and its text."""

    id: int
    base_text: str
    text: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """One item changed differently on both sides: by proposal `first` (None when the change is already
    in the current version, published after proposal `second` was made) and by proposal `second`,
    with each side's value in words."""

    first: int | None
    second: int
    what: str
    first_value: str = ""
    second_value: str = ""


@dataclass(frozen=True, slots=True)
class Merged:
    """The next version's text (None when there are conflicts) and the fields each proposal shaped."""

    text: str | None
    conflicts: tuple[Conflict, ...] = ()
    shaped: Mapping[int, tuple[str, ...]] = None  # type: ignore[assignment]


def with_version(text: str, version: int) -> str:
    editor = Editor(text)
    editor.data["version"] = version
    return editor.text


def merge(current_text: str, accepted: Sequence[Accepted], version: int) -> Merged:
    """The next version made from the current text and the accepted proposals, or the conflicts."""

    if len(accepted) == 1 and accepted[0].base_text == current_text:
        only = accepted[0]
        shaped = touched(fields_of(plain_data(only.base_text)), fields_of(plain_data(only.text)))
        return Merged(with_version(only.text, version), (), {only.id: tuple(shaped)})
    text = current_text
    owner: dict[tuple[str, str], int] = {}  # item → the proposal in this merge that last changed it
    conflicts: list[Conflict] = []
    shaped: dict[int, tuple[str, ...]] = {}
    for proposal in accepted:
        base, theirs = plain_data(proposal.base_text), plain_data(proposal.text)
        try:
            result = rebase(text, base, theirs)
        except EditError as exc:  # not expected for valid proposals; still never a traceback
            conflicts.append(Conflict(None, proposal.id, "the form", "the version so far",
                                      f"a change that cannot be applied ({exc})"))
            continue
        if result.clashes:
            conflicts.extend(Conflict(owner.get(c.item), proposal.id, c.what, c.ours, c.theirs)
                             for c in result.clashes)
            continue
        text = result.text
        owner.update(dict.fromkeys(result.changed, proposal.id))
        shaped[proposal.id] = tuple(touched(fields_of(base), fields_of(theirs)))
    if conflicts:
        return Merged(None, tuple(conflicts), {})
    return Merged(with_version(text, version), (), shaped)
