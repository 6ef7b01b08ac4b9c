"""Every workshop operation, as a function of a session and a credential (run through `Store.run`).

Each function checks its credential first (a facilitator key or a participant token), acts only
within that credential's workshop, writes everything it changes in the caller's one transaction,
bumps the workshop's change counter (what other screens poll) and returns plain JSON-ready data.
Refusals raise `WorkshopError` with catalog issues; nothing half-done is ever committed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from forms.errors import Code, Issue
from workshops import access
from workshops.access import WorkshopError, refuse
from workshops.ballots import cast_secret, round_closed
from workshops.publishing import recover, stage
from workshops.schema import (
    ChangeCounter,
    Decision,
    EventLog,
    FieldProvenance,
    FormVersion,
    Participant,
    Proposal,
    Vote,
    Workshop,
)
from workshops.voting import CONSTITUENCIES, METHODS, RULES, Ballot, Tally, fold_small_groups, shortfall, tally

# Reading forms (forms.loader), diffing them (forms.diff, which brings networkx) and merging proposals
# are imported inside the functions that do them: a vote or a results command run as its own
# process does none of them, and a room of phones should not pay for them on every command.
if TYPE_CHECKING:
    from forms.loader import LoadResult
    from workshops.proposals import Conflict

ANONYMITY = ("named", "pseudonymous", "secret")
MAX_RATIONALE = 4000  # characters: the studio's box holds this much; the command line is cut to it too
# Decision 10: vendors and managers give signals (shown beside the tally), never counted votes, so a
# vendor cannot outvote people with lived experience. Business support staff and "other" work with
# people and forms day to day, and docs/codesign.md (decision 10) gives them no signal of their own: they vote.
SIGNAL_ONLY = {"vendor": "Mark the proposal's feasibility (feasibility easy, needs_work or not_possible)",
               "manager": "Flag a legal or policy concern (legal concern or no_concern)"}


# --- shared steps ---------------------------------------------------------------------------
def log_event(session: Session, workshop_id: int, actor: str, action: str, **payload: object) -> None:
    session.add(EventLog(workshop_id=workshop_id, actor=actor, action=action, payload_json=json.dumps(payload)))
    session.execute(update(ChangeCounter).where(ChangeCounter.workshop_id == workshop_id)
                    .values(value=ChangeCounter.value + 1))


def _load_form(text: str, path: str) -> LoadResult:
    from forms.loader import load_text

    result = load_text(text, path, lint=False)
    if result.errors:
        raise WorkshopError(*result.errors)
    return result


def _latest(session: Session, form_id: str) -> FormVersion:
    return session.scalars(select(FormVersion).where(FormVersion.form_id == form_id)
                           .order_by(FormVersion.version.desc()).limit(1)).one()


def proposal_in(session: Session, workshop: Workshop, proposal_id: int | str) -> Proposal:
    """The proposal, only if it belongs to this workshop (others are not even said to exist)."""
    try:
        number = int(proposal_id)
    except (TypeError, ValueError):
        number = -1
    found = session.get(Proposal, number)
    if found is None or found.workshop_id != workshop.id:
        raise refuse(Code.WORKSHOP_NO_PROPOSAL, "PROPOSAL_ID", proposal=proposal_id)
    return found


def require_open(workshop: Workshop) -> None:
    if workshop.status == "closed":
        raise refuse(Code.WORKSHOP_CLOSED, "TOKEN", title=workshop.title)


def close_workshop(session: Session, workshop: Workshop) -> None:
    """Close: nothing more can be proposed or voted on, and everyone sees the results."""
    workshop.status = "closed"
    log_event(session, workshop.id, "facilitator", "status", status="closed", method=workshop.method)
    if workshop.anonymity == "secret":
        round_closed(session)  # earlier states of the ballot boxes leave the database (docs/secret-ballots.md)


def counter(session: Session, workshop_id: int) -> int:
    """The workshop's change counter: cheap to poll, moves on every write."""
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.workshop_id == workshop_id)) or 0


