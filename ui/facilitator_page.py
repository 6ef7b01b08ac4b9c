"""Facilitator page: start a workshop on a library form, show its join code, run rounds, watch, decide, publish.

The facilitator key is held in session state and sent with every action: the service checks it
each time, so nothing here trusts a button being hidden. Where an OpenID Connect provider is
configured, facilitators sign in first; their workshops are theirs, reopened from a list, and
the credential sent is the signed-in account on that workshop (ui/sign_in.py). What other people do appears within
about two seconds through a fragment that polls the workshop's change counter; the forms that
the facilitator types in (deciding, rounds) sit outside it, and follow what it finds by a rerun
of the page that keeps what is typed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

from forms.codesign_words import METHOD_NAMES, RULE_NAMES
from ui import front_door, sign_in, time_trial
from ui import workshop_state as ws
from ui.library_data import library, name_of, published_dir
from ui.limited import text_box, too_long
from ui.proposal_compare import before_and_after
from ui.text import counted, md, plain
from ui.words import word
from workshops import participation, service
from workshops.access import SignedIn
from workshops.voting import METHODS, RULES, SIGNAL_ONLY, quorum_meaning

STATUS_NAMES = {"open": word("facilitator.open_people_propose_vote"),
                "voting": word("facilitator.voting_proposals_people_vote"),
                "closed": word("facilitator.closed_results_shown_everyone")}

ANONYMITY_NAMES = {  # CODESIGN decision 5; what exported records show follows decision 13
    "named": word("facilitator.name_person_s_name"),
    "pseudonymous": word("facilitator.chosen_name_shown_room"),
    "secret": word("facilitator.secret_ballots_vote_stored")}
assert set(ANONYMITY_NAMES) == set(service.ANONYMITY)
MAX_STATEMENT = 4000  # characters in a decision's statement
RESULTS_CHOICES = {None: word("facilitator.keep_they"), True: word("facilitator.show_them_while_voting"),
                   False: word("facilitator.show_them_only_after")}


def _start(owner: str | None) -> None:
    """Create a workshop from a library form, or resume one: a signed-in OWNER reopens their own from a list,
    anyone can with a facilitator key."""
    if owner is not None:
        _yours(owner)
    forms = {name_of(r): r for r in library() if r.ok and r.form is not None}
    st.subheader(word("facilitator.start_workshop"))
    # The rule and quorum sit outside the form so that what they mean for this group is said as they change.
    rule = st.selectbox(word("facilitator.how_proposal_decided"), list(RULES), key="ws_create_rule",
                        format_func=RULE_NAMES.__getitem__)
    quorum = st.number_input(word("facilitator.quorum_fewest_votes_can"), min_value=1, max_value=500, value=3,
                             step=1, key="ws_create_quorum")
    expected = st.columns(2)
    people = expected[0].number_input(word("facilitator.people_expect_optional"), min_value=0, max_value=500,
                                      value=None,
                                      step=1, key="ws_create_expected")
    experts = expected[1].number_input(word("facilitator.experts_experience_among_them"), min_value=0, max_value=500,
                                       value=None, step=1, key="ws_create_expected_experts")
    meaning, warning = quorum_meaning(rule, int(quorum), people, experts)
    st.caption(meaning)
    if warning:
        st.warning(warning)
    with st.form("ws_create"):
        choice = st.selectbox(word("facilitator.form_work"), list(forms), key="ws_create_form",
                              format_func=lambda n: f"{plain(forms[n].form.title)} ({n})")
        title = st.text_input(word("facilitator.workshop_title"), key="ws_create_title", max_chars=200,
                              placeholder=word("facilitator.e_g_case_note"))
        method = st.selectbox(word("facilitator.how_people_vote"), list(METHODS), key="ws_create_method",
                              format_func=METHOD_NAMES.__getitem__)
        anonymity = st.radio(word("facilitator.how_people_appear"), list(ANONYMITY_NAMES), key="ws_create_anonymity",
                             format_func=ANONYMITY_NAMES.__getitem__)
        live = st.checkbox(word("facilitator.show_results_participants_while"),
                           key="ws_create_live")
        submitted = st.form_submit_button(word("facilitator.create_workshop"), type="primary")
    if submitted and choice is not None:
        source = forms[choice]
        made = ws.act(service.create_workshop, title, Path(source.path).read_text(encoding="utf-8"), choice,
                      method=method, rule=rule, anonymity=anonymity, quorum=int(quorum),
                      results_visibility="live" if live else "after_close", owner=owner)
        if made is not None:
            if owner is not None:
                # The account is the way back, so the key is not shown (it stays valid, stored as a hash).
                st.session_state[ws.FAC_WORKSHOP] = made["workshop"]
                ws.notice("success", word("facilitator.workshop_made_listed_under"))
            else:
                st.session_state[ws.FAC_KEY] = made["facilitator_key"]
                st.session_state[ws.FAC_NEW] = {"join_code": made["join_code"], "key": made["facilitator_key"]}
            st.session_state[ws.PUBLISHED] = None
            st.rerun()

    st.subheader(word("facilitator.resume_workshop"))
    if owner is not None:
        st.write(word("facilitator.workshop_made_command_line"))
    with st.form("ws_resume"):
        key = st.text_input(word("facilitator.facilitator_key"), type="password", key="ws_resume_key",
                            help=word("facilitator.key_shown_when_workshop"))
        resumed = st.form_submit_button(word("facilitator.resume"))
    if resumed and key.strip() and ws.act(service.results, key.strip(), read_only=True) is not None:
        st.session_state[ws.FAC_KEY] = key.strip()
        st.rerun()


def _yours(owner: str) -> None:
    """The signed-in account's own workshops, each reopened with a button (the service checks the owner)."""
    st.subheader(word("facilitator.workshops"))
    mine = ws.act(service.workshops_of, owner, read_only=True) or []
    if not mine:
        st.write(word("facilitator.have_no_workshops_yet"))
    for entry in mine:
        with st.container(border=True):
            st.markdown(word("facilitator.made_join_code", title=md(entry['title'], 200),
                             status=md(entry['status'].capitalize()), created=md(str(entry['created'])[:10]),
                             join_code=md(entry['join_code'])))
            if st.button(word("facilitator.open", title=md(entry['title'], 80)),
                         key=f"ws_open_{entry['workshop']}") and \
                    ws.act(service.results, SignedIn(owner, entry["workshop"]), read_only=True) is not None:
                st.session_state[ws.FAC_WORKSHOP] = entry["workshop"]
                st.session_state[ws.PUBLISHED] = None
                st.rerun()


