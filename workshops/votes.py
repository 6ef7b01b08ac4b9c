"""Casting a vote (`service.vote`, the same function): a short path for the common case, because a whole
room votes at once (issue 9: the vote path), and `cast` for everything else.

A vote from a participant's token in a named or pseudonymous workshop is checked with one read
(token, workshop, proposal, and whether a current vote exists) and written with at most four
statements prepared once at import (retire the old vote if any, add the new one, log it, bump the
change counter), on the session's
connection: no ORM objects, no unit of work, no SQL built per vote. The refusals and their order
are exactly `cast`'s, and both take the rules of what a vote may be from `workshops.voting`.
Everything rarer goes through `cast`: secret ballots (the box is rewritten,
docs/secret-ballots.md), dots (the budget needs a sum over the person's other votes), assisted
votes and every refusal that has to name the workshop's details.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops import access
from workshops.ballots import cast_secret
from workshops.db import ALONE
from workshops.errors import refuse
from workshops.queries import log_event, method_of, proposal_in, require_open
from workshops.schema import ChangeCounter, EventLog, Participant, Proposal, Vote, Workshop
from workshops.voting import SIGNAL_ONLY, check_choice, check_dots, check_voter, choice_allowed

_P, _W, _PR, _V = Participant.__table__.c, Workshop.__table__.c, Proposal.__table__.c, Vote.__table__.c
# Who votes, in which workshop, on which proposal: one read. The proposal is outer-joined, so a number
# that is no proposal still finds the person (and is refused like queries.proposal_in refuses it).
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
         .values(value=ChangeCounter.__table__.c.value + bindparam("by")))
# A batch's one read: every (person, proposal) pair the batch names (a few dozen rows: one round trip
# to PostgreSQL rather than three), with whether that person has a current vote on that proposal.
_PAIRS = (select(_P.token_hash, _P.id, _P.workshop_id, _P.constituency, _W.status, _W.anonymity, _W.method,
                 _PR.id.label("proposal"), _PR.workshop_id.label("proposal_workshop"),
                 _PR.status.label("proposal_status"), _PR.method.label("proposal_method"),
                 _V.id.label("current"))
          .select_from(Participant.__table__.join(Workshop.__table__, _W.id == _P.workshop_id)
                       .join(Proposal.__table__, _PR.id.in_(bindparam("proposals", expanding=True)))
                       .outerjoin(Vote.__table__, (_V.participant_id == _P.id) & (_V.proposal_id == _PR.id)
                                  & _V.is_current))
          .where(_P.token_hash.in_(bindparam("tokens", expanding=True))))


def vote(session: Session, token: str, proposal_id: int | str, choice: str, reason: str | None = None
         ) -> dict[str, object]:
    """Cast or change this person's vote. Secret ballots hold no person and cannot be changed.
    The common case is written here directly; the rest goes to `cast`."""
    try:
        number = int(proposal_id)
    except (TypeError, ValueError):
        number = -1
    connection = session.connection()
    row = connection.execute(_READ, {"token": access.digest(token), "proposal": number}).first()
    if row is None:
        raise refuse(Code.WORKSHOP_BAD_TOKEN, "TOKEN")
    method = row.proposal_method or row.method
    if (row.anonymity == "secret" or method == "dots" or row.constituency in SIGNAL_ONLY
            or row.status == "closed" or row.proposal_workshop != row.workshop_id or row.proposal_status != "open"):
        # Rare cases and refusals: the general path, with the objects it needs (and its exact messages).
        person = session.get(Participant, row.id)
        return cast(session, session.get(Workshop, row.workshop_id), person, proposal_id, choice, reason)
    reason = (reason or "").strip() or None
    check_choice(method, choice, reason)
    # A first vote (the usual case) has nothing to retire: one statement fewer.
    replaced = bool(row.voted) and bool(connection.execute(_RETIRE, {"proposal": number, "person": row.id}).rowcount)
    connection.execute(_ADD, {"proposal_id": number, "participant_id": row.id, "constituency": row.constituency,
                              "choice": choice, "dots": 0, "reason": reason, "assisted": False})
    connection.execute(_LOG, {"workshop_id": row.workshop_id, "actor": f"participant:{row.id}", "action": "voted",
                              "payload_json": json.dumps({"proposal": number, "assisted": False})})
    connection.execute(_BUMP, {"workshop": row.workshop_id, "by": 1})
    return {"proposal": number, "choice": choice, "dots": 0, "replaced": replaced, "secret": False}


def cast(session: Session, workshop: Workshop, person: Participant, proposal_id: int | str, choice: str,
         reason: str | None = None, *, assisted: bool = False) -> dict[str, object]:
    """Record a vote for a person already checked to belong to the workshop (by token or facilitator key)."""
    check_voter(person.constituency, "PARTICIPANT_ID" if assisted else "TOKEN")
    require_open(workshop)
    proposal = proposal_in(session, workshop, proposal_id)
    if proposal.status != "open":
        raise refuse(Code.VOTE_CLOSED, "PROPOSAL_ID", proposal=proposal.id, status=proposal.status)
    method = method_of(workshop, proposal.method)
    choice, dots = check_choice(method, choice, reason)
    if method == "dots":
        check_dots(dots, _dots_elsewhere(session, workshop, person, proposal), workshop.dots_budget)
    if workshop.anonymity == "secret":
        # The whole box is rewritten in a random order (docs/secret-ballots.md). The log names neither
        # the voter nor whether they were helped: its order is the receipts' order, so an "assisted"
        # there would point at the one assisted ballot.
        cast_secret(session, workshop, person, proposal, choice, dots, reason, assisted)
        log_event(session, workshop.id, "secret", "voted", proposal=proposal.id)
        return {"proposal": proposal.id, "choice": choice, "dots": dots, "replaced": False, "secret": True}
    # The old vote stays as history; the unique index allows one current row per person.
    replaced = bool(session.execute(
        update(Vote).where(Vote.proposal_id == proposal.id, Vote.participant_id == person.id, Vote.is_current)
        .values(is_current=False)).rowcount)
    session.flush()
    session.add(Vote(proposal_id=proposal.id, participant_id=person.id,
                     constituency=person.constituency, choice=choice, dots=dots,
                     reason=(reason or "").strip() or None, assisted=assisted))
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "voted", proposal=proposal.id, assisted=assisted)
    return {"proposal": proposal.id, "choice": choice, "dots": dots, "replaced": replaced, "secret": False}


def _dots_elsewhere(session: Session, workshop: Workshop, person: Participant, proposal: Proposal) -> int:
    """The dots PERSON gives, in their current votes, to the workshop's other proposals."""
    return session.scalar(select(func.coalesce(func.sum(Vote.dots), 0)).join(Proposal)
                          .where(Proposal.workshop_id == workshop.id, Vote.participant_id == person.id,
                                 Vote.is_current, Vote.proposal_id != proposal.id)) or 0