# --- facilitator: create --------------------------------------------------------------------
def create_workshop(session: Session, title: str, form_text: str, path: str = "<form>", *, method: str = "support",
                    rule: str = "majority", secret: bool = False, quorum: int = 3,
                    results_visibility: str = "after_close", owner: str | None = None,
                    anonymity: str | None = None) -> dict[str, object]:
    """A new workshop on a form; the key and code are returned once and stored as a hash / code.
    OWNER (`access.account(...)` of a signed-in facilitator) may then act on it without the key.
    ANONYMITY is one of ANONYMITY (CODESIGN decision 5); `secret=True` is short for "secret"."""
    if method not in METHODS or rule not in RULES:
        raise ValueError(f"unknown method {method!r} or rule {rule!r}")
    anonymity = anonymity or ("secret" if secret else "named")
    if anonymity not in ANONYMITY or (secret and anonymity != "secret"):
        raise ValueError(f"unknown or contradictory anonymity {anonymity!r} (secret={secret})")
    secret = anonymity == "secret"
    if secret and method == "dots":
        raise refuse(Code.WORKSHOP_SECRET_DOTS, "--secret")
    form = _load_form(form_text, path).form
    if form is None:
        raise refuse(Code.WORKSHOP_BAD_FORM, path, problem="it is a workflow; workshops change forms")
    digest = access.digest(form_text)
    version = session.scalar(select(FormVersion).where(FormVersion.form_id == form.id,
                                                       FormVersion.version == form.version))
    if version is None:
        version = FormVersion(form_id=form.id, version=form.version, yaml_text=form_text, sha256=digest,
                              status=form.status or "published", changelog="")
        session.add(version)
        session.flush()
    elif version.sha256 != digest:
        raise refuse(Code.WORKSHOP_BAD_FORM, path, problem=f"version {form.version} of '{form.id}' is already "
                     "stored with different content; give it a new version number")
    key = access.new_facilitator_key()
    workshop = Workshop(title=title.strip()[:200] or form.title, base_form_version_id=version.id,
                        join_code=access.new_join_code(), facilitator_key_hash=access.digest(key),
                        anonymity=anonymity, method=method, rule=rule, quorum=max(1, quorum),
                        results_visibility=results_visibility, owner=owner or None)
    session.add(workshop)
    session.flush()
    session.add(ChangeCounter(workshop_id=workshop.id, value=0))
    log_event(session, workshop.id, "facilitator", "created", form=form.id, version=form.version)
    return {"workshop": workshop.id, "join_code": access.show_join_code(workshop.join_code),
            "facilitator_key": key}


def workshops_of(session: Session, owner: str) -> list[dict[str, object]]:
    """A signed-in facilitator's own workshops, newest first (none for an empty identity)."""
    if not owner:
        return []
    found = session.scalars(select(Workshop).where(Workshop.owner == owner)
                            .order_by(Workshop.created_at.desc(), Workshop.id.desc()))
    return [{"workshop": w.id, "title": w.title, "status": w.status, "created": w.created_at.isoformat(),
             "join_code": access.show_join_code(w.join_code)} for w in found]


# --- participants: join, propose, vote ------------------------------------------------------
def join(session: Session, join_code: str, constituency: str, name: str = "", *, client: str = "local",
         attribution: str = "anonymous") -> dict[str, object]:
    """Join with the code and a constituency, no account: the token is returned once."""
    if constituency not in CONSTITUENCIES:
        raise ValueError(f"unknown constituency {constituency!r}")
    workshop = access.workshop_by_code(session, join_code, client)
    token = access.new_participant_token()
    person = Participant(workshop_id=workshop.id, display_name=name.strip()[:100], constituency=constituency,
                         token_hash=access.digest(token), attribution=attribution)
    session.add(person)
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "joined", constituency=constituency)
    return {"participant": person.id, "workshop": workshop.id, "token": token}


