"""Secret ballots whose storage says nothing about who cast which one (docs/secret-ballots.md).

A secret vote writes its receipt (that this person voted) and then rewrites the proposal's whole
ballot box in one transaction: every ballot is read, deleted and inserted again, together with the
new one, in an order drawn from `RANDOM` after a canonical sort. Ballots carry no time of their own
(`cast_at` is the workshop's creation time for all of them), so row ids, physical positions and,
on PostgreSQL, the transaction id (xmin) of every ballot are those of the latest vote, in an order
unrelated to the order of the receipts. SQLite zeroes what is deleted (`secure_delete`, set in
workshops.db) and, after each secret vote commits, the WAL is checkpointed and truncated, so older
states of the box do not stay in the files to be compared.
"""

from __future__ import annotations

import random
import secrets
from functools import partial

from sqlalchemy import delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops.db import checkpoint, vacuum
from workshops.errors import refuse
from workshops.schema import BallotReceipt, Participant, Proposal, Vote, Workshop

# The order of a rewritten box. Tests inject a seeded random.Random to check that the stored order
# is this generator's draw and nothing else.
RANDOM: random.Random = secrets.SystemRandom()

_NOT_COPIED = ("id",)
VOTE_CHECKPOINT_WAIT_MS = 250  # a fresh id for every re-inserted ballot, in the new (random) order


def cast_secret(session: Session, workshop: Workshop, person: Participant, proposal: Proposal, choice: str,
                dots: int, reason: str | None, assisted: bool) -> None:
    """Write PERSON's receipt and the proposal's ballot box again, with their ballot in it, in a random order."""
    # PostgreSQL: two secret votes on one proposal must not both rewrite the box they read (each would
    # copy the other's old ballots). SQLite writers are already one at a time (BEGIN IMMEDIATE).
    session.execute(select(Proposal.id).where(Proposal.id == proposal.id).with_for_update())
    if session.get(BallotReceipt, (proposal.id, person.id)) is not None:
        raise refuse(Code.VOTE_SECRET_DUPLICATE, "PROPOSAL_ID", proposal=proposal.id)
    session.add(BallotReceipt(proposal_id=proposal.id, participant_id=person.id))
    table = Vote.__table__
    in_box = (table.c.proposal_id == proposal.id) & table.c.participant_id.is_(None)
    # Every column is copied (a later migration's too), except the id, which the new order gives.
    box = [{k: v for k, v in row._mapping.items() if k not in _NOT_COPIED}
           for row in session.execute(select(table).where(in_box))]
    new = {"proposal_id": proposal.id, "participant_id": None, "constituency": person.constituency,
           "choice": choice, "dots": dots, "reason": (reason or "").strip() or None, "assisted": assisted,
           "is_current": True}
    # Every other column as the stored ballots have it (their defaults, e.g. revision 0005's `counted`): a
    # ballot with fewer keys would sort apart from the rest and so betray which one is the newest.
    for column in table.columns:
        if column.name not in new and column.name not in _NOT_COPIED and getattr(column.default, "is_scalar", False):
            new[column.name] = column.default.arg
    box.append(new)
    session.execute(delete(table).where(in_box))
    for ballot in _shuffled(box, workshop):  # inserted in this order: ids and positions follow it
        session.add(Vote(**ballot))
    session.flush()
    # A short wait: in a burst of votes the last one's checkpoint empties the WAL; the round's close
    # waits as long as it takes.
    after_commit(session, partial(checkpoint, wait_ms=VOTE_CHECKPOINT_WAIT_MS))


def _shuffled(box: list[dict[str, object]], workshop: Workshop) -> list[dict[str, object]]:
    """The box in RANDOM's order. Sorting first makes the input to the shuffle the same whatever order the
    votes came in, so the stored order depends on the generator alone (tested with a seeded one)."""
    for ballot in box:
        ballot["cast_at"] = workshop.created_at  # one time for all: a ballot's own time would order it
    ordered = sorted(box, key=lambda b: tuple(sorted((k, repr(v)) for k, v in b.items())))
    RANDOM.shuffle(ordered)
    return ordered


def after_commit(session: Session, action) -> None:
    """Run ACTION(engine) once this session's transaction has committed (never inside it: a checkpoint
    or VACUUM cannot run in a transaction). Best effort: it never undoes or fails what was committed."""
    engine: Engine = session.get_bind()

    def run(_session: Session) -> None:
        try:
            action(engine)
        except Exception:  # the clean-up is best effort: the commit already happened and stands
            return

    event.listen(session, "after_commit", run, once=True)


def round_closed(session: Session) -> None:
    """When a round closes: PostgreSQL drops the dead rows of earlier ballot boxes (VACUUM), SQLite
    truncates its WAL, so what a later copy of the database holds is the final box alone."""
    after_commit(session, vacuum)
    after_commit(session, checkpoint)