def _new_key(made: dict[str, str]) -> None:
    st.warning(word("facilitator.keep_facilitator_key_somewhere"))
    st.code(made["key"], language=None)
    if st.button(word("facilitator.i_have_kept_key"), key="ws_key_kept"):
        st.session_state[ws.FAC_NEW] = None
        st.rerun()


def _read(key: str) -> dict[str, Any] | None:
    return ws.act(participation.facilitator_view, key, read_only=True)


def _form_inputs(data: dict[str, Any]) -> list[list[int]]:
    """What the forms below the live view offer: open proposals, comments and people, by number."""
    return [sorted(e["proposal"] for e in data["proposals"] if e["status"] == "open"),
            sorted(c["comment"] for e in data["proposals"] for c in e["comments"]),
            sorted(p["participant"] for p in data["people"])]


@st.fragment(run_every="2s")
def _live(key: str, workshop_id: int, shown: list[list[int]]) -> None:
    """Participation and proposals with tallies; re-read only when the change counter moved."""
    data = ws.snapshot("facilitator", lambda: _read(key), workshop_id)
    if data is None:
        return
    st.subheader(word("facilitator.who_has_joined"))
    if data["participation"]:
        st.markdown("\n".join(word("facilitator.joined_cast", group=ws.CONSTITUENCY_NAMES[c], joined=n['joined'],
                                   votes=counted(n['ballots'], word("noun.vote"), word("noun.votes")))
                               for c, n in data["participation"].items()))
    else:
        st.write(word("facilitator.nobody_has_joined_yet"))
    st.subheader(word("facilitator.proposals"))
    if not data["proposals"]:
        st.write(word("facilitator.no_proposals_yet"))
    ws.by_rivals(data, _proposal)
    # The forms sit outside this fragment; they catch up by a rerun of the page, which keeps what is typed.
    ws.follow("facilitator", _form_inputs(data), shown)


def _proposal(entry: dict[str, Any]) -> None:
    with st.container(border=True):
        ws.proposal_heading(entry)
        if entry["rationale"]:
            st.markdown(word("facilitator.why") + md(entry["rationale"]))
        st.markdown(word("facilitator.votes_constituency") + ws.tally_lines(entry["by_constituency"], entry["overall"]))
        st.markdown(word("facilitator.would_pass" if entry["passed"] else "facilitator.would_not_pass")
                    + md(entry["reason"]))
        if entry.get("needed") and entry["status"] == "open":
            needed = md(entry["needed"])
            st.markdown(word("facilitator.quorum", needed=needed[0].upper() + needed[1:]))
        ws.remarks(entry)