def propose(session: Session, token: str, yaml_text: str, path: str = "<proposal>", rationale: str = "", *,
            parent: int | None = None, base_version: int | None = None) -> dict[str, object]:
    """A proposed version of the workshop's form, validated, with its changes in plain English.

    BASE_VERSION is the version the text was started from (default: the newest). A draft begun
    before a publish keeps its true base, so publishing re-applies only what the person changed
    and never reads the newer version's changes as their undoing.
    """
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    require_open(workshop)
    base_form_id = session.get(FormVersion, workshop.base_form_version_id).form_id
    base = _latest(session, base_form_id) if base_version is None else session.scalar(
        select(FormVersion).where(FormVersion.form_id == base_form_id, FormVersion.version == base_version))
    if base is None:
        raise refuse(Code.WORKSHOP_BAD_FORM, path, problem=f"version {base_version} of '{base_form_id}' is not stored")
    new = _load_form(yaml_text, path).form
    if new is None or new.id != base_form_id:
        found = f"the form '{new.id}'" if new is not None else "a workflow"
        raise refuse(Code.WORKSHOP_WRONG_FORM, path, found=found, form=base_form_id)
    if parent is not None:
        amended = proposal_in(session, workshop, parent)
        if amended.status != "open":  # an amendment is voted beside its parent, so the parent must be open
            raise refuse(Code.VOTE_CLOSED, "--amends", proposal=amended.id, status=amended.status)
    from forms.diff import diff
    from forms.loader import load_text
    from workshops.form_items import fields_of, plain_data, touched

    old = load_text(base.yaml_text, "<base>", lint=False).form
    result = diff(old, new)
    changes = [c.text for c in result.changes if c.kind != "form_version"]
    fields = touched(fields_of(plain_data(base.yaml_text)), fields_of(plain_data(yaml_text)))
    if not changes:
        raise refuse(Code.WORKSHOP_NO_CHANGE, path)
    proposal = Proposal(workshop_id=workshop.id, author_id=person.id, parent_proposal_id=parent, method=workshop.method,
                        base_version_id=base.id, proposed_yaml=yaml_text, changes_json=json.dumps(changes),
                        rationale=rationale.strip()[:MAX_RATIONALE], touched_fields_json=json.dumps(fields))
    session.add(proposal)
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "proposed", proposal=proposal.id)
    return {"proposal": proposal.id, "changes": changes, "summary": result.summary, "touched_fields": fields}


def vote(session: Session, token: str, proposal_id: int | str, choice: str, reason: str | None = None
         ) -> dict[str, object]:
    """Cast or change this person's vote. Secret ballots hold no person and cannot be changed.
    The common case takes a short path (`workshops.votes`); the rest comes back to `cast`."""
    from workshops.votes import vote as short_path

    return short_path(session, token, proposal_id, choice, reason)


def _votes(session: Session, calls: list[tuple[tuple, dict]]) -> list[object]:
    from workshops.votes import vote_batch

    return vote_batch(session, calls)


vote.batched = _votes  # type: ignore[attr-defined]  # Store.run writes votes cast at the same moment together


def cast(session: Session, workshop: Workshop, person: Participant, proposal_id: int | str, choice: str,
         reason: str | None = None, *, assisted: bool = False) -> dict[str, object]:
    """Record a vote for a person already checked to belong to the workshop (by token or facilitator key)."""
    if person.constituency in SIGNAL_ONLY:
        raise refuse(Code.VOTE_SIGNAL_ONLY, "PARTICIPANT_ID" if assisted else "TOKEN", group=person.constituency,
                     how=SIGNAL_ONLY[person.constituency])
    require_open(workshop)
    proposal = proposal_in(session, workshop, proposal_id)
    if proposal.status != "open":
        raise refuse(Code.VOTE_CLOSED, "PROPOSAL_ID", proposal=proposal.id, status=proposal.status)
    choice, dots = _check_choice(session, workshop, person, proposal, choice, reason)
    secret = workshop.anonymity == "secret"
    if secret:
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


