"""Rival proposals (docs/codesign.md decision 7), as pure functions: grouped by field, decided together.

Two live proposals that change the same field are rivals: only one of them can shape it. A
proposal is live while it is open, or accepted and not yet published (its change is not in the
form yet). Rivals are grouped by the fields they share, shown side by side with their tallies,
and the workshop's rule picks among the open ones (`voting.pick_winner`): the passed one with
most support. An amendment whose parent was accepted is never superseded with the other rivals:
it is flagged for the facilitator to decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from forms.codesign_words import RULE_WORDS
from workshops.voting import Tally, pick_winner


@dataclass(frozen=True, slots=True)
class Listed:
    """What grouping needs of a proposal: its number, status, parent, the fields it changes, and
    whether it is live (open, or accepted and waiting to be published)."""

    id: int
    status: str
    parent: int | None
    fields: tuple[str, ...]
    live: bool


@dataclass(frozen=True, slots=True)
class Rivals:
    """Proposals competing for the same FIELDS, in order. ACCEPTED: the member already accepted (its
    field is taken); WINNER: the rule's pick among the open members (None while none passes)."""

    fields: tuple[str, ...]
    proposals: tuple[int, ...]
    accepted: int | None
    winner: int | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"fields": list(self.fields), "proposals": list(self.proposals), "accepted": self.accepted,
                "winner": self.winner, "reason": self.reason}


def _names(fields: Sequence[str]) -> str:
    quoted = [f"'{f}'" for f in fields]
    if len(quoted) == 1:
        return f"the field {quoted[0]}"
    return "the fields " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def _proposals(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    return "proposals " + (", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0])


def groups(listed: Sequence[Listed], tallies: Mapping[int, Tally] | None, rule: str) -> list[Rivals]:
    """The rival groups among LISTED: for every field two or more live proposals change (at least one of
    them open, or there is nothing left to decide), one group; fields shared by exactly the same
    proposals make one group. TALLIES (None when results are hidden) let the rule pick a winner."""
    live = [p for p in listed if p.live]
    by_field: dict[str, list[int]] = {}
    for proposal in live:
        for field_id in proposal.fields:
            by_field.setdefault(field_id, []).append(proposal.id)
    status = {p.id: p.status for p in live}
    members: dict[tuple[int, ...], list[str]] = {}
    for field_id in sorted(by_field):
        ids = tuple(sorted(by_field[field_id]))
        if len(ids) > 1 and any(status[i] == "open" for i in ids):
            members.setdefault(ids, []).append(field_id)
    out = []
    for ids, fields in members.items():
        accepted = next((i for i in ids if status[i] == "accepted"), None)
        out.append(_decided(ids, tuple(fields), accepted, [i for i in ids if status[i] == "open"], tallies, rule))
    return sorted(out, key=lambda g: g.proposals)


def _decided(ids: tuple[int, ...], fields: tuple[str, ...], accepted: int | None, open_ids: list[int],
             tallies: Mapping[int, Tally] | None, rule: str) -> Rivals:
    what = f"{_proposals(ids).capitalize()} {'both' if len(ids) == 2 else 'all'} change {_names(fields)}"
    if accepted is not None:
        return Rivals(fields, ids, accepted, None, f"{what}. Proposal {accepted} is accepted: the facilitator "
                      f"decides the open {'ones' if len(open_ids) > 1 else 'one'} ({', '.join(map(str, open_ids))}).")
    if tallies is None:
        return Rivals(fields, ids, None, None, f"{what}: the {RULE_WORDS.get(rule, rule)} rule picks one of them "
                      "when the votes are in.")
    winner = pick([tallies[i] for i in open_ids])
    if winner is None:
        return Rivals(fields, ids, None, None, f"{what}; none of them passes yet under the "
                      f"{RULE_WORDS.get(rule, rule)} rule.")
    return Rivals(fields, ids, None, winner, f"{what}. Under the {RULE_WORDS.get(rule, rule)} rule proposal "
                  f"{winner} is the one to accept: it passes with the most support.")


def pick(tallies: Sequence[Tally]) -> int | None:
    """The rule's pick among open rivals (`voting.pick_winner`), as a proposal number."""
    winner = pick_winner(tallies)
    return None if winner is None else int(winner.proposal)


def support(t: Tally) -> str:
    """A tally's support in words, as the rule weighs it among rivals: '3 for, 1 against' or '7 dots'."""
    if t.method == "dots":
        return f"{t.overall.get('dots', 0)} dots"
    against = -t.score[1]
    return f"{t.score[0] + against} for, {against} against"


def flagged(listed: Sequence[Listed]) -> dict[int, int]:
    """Open amendments whose parent is accepted, as {amendment: parent}: the facilitator decides each."""
    status = {p.id: p.status for p in listed}
    return {p.id: p.parent for p in listed
            if p.status == "open" and p.parent is not None and status.get(p.parent) == "accepted"}


def clashing(mine: Mapping[str, object], theirs: Mapping[str, object], shared: Sequence[str]) -> list[str]:
    """The SHARED fields two proposals leave differently (MINE and THEIRS: each proposal's fields by id, as
    `form_items.fields_of` reads them). Two rivals making the very same change do not conflict."""
    return [f for f in sorted(shared) if mine.get(f) != theirs.get(f)]