def _rounds(key: str, status: str, method: str) -> None:
    with st.form("ws_rounds"):
        chosen = st.selectbox(word("facilitator.stage_workshop"), list(STATUS_NAMES),
                              index=list(STATUS_NAMES).index(status),
                              key="ws_round_status", format_func=STATUS_NAMES.__getitem__)
        live = st.selectbox(word("facilitator.results_participants"), list(RESULTS_CHOICES), key="ws_round_live",
                            format_func=RESULTS_CHOICES.__getitem__)
        voting = st.selectbox(word("facilitator.how_people_vote_now"), list(METHODS), index=list(METHODS).index(method),
                              key="ws_round_method", format_func=METHOD_NAMES.__getitem__,
                              help=word("facilitator.new_round_may_use"))
        if st.form_submit_button(word("facilitator.change_stage")):
            done = ws.act(participation.set_status, key, chosen, live_results=live, method=voting)
            if done is not None:
                kept = word("facilitator.proposals_keep_their_method",
                            proposals=", ".join(map(str, done["kept_method"]))) if done["kept_method"] else ""
                ws.notice("success", word("facilitator.workshop_now_people_vote", stage=chosen,
                                          method=ws.METHOD_WORDS[done['method']], kept=kept))
                st.rerun()


def _decide(key: str, open_proposals: list[dict[str, Any]]) -> None:
    st.subheader(word("facilitator.decide"))
    if not open_proposals:
        st.write(word("facilitator.no_proposal_waiting_decision"))
        return
    with st.form("ws_decide"):
        chosen = ws.choose_proposal(word("facilitator.proposal_decide"), open_proposals, "ws_decide_proposal")
        outcome = st.radio(word("facilitator.decision"), ["accept", "reject"], horizontal=True, key="ws_decide_outcome",
                           format_func={"accept": word("facilitator.accept"),
                                        "reject": word("facilitator.reject")}.__getitem__)
        statement = text_box(word("facilitator.statement_what_was_decided"), "ws_decide_statement",
                             MAX_STATEMENT, 100)
        review_on = st.date_input(word("facilitator.review_decision_optional"), value=None, key="ws_decide_review",
                                  min_value=date.today(), format="DD/MM/YYYY",
                                  help=word("facilitator.when_group_should_look"))
        submitted = st.form_submit_button(word("facilitator.record_decision"), type="primary")
    if submitted:
        if not statement.strip():
            st.error(word("facilitator.write_statement_first_decision"))
            return
        if too_long(statement, MAX_STATEMENT, word("limited.what.statement")):
            return
        done = ws.act(service.decide, key, chosen, outcome, statement, review_on)
        if done is not None:
            extra = word("facilitator.superseded",
                         proposals=", ".join(map(str, done["superseded"]))) if done["superseded"] else ""
            if done["to_decide"]:
                extra += (word("facilitator.still_open_decide_which", proposals=', '.join(map(str, done['to_decide']))))
            ws.clear_next("ws_decide_statement", ws_decide_review=None)
            ws.notice("success", word("facilitator.proposal_was", proposal=done['proposal'], outcome=done['outcome'],
                                      reason=md(done['reason']), extra=extra))
            st.rerun()


def _person(person: dict[str, Any]) -> str:
    name = f"{plain(person['name'], 60)}, " if person["name"] else ""
    return word("facilitator.participant", number=person['participant'], name=name,
                group=ws.CONSTITUENCY_NAMES[person['constituency']])


def _look(key: str, proposals: list[dict[str, Any]]) -> None:
    with st.expander(word("facilitator.look_proposal_before_after")):
        if not proposals:
            st.write(word("facilitator.no_proposals_yet"))
            return
        chosen = ws.choose_proposal(word("facilitator.proposal_look"), proposals, "ws_fac_compare", status=True)
        texts = ws.act(participation.facilitator_proposal_texts, key, chosen, read_only=True)
        if texts is not None:
            before_and_after(texts)