def _check_choice(session: Session, workshop: Workshop, person: Participant, proposal: Proposal, choice: str,
                  reason: str | None) -> tuple[str, int]:
    """The choice as stored and the dots it gives; refusals say which choices the method has."""
    method = method_of(workshop, proposal.method)
    if method == "dots":
        try:
            dots = int(choice)
        except ValueError:
            raise refuse(Code.VOTE_BAD_CHOICE, "CHOICE", choice=choice, method="dots",
                         choices="a whole number of dots") from None
        spent = session.scalar(select(func.coalesce(func.sum(Vote.dots), 0)).join(Proposal)
                               .where(Proposal.workshop_id == workshop.id, Vote.participant_id == person.id,
                                      Vote.is_current, Vote.proposal_id != proposal.id)) or 0
        left = workshop.dots_budget - spent
        if dots < 0 or dots > left:
            why = "dots cannot be negative" if dots < 0 else f"only {left} are left"
            raise refuse(Code.VOTE_BAD_DOTS, "CHOICE", dots=dots, why=why, left=left, budget=workshop.dots_budget)
        return "dots", dots
    choices = METHODS[method]
    if choice not in choices:
        raise refuse(Code.VOTE_BAD_CHOICE, "CHOICE", choice=choice, method=method,
                     choices=", ".join(choices))
    if choice == "object" and not (reason or "").strip():
        raise refuse(Code.VOTE_REASON_NEEDED, "--reason")
    return choice, 0


# --- facilitator: results, decide, publish --------------------------------------------------
# What lists of proposals show: never the proposed YAML, which is read only for the one proposal opened.
SUMMARY_COLUMNS = (Proposal.id, Proposal.status, Proposal.changes_json, Proposal.rationale,
                   Proposal.parent_proposal_id, Proposal.method, Proposal.touched_fields_json)
BALLOT_COLUMNS = (Vote.proposal_id, Vote.constituency, Vote.choice, Vote.dots, Vote.reason, Vote.assisted)
# Which vote rows are ballots: the current ones that count (a vendor's or manager's old vote is kept, not counted).
COUNTED = (Vote.is_current, Vote.counted)


def method_of(workshop: Workshop, proposal_method: str | None) -> str:
    """The method a proposal is voted with: its own (rounds may differ, decision 2), else the workshop's."""
    return proposal_method or workshop.method


def tally_of(session: Session, workshop: Workshop, proposal: Proposal) -> Tally:
    rows = session.execute(select(*BALLOT_COLUMNS).where(Vote.proposal_id == proposal.id, *COUNTED))
    return _tally(workshop, proposal.id, proposal.method, [Ballot(*row[1:]) for row in rows])


def summaries(session: Session, workshop: Workshop) -> list:
    """The workshop's proposals as SUMMARY_COLUMNS rows, in order (what lists and tallies are made from)."""
    return list(session.execute(select(*SUMMARY_COLUMNS).where(Proposal.workshop_id == workshop.id)
                                .order_by(Proposal.id)))


def tallies(session: Session, workshop: Workshop, listed: list) -> dict[int, Tally]:
    """The tallies of the LISTED proposals (summaries rows) from one read of the current votes.

    Tallies are made for exactly the proposals listed: on PostgreSQL each statement sees the
    newest commits, so a proposal made between two reads is simply not in this screen's list yet.
    """
    ballots: dict[int, list[Ballot]] = {row.id: [] for row in listed}
    for row in session.execute(select(*BALLOT_COLUMNS).join(Proposal).where(Proposal.workshop_id == workshop.id,
                                                                             *COUNTED)):
        if row[0] in ballots:
            ballots[row[0]].append(Ballot(*row[1:]))
    return {row.id: _tally(workshop, row.id, row.method, ballots[row.id]) for row in listed}


