"""Time trials in the preview: start, fill the form as in a real visit, finish; then measured against estimated.

Streamlit never tells the server where the cursor is; it sends a widget's new value when it changes
(a box loses focus or Ctrl+Enter is pressed, a choice is clicked, a date picked). Each preview widget
has an `on_change` callback, `answered`, that stamps that moment with the server's clock while a trial
runs. `forms.trials.measure` turns the stamps into seconds per question (docs/format.md, "Time
trials", says what this measures and what it cannot). Trials are kept in the workshop database when
the preview is a participant's in a workshop, otherwise in `FORM.trials.csv` beside the form file
(for a form not saved yet, only for this session). Only seconds are kept, never the answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from forms.burden import form_burden, minutes_text
from forms.errors import Code
from forms.model import Form
from forms.timings import MIN_OBSERVATIONS
from forms.trials import Event, Measured, as_data, comparison, from_data, measure, medians, to_csv
from ui import state
from ui.text import md
from ui.words import word

ROLES = {"practitioner": word("trial.a_practitioner"), "expert_by_experience": word("trial.expert_experience")}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a form's trials are kept: the workshop of a participant TOKEN (ROLE is their constituency),
    or the file beside FORM_PATH; neither means this session only."""

    form_path: str | None = None
    token: str | None = None
    role: str | None = None


def answered(form_id: str, field_id: str, item: str | None) -> None:
    """A preview widget's on_change: stamp the answer while a trial of this form runs (else do nothing)."""
    running = st.session_state.get(state.TRIALS, {}).get(form_id)
    if running is not None:
        running["events"].append([field_id, item or "", time.time()])


def _key(form_id: str, what: str) -> str:
    return state.preview_key(form_id, f"~trial_{what}")


def _start(form_id: str, role_key: str | None, role: str | None) -> None:
    # A fresh form, from the first section, as at the start of a visit: earlier answers would be skipped.
    state.answers(form_id).clear()
    prefix = state.preview_key(form_id, "")
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix) and "~" not in k]:
        del st.session_state[key]
    st.session_state[state.PAGES].pop(form_id, None)
    st.session_state.pop(state.preview_key(form_id, "~section"), None)
    chosen = role or (st.session_state.get(role_key) if role_key else None) or "practitioner"
    st.session_state.setdefault(state.TRIALS, {})[form_id] = {"started": time.time(), "events": [], "role": chosen}


def _cancel(form_id: str) -> None:
    st.session_state.setdefault(state.TRIALS, {}).pop(form_id, None)
    _tell(form_id, True, word("trial.time_trial_cancelled_nothing"))


def _tell(form_id: str, ok: bool, text: str) -> None:
    st.session_state.setdefault(state.TRIAL_NOTICE, {})[form_id] = {"ok": ok, "text": text}


def _finish(form: Form, place: Place) -> None:
    running = st.session_state.setdefault(state.TRIALS, {}).pop(form.id, None)
    if running is None:
        return
    measured = measure(running["started"], [Event(f, at, item) for f, item, at in running["events"]])
    if not measured.seconds:
        _tell(form.id, False, Code.TRIAL_EMPTY.issue("", 0, 0).sentence())
        return
    started = datetime.fromtimestamp(running["started"], UTC)
    problem = _keep(form, place, started, running["role"], measured)
    if problem:
        _tell(form.id, False, problem)
        return
    estimate = sum(r.estimated for r in comparison(form, [measured])[0] if r.measured is not None)
    pauses = word("trial.pause_s_over_minutes", count=measured.idle_gaps) if measured.idle_gaps else ""
    _tell(form.id, True, word("trial.time_trial_kept_answer", count=len(measured.seconds),
                              measured=minutes_text(measured.total / 60), estimated=minutes_text(estimate / 60),
                              pauses=pauses))


def _keep(form: Form, place: Place, started: datetime, role: str, measured: Measured) -> str | None:
    """Store the trial where PLACE says; a sentence saying why not, or None."""
    if place.token:
        from ui import workshop_state as ws  # the database only for a participant's preview
        from workshops.errors import WorkshopError
        from workshops.trials import record_trial

        try:
            ws.store().run(record_trial, place.token, form.version, started, measured)
        except WorkshopError as exc:
            return " ".join(issue.sentence() for issue in exc.issues)
        return None
    if place.form_path:
        from workshops.trials import append_file_trial

        issue = append_file_trial(place.form_path, started.strftime("%Y-%m-%dT%H:%M:%SZ"), role, measured)
        return issue.sentence() if issue else None
    st.session_state.setdefault(state.TRIAL_SESSION, {}).setdefault(form.id, []).append(
        [started.strftime("%Y-%m-%dT%H:%M:%SZ"), role, as_data(measured)])  # plain data in session state
    return None