def _assist(key: str, current: dict[str, Any], waiting: list[dict[str, Any]]) -> None:
    """Decision 11: a vote recorded for someone without a device, flagged as assisted in the tally."""
    with st.expander(word("facilitator.record_vote_someone_without")):
        # Vendors and managers give signals, never votes (the service refuses them too).
        voters = [p for p in current["people"] if p["constituency"] not in SIGNAL_ONLY]
        if not waiting or not voters:
            st.write(word("facilitator.needs_someone_who_has"))
            return
        people = {p["participant"]: p for p in voters}
        by_id = {e["proposal"]: e for e in waiting}
        # Not a form: the choices follow the chosen proposal's own vote method (rounds may differ).
        person = st.selectbox(word("facilitator.whose_vote"), list(people), key="ws_assist_person",
                              format_func=lambda i: _person(people[i]),
                              help=word("facilitator.they_join_first_helper"))
        chosen = ws.choose_proposal(word("facilitator.proposal_vote"), waiting, "ws_assist_proposal", status=True)
        method = by_id[chosen]["method"]
        if method == "dots":
            choice = str(st.number_input(word("facilitator.dots_give"), min_value=0, max_value=100, step=1,
                                         key="ws_assist_dots"))
        else:
            choice = st.radio(word("facilitator.their_vote"), METHODS[method], horizontal=True,
                              key=f"ws_assist_choice_{method}",
                              format_func=ws.CHOICE_NAMES.__getitem__)
        reason = text_box(word("facilitator.their_reason_their_words"), "ws_assist_reason", 1000, 68)
        if st.button(word("facilitator.record_their_vote"), key="ws_assist_record") and \
                not too_long(reason, 1000, word("limited.what.reason")):
            done = ws.act(participation.assisted_vote, key, person, chosen, choice, reason or None)
            if done is not None:
                ws.clear_next("ws_assist_reason")
                ws.notice("success", word("facilitator.vote_participant_proposal_recorded", person=person,
                                          chosen=chosen))
                st.rerun()


def _hide(key: str, proposals: list[dict[str, Any]]) -> None:
    """Decision 15: an abusive comment is taken out of view (it stays in the record, hidden)."""
    comments = {c["comment"]: (e["proposal"], c) for e in proposals for c in e["comments"]}
    with st.expander(word("facilitator.hide_comment")):
        if not comments:
            st.write(word("facilitator.there_no_comments_hide"))
            return
        with st.form("ws_hide"):
            chosen = st.selectbox(word("facilitator.comment_hide"), list(comments), key="ws_hide_comment",
                                  format_func=lambda i: word("facilitator.proposal", number=comments[i][0],
                                                             body=plain(comments[i][1]['body'], 80)))
            submitted = st.form_submit_button(word("facilitator.hide_this_comment"))
        if submitted and ws.act(participation.hide_comment, key, chosen) is not None:
            ws.notice("success", word("facilitator.comment_hidden_everyone_s", chosen=chosen))
            st.rerun()


def _erase(key: str, current: dict[str, Any]) -> None:
    """A person asks for their name and words to be erased; their votes stay counted with no link to them."""
    with st.expander(word("facilitator.erase_person_s_contributions")):
        if not current["people"]:
            st.write(word("facilitator.nobody_has_joined_yet"))
            return
        people = {p["participant"]: p for p in current["people"]}
        with st.form("ws_erase"):
            person = st.selectbox(word("facilitator.whose_contributions"), list(people), key="ws_erase_person",
                                  format_func=lambda i: _person(people[i]),
                                  help=word("facilitator.participants_see_their_number"))
            sure = st.checkbox(word("facilitator.they_asked_their_name"),
                               key="ws_erase_sure")
            submitted = st.form_submit_button(word("facilitator.erase"))
        if submitted:
            if not sure:
                st.error(word("facilitator.tick_box_first_erasing"))
            elif ws.act(participation.erase_participant, key, person) is not None:
                ws.clear_next(ws_erase_sure=False)
                ws.notice("success", word("facilitator.participant_s_contributions_erased", person=person))
                st.rerun()


def _time_trials(key: str) -> None:
    """The time trials run in this workshop (issue 10.4): measured against estimated, per version timed."""
    from workshops.trials import timed_versions, trials_seen_by_facilitator

    trials = ws.act(trials_seen_by_facilitator, key, read_only=True) or []
    with st.expander(word("facilitator.time_trials_run_workshop", count=len(trials))):
        if not trials:
            st.caption(word("facilitator.none_yet_participants_run"))
            return
        versions = ws.act(timed_versions, key, read_only=True) or {}
        for version in sorted(versions, reverse=True):
            form = ws.parse(versions[version], f"version-{version}.yaml").form
            if form is not None:
                st.markdown(word("facilitator.version", version=version))
                time_trial.results(form, [(t["trial"], t["constituency"], t["measured"]) for t in trials
                                          if t["version"] == version], where=f"v{version}")