def _parsed(args: tuple, kwargs: dict) -> tuple[str, int, str, str | None] | None:
    """(token, proposal number, choice, reason) of a `vote` call, or None for a call of another shape."""
    if set(kwargs) - {"reason"} or not 3 <= len(args) <= 4 or (len(args) == 4 and "reason" in kwargs):
        return None
    token, proposal_id, choice = args[:3]
    reason = args[3] if len(args) == 4 else kwargs.get("reason")
    try:
        number = int(proposal_id)
    except (TypeError, ValueError):
        return None
    if not isinstance(token, str) or not isinstance(choice, str) or not (reason is None or isinstance(reason, str)):
        return None
    return token, number, choice, (reason or "").strip() or None


def vote_batch(session: Session, calls: list[tuple[tuple, dict]]) -> list[object]:
    """Many people's `vote` calls written in one transaction (`Store.run` groups the calls made at the same
    moment): one read for the whole batch, then one statement of each kind for all its votes. A call
    is written here only when `vote` would write it plainly and the same person's vote on the same
    proposal is not already in this batch; every other call is answered ALONE and `vote` runs it (and
    refuses it, or writes a secret ballot) on its own, after this batch is committed."""
    parsed = [_parsed(args, kwargs) for args, kwargs in calls]
    wanted = [p for p in parsed if p is not None]
    if not wanted:
        return [ALONE] * len(calls)
    connection = session.connection()
    pairs = {(row.token_hash, row.proposal): row for row in connection.execute(
        _PAIRS, {"tokens": sorted({access.digest(p[0]) for p in wanted}),
                 "proposals": sorted({p[1] for p in wanted})})}
    results: list[object] = []
    seen: set[tuple[int, int]] = set()
    retire, add, log, bump = [], [], [], {}
    for call in parsed:
        row = pairs.get((access.digest(call[0]), call[1])) if call else None
        if call is None or row is None:  # no such person or proposal: `vote` refuses it
            results.append(ALONE)
            continue
        _token, number, choice, reason = call
        method = row.proposal_method or row.method
        if (row.anonymity == "secret" or method == "dots" or row.constituency in SIGNAL_ONLY
                or row.status == "closed" or row.proposal_workshop != row.workshop_id
                or row.proposal_status != "open" or not choice_allowed(method, choice, reason)
                or (number, row.id) in seen):
            results.append(ALONE)
            continue
        person = row
        seen.add((number, person.id))
        replaced = row.current is not None
        if replaced:
            retire.append({"proposal": number, "person": person.id})
        add.append({"proposal_id": number, "participant_id": person.id, "constituency": person.constituency,
                    "choice": choice, "dots": 0, "reason": reason, "assisted": False})
        log.append({"workshop_id": person.workshop_id, "actor": f"participant:{person.id}", "action": "voted",
                    "payload_json": json.dumps({"proposal": number, "assisted": False})})
        bump[person.workshop_id] = bump.get(person.workshop_id, 0) + 1
        results.append({"proposal": number, "choice": choice, "dots": 0, "replaced": replaced, "secret": False})
    if add:
        if retire:
            connection.execute(_RETIRE, retire)
        connection.execute(_ADD, add)
        connection.execute(_LOG, log)
        connection.execute(_BUMP, [{"workshop": w, "by": n} for w, n in sorted(bump.items())])
    return results


vote.batched = vote_batch  # type: ignore[attr-defined]  # Store.run writes votes cast at the same moment together
