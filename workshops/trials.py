"""Time trials in a workshop: kept in the database by the participant who ran them, seen by everyone in it.

The measuring is plain logic in `forms.trials`; this module checks a trial against the version of
the form it timed and stores seconds per question only (never the practice answers). Participants
and the facilitator see every trial of their workshop by constituency, never by name.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.errors import Code, Issue
from forms.loader import load_text
from forms.timings import MAX_BYTES
from forms.trials import CSV_COLUMNS, Measured, as_data, from_csv, from_data, to_csv
from workshops import access
from workshops.errors import refuse
from workshops.queries import form_of, log_event, require_open
from workshops.schema import FormVersion, TimeTrial, Workshop


def record_trial(session: Session, token: str, version: int, started_at: datetime, measured: Measured
                 ) -> dict[str, object]:
    """Keep a participant's finished trial of VERSION of the workshop's form (refused if it times another)."""
    person = access.participant(session, token)
    workshop = session.get(Workshop, person.workshop_id)
    require_open(workshop)
    form_id = form_of(session, workshop)
    row = session.scalar(select(FormVersion).where(FormVersion.form_id == form_id, FormVersion.version == version))
    if row is None:
        raise refuse(Code.TRIAL_UNKNOWN_VERSION, "version", version=version, form=form_id)
    if not measured.seconds:
        raise refuse(Code.TRIAL_EMPTY, "seconds")
    form = load_text(row.yaml_text, "<stored>", lint=False).form
    questions = {p.field.id for p in form.walk()} if form is not None else set()
    for field_id, _item, _value in measured.seconds:
        if field_id not in questions:
            raise refuse(Code.TRIAL_UNKNOWN_FIELD, "seconds", field=field_id[:80], version=version, form=form_id)
    trial = TimeTrial(workshop_id=workshop.id, participant_id=person.id, constituency=person.constituency,
                      form_version_id=row.id, seconds_json=json.dumps(as_data(measured)),
                      started_at=started_at if started_at.tzinfo else started_at.replace(tzinfo=UTC),
                      finished_at=datetime.now(UTC))
    session.add(trial)
    session.flush()
    log_event(session, workshop.id, f"participant:{person.id}", "time_trial", trial=trial.id)
    return {"trial": trial.id, "questions": len(measured.seconds), "seconds": round(measured.total, 1)}


def trials_seen_by_participant(session: Session, token: str) -> list[dict[str, object]]:
    """Every time trial run in the participant's workshop, oldest first."""
    return _trials(session, access.participant(session, token).workshop_id)


def trials_seen_by_facilitator(session: Session, key: str) -> list[dict[str, object]]:
    """Every time trial run in the facilitator's workshop, oldest first."""
    return _trials(session, access.facilitator(session, key).id)


def timed_versions(session: Session, key: str) -> dict[int, str]:
    """The YAML of each version of the form that a trial in the facilitator's workshop timed, by version."""
    workshop = access.facilitator(session, key)
    rows = session.execute(select(FormVersion.version, FormVersion.yaml_text).join(
        TimeTrial, TimeTrial.form_version_id == FormVersion.id).where(TimeTrial.workshop_id == workshop.id)
        .distinct()).all()
    return {version: text for version, text in rows}


def _trials(session: Session, workshop_id: int) -> list[dict[str, object]]:
    rows = session.execute(select(TimeTrial, FormVersion.version).join(
        FormVersion, TimeTrial.form_version_id == FormVersion.id).where(TimeTrial.workshop_id == workshop_id)
        .order_by(TimeTrial.id)).all()
    out = []
    for number, (trial, version) in enumerate(rows, 1):
        try:
            data = json.loads(trial.seconds_json)
        except ValueError:
            data = {}
        out.append({"trial": f"trial {number}", "constituency": trial.constituency, "version": version,
                    "started": trial.started_at.isoformat(), "finished": trial.finished_at.isoformat(),
                    "measured": from_data(data if isinstance(data, dict) else {})})
    return out


# --- outside a workshop: a CSV file beside the form ----------------------------------------------
def trials_file(form_path: str | Path) -> Path:
    """Where a form's trials are kept outside a workshop: `case-note.yaml` → `case-note.trials.csv`.
    It is the very file `python -m forms burden case-note.yaml --timings case-note.trials.csv` reads."""
    path = Path(form_path)
    return path.with_name(path.stem + ".trials.csv")


def file_trials(form_path: str | Path) -> list[tuple[str, str, Measured]]:
    """The trials kept beside a form (none when there is no file, or it cannot be read)."""
    target = trials_file(form_path)
    try:
        if not target.is_file() or target.stat().st_size > MAX_BYTES:
            return []
        return from_csv(target.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []


def append_file_trial(form_path: str | Path, name: str, role: str, measured: Measured) -> Issue | None:
    """Add one trial's lines to the file beside the form; None when kept, else why not (TIMING_006).

    Appended with O_APPEND in one write, so two studios finishing trials at once each add their lines
    whole; the header is written only by whoever creates the file (O_EXCL). O_NOFOLLOW: a symlink
    planted in the name is refused, never written through."""
    target = trials_file(form_path)
    if not measured.seconds:
        return Code.TRIAL_EMPTY.issue(str(target), 0, 0)
    lines = to_csv([(name, role, measured)]).split("\n", 1)[1].encode("utf-8")
    try:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write((",".join(CSV_COLUMNS) + "\n").encode("utf-8"))
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        try:
            os.write(fd, lines)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return Code.TIMING_TRIALS_NOT_SAVED.issue(str(target), 0, 0, file=target.name,
                                                  reason=exc.strerror or type(exc).__name__)
    return None