def rival_groups(session: Session, workshop: Workshop, listed: list, counted: dict[int, Tally] | None
                 ) -> tuple[list[dict[str, object]], dict[int, int]]:
    """The LISTED proposals' rival groups (as dicts; the rule's pick only when COUNTED is given) and the
    open amendments whose parent is accepted ({amendment: parent}), from one more read: which accepted
    proposals are published already (their change is in the form, so they compete with nothing)."""
    from workshops.rivals import Listed, flagged, groups

    published = set(session.scalars(select(Decision.proposal_id).join(Proposal).where(
        Proposal.workshop_id == workshop.id, Decision.result_version_id.is_not(None))))
    rows = [Listed(p.id, p.status, p.parent_proposal_id, tuple(json.loads(p.touched_fields_json)),
                   p.status == "open" or (p.status == "accepted" and p.id not in published)) for p in listed]
    return [g.as_dict() for g in groups(rows, counted, workshop.rule)], flagged(rows)


def _tally(workshop: Workshop, number: int, method: str | None, ballots: list[Ballot]) -> Tally:
    return tally(str(number), ballots, method_of(workshop, method), workshop.rule, workshop.quorum, workshop.quorum)


def results(session: Session, key: str) -> dict[str, object]:
    """Every proposal's tally, by constituency first (the facilitator sees counts before close)."""
    workshop = access.facilitator(session, key)
    listed = summaries(session, workshop)
    counted = tallies(session, workshop, listed)
    secret = workshop.anonymity == "secret"
    rivals, amends_accepted = rival_groups(session, workshop, listed, counted)
    out = []
    for proposal in listed:
        t = counted[proposal.id]
        # In a secret workshop even the facilitator sees small groups folded: a group of one is a name.
        groups = fold_small_groups(t.by_constituency) if secret else {c: dict(v) for c, v in t.by_constituency.items()}
        out.append({"proposal": proposal.id, "status": proposal.status, "overall": dict(t.overall),
                    "by_constituency": groups,
                    "passed": t.passed, "reason": t.folded_reason if secret else t.reason, "ballots": t.ballots,
                    "needed": shortfall(t, workshop.quorum, workshop.quorum, folded=secret),
                    "changes": json.loads(proposal.changes_json), "rationale": proposal.rationale,
                    "parent": proposal.parent_proposal_id, "method": method_of(workshop, proposal.method),
                    "fields": json.loads(proposal.touched_fields_json),
                    "amends_accepted": amends_accepted.get(proposal.id)})
    return {"workshop": workshop.id, "title": workshop.title, "method": workshop.method, "rule": workshop.rule,
            "join_code": access.show_join_code(workshop.join_code), "proposals": out, "rivals": rivals}


def _shown_reason(workshop: Workshop, t: Tally) -> str:
    """The verdict's reason for the facilitator's screen: folded like the table in a secret workshop."""
    return t.folded_reason if workshop.anonymity == "secret" else t.reason