def _publish(key: str) -> None:
    st.subheader(word("facilitator.publish"))
    st.write(word("facilitator.apply_every_accepted_proposal"))
    close = st.checkbox(word("facilitator.close_workshop_when_published"), value=True, key="ws_publish_close",
                        help=word("facilitator.everyone_s_screen_then"))
    if st.button(word("facilitator.publish_new_version"), key="ws_publish", type="primary"):
        done = ws.act(service.publish, key, published_dir(), close=close)
        if done is not None:
            path = Path(done["path"])
            st.session_state[ws.PUBLISHED] = {"version": done["version"], "name": path.name,
                                              "yaml": path.read_text(encoding="utf-8"), "changes": done["changes"],
                                              "status": done["status"], "undecided": done["undecided"]}
    published = st.session_state.get(ws.PUBLISHED)
    if published:
        # The file's name, never where the server keeps it: a path says nothing to the room and much to an attacker.
        closed = (word("facilitator.workshop_closed_everyone_now")
                  if published.get("status") == "closed" else word("facilitator.workshop_stays_open"))
        st.success(word("facilitator.version_published_studio_s", version=published['version'],
                        name=md(published['name']), closed=closed))
        if published.get("status") == "closed" and published.get("undecided"):
            waiting = counted(published["undecided"], word("noun.proposal"), word("noun.proposals"))
            st.warning(word("facilitator.had_not_been_decided", waiting=waiting))
        if published["changes"]:
            st.markdown("\n".join(f"- {md(c)}" for c in published["changes"]))
        st.download_button(word("facilitator.download", name=md(published['name'])), published["yaml"],
                           file_name=published["name"],
                           mime="application/yaml", key="ws_publish_download")


ws.init()
st.title(word("facilitator.title"))
st.write(word("facilitator.intro"))
ws.show_notice()
account = sign_in.account()  # None without a provider, or until the facilitator signs in
if sign_in.configured():
    sign_in.bar()
    if account is None:
        st.stop()  # with a provider, nothing is started or run before signing in
facilitator_key = sign_in.credential()  # the key, or the signed-in account on its workshop
if not facilitator_key:
    _start(account)
    st.stop()

current = _read(facilitator_key)
if current is None:
    if st.button(word("facilitator.use_another_key" if st.session_state[ws.FAC_KEY] else "facilitator.back_workshops"),
                 key="ws_fac_forget"):
        st.session_state[ws.FAC_KEY] = None
        st.session_state[ws.FAC_WORKSHOP] = None
        st.rerun()
    st.stop()
if st.session_state[ws.FAC_NEW]:
    # Before anything is projected: the key is for the facilitator alone, never on the room's screen.
    _new_key(st.session_state[ws.FAC_NEW])
    st.stop()
if st.toggle(word("facilitator.projector_view_only_join"), key="ws_projector"):
    st.header(md(current["title"]))
    front_door.show(current["join_code"])
    st.stop()
st.header(md(current["title"]))
st.caption(word("facilitator.voting_rule", method=METHOD_NAMES[current['method']],
                rule=RULE_NAMES[current['rule']]))
front_door.show(current["join_code"])
_rounds(facilitator_key, current["status"], current["method"])
waiting = [e for e in current["proposals"] if e["status"] == "open"]
_live(facilitator_key, current["workshop"], _form_inputs(current))
# Each part in a box of its own: when the live view redraws the page, a part that grew or shrank does
# not move the boxes of the parts below it, so text being typed there stays (ui/workshop_state.show_notice).
for part, args in ((_decide, (facilitator_key, waiting)), (_look, (facilitator_key, current["proposals"])),
                   (_assist, (facilitator_key, current, waiting)), (_hide, (facilitator_key, current["proposals"])),
                   (_erase, (facilitator_key, current)), (_time_trials, (facilitator_key,)),
                   (_publish, (facilitator_key,))):
    with st.container():
        part(*args)
if st.button(word("facilitator.leave_workshop_device"), key="ws_fac_leave"):
    st.session_state[ws.FAC_KEY] = None
    st.session_state[ws.FAC_NEW] = None
    st.session_state[ws.PUBLISHED] = None
    st.session_state[ws.FAC_WORKSHOP] = None
    st.rerun()