def trials_of(form: Form, place: Place) -> list[tuple[str, str, Measured]]:
    """Every trial kept for this form where PLACE keeps them: (name, role, measured)."""
    if place.token:
        from ui import workshop_state as ws
        from workshops.errors import WorkshopError
        from workshops.trials import trials_seen_by_participant

        try:
            found = ws.store().run(trials_seen_by_participant, place.token, read_only=True)
        except WorkshopError:
            return []
        return [(t["trial"], t["constituency"], t["measured"]) for t in found if t["version"] == form.version]
    if place.form_path:
        from workshops.trials import file_trials

        return file_trials(place.form_path)
    return [(name, role, from_data(data)) for name, role, data in st.session_state.get(state.TRIAL_SESSION, {})
            .get(form.id, [])]


def bar(form: Form, place: Place) -> None:
    """Start, finish or cancel a trial of FORM, and what was measured so far."""
    running = st.session_state.get(state.TRIALS, {}).get(form.id)
    notice = st.session_state.get(state.TRIAL_NOTICE, {}).pop(form.id, None)
    with st.container(border=True):
        st.markdown(word("trial.time_trial"))
        if notice:
            (st.success if notice["ok"] else st.error)(md(notice["text"]))
        if running is None:
            st.caption(word("trial.fill_form_real_visit"))
            role_key = None
            if place.role is None:
                role_key = _key(form.id, "role")
                st.radio(word("trial.who_filling"), list(ROLES), key=role_key, format_func=ROLES.__getitem__,
                         horizontal=True)
            st.button(word("trial.start_time_trial"), key=_key(form.id, "start"), on_click=_start,
                      args=(form.id, role_key, place.role))
        else:
            answers = len({(e[0], e[1]) for e in running["events"]})
            st.info(word("trial.time_trial_running_answer", answers=answers))
            left, right = st.columns(2)
            left.button(word("trial.finish_time_trial"), key=_key(form.id, "finish"), type="primary", on_click=_finish,
                        args=(form, place))
            right.button(word("trial.cancel_trial"), key=_key(form.id, "cancel"), on_click=_cancel, args=(form.id,))
        results(form, trials_of(form, place))


def results(form: Form, trials: list[tuple[str, str, Measured]], where: str = "") -> None:
    """Measured against estimated, per section and per question, and the trials as the timings CSV
    (WHERE tells apart several results of one form on a page, e.g. one per version)."""
    if not trials:
        return
    measured = [m for _n, _r, m in trials]
    field_rows, section_rows = comparison(form, measured)
    timed = [r for r in field_rows if r.measured is not None]
    st.markdown(word("trial.measured_against_estimated_time", count=len(trials)))
    st.write(word("trial.question_s_timed_minutes", count=len(timed),
                  measured=minutes_text(sum(r.measured for r in timed) / 60),
                  estimated=minutes_text(sum(r.estimated for r in timed) / 60)))
    enough = {fid: value for fid, (value, count) in medians(measured).items() if count >= MIN_OBSERVATIONS}
    whole = form_burden(form, enough)
    st.caption(word("trial.medians_questions_timed_least", times=MIN_OBSERVATIONS,
                    minutes=minutes_text(whole.practitioner_minutes), basis=whole.basis))
    st.dataframe([{word("trial.section"): r.section, word("trial.estimated_minutes"): round(r.estimated / 60, 1),
                   word("trial.measured_minutes"): None if r.measured is None else round(r.measured / 60, 1),
                   word("trial.questions_timed"): r.observations} for r in section_rows],
                 hide_index=True)
    with st.expander(word("trial.per_question")):
        st.dataframe([{word("trial.section"): r.section, word("trial.question"): r.label,
                       word("trial.estimated_seconds"): round(r.estimated),
                       word("trial.measured_seconds"): None if r.measured is None else round(r.measured),
                       word("trial.times_timed"): r.observations} for r in field_rows], hide_index=True)
    st.download_button(word("trial.download_trials_csv_burden"), to_csv(trials),
                       file_name=f"{form.id}.trials.csv", mime="text/csv", key=_key(form.id, f"csv{where}"))