def decide(session: Session, key: str, proposal_id: int | str, outcome: str, statement: str,
           review_on: date | None = None) -> dict[str, object]:
    """Accept or reject with a statement; the record freezes the tally.

    Accepting is refused when a rival (a live proposal changing the same field) is accepted already
    with a different change, or when the workshop's rule picks an open rival over this one. Open
    rivals are superseded once one is accepted, except amendments of the accepted proposal: they
    stay open, flagged, for the facilitator to decide (returned as "to_decide")."""
    if outcome not in ("accept", "reject"):
        raise ValueError(f"unknown outcome {outcome!r}")
    workshop = access.facilitator(session, key)
    proposal = proposal_in(session, workshop, proposal_id)
    if proposal.status != "open":
        raise refuse(Code.VOTE_CLOSED, "PROPOSAL_ID", proposal=proposal.id, status=proposal.status)
    t = tally_of(session, workshop, proposal)
    superseded: list[int] = []
    to_decide: list[int] = []
    if outcome == "accept":
        if not t.passed:
            raise refuse(Code.VOTE_NOT_PASSED, "PROPOSAL_ID", proposal=proposal.id, rule=workshop.rule,
                         reason=_shown_reason(workshop, t))
        for other in _open_rivals(session, workshop, proposal, t):
            if other.parent_proposal_id == proposal.id:
                to_decide.append(other.id)  # an amendment of what was accepted: the facilitator decides it
            else:
                other.status = "superseded"
                superseded.append(other.id)
    proposal.status = "accepted" if outcome == "accept" else "rejected"
    decision = Decision(proposal_id=proposal.id, outcome=proposal.status, rule=workshop.rule,
                        decided_by=access.decider(key),
                        tally_json=json.dumps(t.as_dict()), statement=statement.strip(), review_on=review_on)
    session.add(decision)
    session.flush()
    log_event(session, workshop.id, "facilitator", "decided", proposal=proposal.id, outcome=proposal.status,
              superseded=superseded, to_decide=to_decide)
    return {"decision": decision.id, "proposal": proposal.id, "outcome": proposal.status, "rule": workshop.rule,
            "passed": t.passed, "reason": _shown_reason(workshop, t), "statement": decision.statement,
            "superseded": superseded, "to_decide": to_decide,
            "decided_by": decision.decided_by, "decided_at": decision.decided_at.isoformat(),
            "review_on": review_on.isoformat() if review_on else None}


def _open_rivals(session: Session, workshop: Workshop, proposal: Proposal, t: Tally) -> list[Proposal]:
    """The open rivals of PROPOSAL, once it is checked that accepting it conflicts with no accepted rival
    (WORKSHOP_021) and that the rule picks it among its open rivals (VOTE_011)."""
    from workshops.form_items import fields_of, plain_data
    from workshops.rivals import clashing, pick, support

    mine = set(json.loads(proposal.touched_fields_json))
    others = [(o, sorted(mine & set(json.loads(o.touched_fields_json)))) for o in session.scalars(
        select(Proposal).where(Proposal.workshop_id == workshop.id, Proposal.id != proposal.id,
                               Proposal.status.in_(("open", "accepted"))).order_by(Proposal.id))]
    others = [(o, shared) for o, shared in others if shared]
    my_fields = fields_of(plain_data(proposal.proposed_yaml)) if others else {}
    for other, shared in others:
        if other.status == "accepted" and _unpublished(session, other):
            differ = clashing(my_fields, fields_of(plain_data(other.proposed_yaml)), shared)
            if differ:
                raise refuse(Code.WORKSHOP_RIVAL_ACCEPTED, "PROPOSAL_ID", proposal=proposal.id, accepted=other.id,
                             what=_field_names(differ))
    rivals = [o for o, _shared in others if o.status == "open"]
    if rivals:
        contest = [t] + [tally_of(session, workshop, o) for o in rivals]
        winner = pick(contest)
        if winner is not None and winner != proposal.id:
            won = next(c for c in contest if c.proposal == str(winner))
            shared = next(s for o, s in others if o.id == winner)
            why = f"proposal {winner}: {support(won)}; proposal {proposal.id}: {support(t)}"
            raise refuse(Code.VOTE_NOT_THE_PICK, "PROPOSAL_ID", proposal=proposal.id, winner=winner,
                         what=_field_names(shared), rule=workshop.rule.replace("_", " "), why=why)
    return rivals


def _field_names(fields: list[str]) -> str:
    return (f"the field '{fields[0]}'" if len(fields) == 1
            else "the fields " + ", ".join(f"'{f}'" for f in fields))


def _unpublished(session: Session, proposal: Proposal) -> bool:
    decision = session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    return decision is not None and decision.result_version_id is None


