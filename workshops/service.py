"""Every workshop operation, as a function of a session and a credential (run through `Store.run`).

Each function checks its credential first (a facilitator key or a participant token), acts only
within that credential's workshop, writes everything it changes in the caller's one transaction,
bumps the workshop's change counter (what other screens poll) and returns plain JSON-ready data.
Refusals raise `WorkshopError` with catalog issues; nothing half-done is ever committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.errors import Code, Issue
from workshops import access, votes
from workshops.errors import WorkshopError, refuse
from workshops.publishing import recover, stage
from workshops.queries import (
    close_workshop,
    form_of,
    latest_version,
    log_event,
    method_of,
    proposal_in,
    require_open,
    rival_groups,
    summaries,
    tallies,
    tally_of,
)
from workshops.schema import ChangeCounter, Decision, FieldProvenance, FormVersion, Participant, Proposal, Workshop
from workshops.voting import CONSTITUENCIES, METHODS, RULES, Tally, fold_small_groups, shortfall

# Reading forms (forms.loader), diffing them (forms.diff, which brings networkx) and merging proposals
# are imported inside the functions that do them: a vote or a results command run as its own
# process does none of them, and a room of phones should not pay for them on every command.
if TYPE_CHECKING:
    from forms.loader import LoadResult
    from workshops.proposals import Conflict

ANONYMITY = ("named", "pseudonymous", "secret")
MAX_RATIONALE = 4000  # characters: the studio's box holds this much; the command line is cut to it too

# Callers name every operation through this module; casting a vote, kept short for a room that votes at
# once, is workshops.votes (its `batched` attribute lets Store.run write votes cast together in one go).
vote = votes.vote


# --- shared steps ---------------------------------------------------------------------------
def _load_form(text: str, path: str) -> LoadResult:
    from forms.loader import load_text

    result = load_text(text, path, lint=False)
    if result.errors:
        raise WorkshopError(*result.errors)
    return result


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


# --- participants: join, propose ------------------------------------------------------------
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


@dataclass(frozen=True, slots=True)
class ParticipantContext:
    """Who a participant token names, in which workshop, and the version their proposals start from."""

    workshop: int
    participant: int
    title: str
    name: str
    constituency: str
    attribution: str
    method: str
    dots_budget: int
    form_id: str
    version: int  # the newest version of the workshop's form ...
    base_yaml: str  # ... and its text


def participant_context(session: Session, token: str) -> ParticipantContext:
    """What the participant's page is drawn around: the person, their workshop, and the newest version of its form."""
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    form_id = form_of(session, workshop)
    latest = latest_version(session, form_id)
    return ParticipantContext(workshop.id, person.id, workshop.title, person.display_name, person.constituency,
                              person.attribution, workshop.method, workshop.dots_budget, form_id, latest.version,
                              latest.yaml_text)


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
    base_form_id = form_of(session, workshop)
    base = latest_version(session, base_form_id) if base_version is None else session.scalar(
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


# --- facilitator: results, decide, publish --------------------------------------------------
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
    form_id = form_of(session, workshop)
    current = latest_version(session, form_id)
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
