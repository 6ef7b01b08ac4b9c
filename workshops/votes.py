"""The vote path (`service.vote`), kept short because a whole room votes at once (issue 9: the vote path).

A vote from a participant's token in a named or pseudonymous workshop is checked with one read
(token, workshop, proposal, and whether a current vote exists) and written with at most four
statements prepared once at import (retire the old vote if any, add the new one, log it, bump the
change counter), on the session's
connection: no ORM objects, no unit of work, no SQL built per vote. The refusals and their order
are exactly `service.cast`'s. Everything rarer goes through `service.cast` as before: secret
ballots (the box is rewritten, docs/secret-ballots.md), dots (the budget needs a sum over the
person's other votes) and every refusal that has to name the workshop's details.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops import access
from workshops.access import refuse
from workshops.schema import ChangeCounter, EventLog, Participant, Proposal, Vote, Workshop

_P, _W, _PR, _V = Participant.__table__.c, Workshop.__table__.c, Proposal.__table__.c, Vote.__table__.c
# Who votes, in which workshop, on which proposal: one read. The proposal is outer-joined, so a number
# that is no proposal still finds the person (and is refused like service.proposal_in refuses it).
_CURRENT = (select(_V.id).where(_V.proposal_id == bindparam("proposal"), _V.participant_id == _P.id, _V.is_current)
            .exists())
_READ = (select(_P.id, _P.workshop_id, _P.constituency, _W.status, _W.anonymity, _W.method,
                _PR.workshop_id.label("proposal_workshop"), _PR.status.label("proposal_status"),
                _PR.method.label("proposal_method"), _CURRENT.label("voted"))
         .select_from(Participant.__table__.join(Workshop.__table__, _W.id == _P.workshop_id)
                      .outerjoin(Proposal.__table__, _PR.id == bindparam("proposal")))
         .where(_P.token_hash == bindparam("token")))
# The old vote stays as history; the unique index allows one current row per person.
_RETIRE = (update(Vote.__table__).where(_V.proposal_id == bindparam("proposal"),
                                        _V.participant_id == bindparam("person"), _V.is_current)
           .values(is_current=False))
_ADD = insert(Vote.__table__)
_LOG = insert(EventLog.__table__)
_BUMP = (update(ChangeCounter.__table__).where(ChangeCounter.__table__.c.workshop_id == bindparam("workshop"))
         .values(value=ChangeCounter.__table__.c.value + 1))


def vote(session: Session, token: str, proposal_id: int | str, choice: str, reason: str | None = None
         ) -> dict[str, object]:
    """Cast or change this person's vote (see `service.vote`)."""
    from workshops import service

    try:
        number = int(proposal_id)
    except (TypeError, ValueError):
        number = -1
    connection = session.connection()
    row = connection.execute(_READ, {"token": access.digest(token), "proposal": number}).first()
    if row is None:
        raise refuse(Code.WORKSHOP_BAD_TOKEN, "TOKEN")
    method = row.proposal_method or row.method
    if (row.anonymity == "secret" or method == "dots" or row.constituency in service.SIGNAL_ONLY
            or row.status == "closed" or row.proposal_workshop != row.workshop_id or row.proposal_status != "open"):
        # Rare cases and refusals: the general path, with the objects it needs (and its exact messages).
        person = session.get(Participant, row.id)
        return service.cast(session, session.get(Workshop, row.workshop_id), person, proposal_id, choice, reason)
    choices = service.METHODS[method]
    if choice not in choices:
        raise refuse(Code.VOTE_BAD_CHOICE, "CHOICE", choice=choice, method=method, choices=", ".join(choices))
    reason = (reason or "").strip() or None
    if choice == "object" and not reason:
        raise refuse(Code.VOTE_REASON_NEEDED, "--reason")
    # A first vote (the usual case) has nothing to retire: one statement fewer.
    replaced = bool(row.voted) and bool(connection.execute(_RETIRE, {"proposal": number, "person": row.id}).rowcount)
    connection.execute(_ADD, {"proposal_id": number, "participant_id": row.id, "constituency": row.constituency,
                              "choice": choice, "dots": 0, "reason": reason, "assisted": False})
    connection.execute(_LOG, {"workshop_id": row.workshop_id, "actor": f"participant:{row.id}", "action": "voted",
                              "payload_json": json.dumps({"proposal": number, "assisted": False})})
    connection.execute(_BUMP, {"workshop": row.workshop_id})
    return {"proposal": number, "choice": choice, "dots": 0, "replaced": replaced, "secret": False}