def publish(session: Session, key: str, out_dir: str | Path = "data/published", *,
            close: bool = True) -> dict[str, object]:
    """Apply the accepted proposals to make the next version: validated, recorded with field provenance,
    and written to OUT_DIR all or nothing (a version that fails validation is never published; the file
    appears under its name only once the record is committed). The workshop closes with it unless
    `close` is False: the room's work has become a version, and everyone's screen shows the outcome."""
    workshop = access.facilitator(session, key)
    recover(session, out_dir)  # what a publish killed half-way left in this folder is finished or removed first
    pending = session.execute(select(Proposal, Decision).join(Decision, Decision.proposal_id == Proposal.id)
                              .where(Proposal.workshop_id == workshop.id, Proposal.status == "accepted",
                                     Decision.result_version_id.is_(None)).order_by(Proposal.id)).all()
    if not pending:
        raise refuse(Code.WORKSHOP_NOTHING_TO_PUBLISH, "FACILITATOR_KEY")
    form_id = session.get(FormVersion, workshop.base_form_version_id).form_id
    current = _latest(session, form_id)
    bases = {p.id: session.get(FormVersion, p.base_version_id) for p, _d in pending}
    from forms.diff import diff
    from forms.loader import load_text
    from workshops.proposals import Accepted, merge

    accepted = [Accepted(p.id, bases[p.id].yaml_text, p.proposed_yaml) for p, _d in pending]
    merged = merge(current.yaml_text, accepted, current.version + 1)
    if merged.conflicts:
        raise WorkshopError(*(_conflict(c, bases[c.second].version, current.version) for c in merged.conflicts))
    name = f"{form_id}-v{current.version + 1}.yaml"
    checked = load_text(merged.text, name, lint=False)
    if checked.errors or checked.form is None:
        first = checked.errors[0].sentence() if checked.errors else "it is not a form"
        raise WorkshopError(Code.WORKSHOP_INVALID_VERSION.issue(name, 0, 0, problem=first), *checked.errors)
    changes = diff(load_text(current.yaml_text, "<current>", lint=False).form, checked.form)
    version = FormVersion(form_id=form_id, version=current.version + 1, yaml_text=merged.text,
                          sha256=access.digest(merged.text), parent_id=current.id, status="published",
                          created_from_workshop_id=workshop.id,
                          changelog="\n".join(c.text for c in changes.changes if c.kind != "form_version"))
    session.add(version)
    session.flush()
    for proposal, decision in pending:
        decision.result_version_id = version.id
        support = json.loads(decision.tally_json)
        for field_id in merged.shaped.get(proposal.id, ()):
            session.add(FieldProvenance(form_version_id=version.id, field_id=field_id, decision_id=decision.id,
                                        summary=f"Workshop {workshop.id} '{workshop.title}', proposal {proposal.id}: "
                                                f"{support['reason']}"))
    log_event(session, workshop.id, "facilitator", "published", form=form_id, version=version.version)
    undecided = session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.workshop_id == workshop.id, Proposal.status == "open")) or 0
    if close and workshop.status != "closed":
        close_workshop(session, workshop)
    session.flush()  # constraint problems surface before the file is written
    # Written under a temporary name now, renamed once the record commits (workshops/publishing.py).
    path = stage(session, Path(out_dir), name, merged.text)
    return {"form": form_id, "version": version.version, "path": str(path), "status": workshop.status,
            "undecided": undecided, "changes": version.changelog.splitlines() if version.changelog else []}


def _conflict(conflict: Conflict, base: int, current: int) -> Issue:
    """A merge conflict in words: the item and both values, between two proposals or with the current version."""
    if conflict.first is None:
        return Code.WORKSHOP_STALE_CONFLICT.issue("FACILITATOR_KEY", 0, 0, proposal=conflict.second, base=base,
                                                  current=current, what=conflict.what,
                                                  current_value=conflict.first_value,
                                                  proposal_value=conflict.second_value)
    what = (f"{conflict.what} ({conflict.first_value} in proposal {conflict.first}, {conflict.second_value} in "
            f"proposal {conflict.second})")
    return Code.WORKSHOP_CONFLICT.issue("FACILITATOR_KEY", 0, 0, first=conflict.first, second=conflict.second,
                                        what=what)
