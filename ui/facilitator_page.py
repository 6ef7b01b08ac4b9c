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
from workshops import participation, service
from workshops.access import SignedIn
from workshops.voting import METHODS, RULES, SIGNAL_ONLY, quorum_meaning

STATUS_NAMES = {"open": "Open: people propose and vote", "voting": "Voting: proposals are in, people vote",
                "closed": "Closed: results are shown to everyone, nothing more can be changed"}

ANONYMITY_NAMES = {  # CODESIGN decision 5; what exported records show follows decision 13
    "named": "By name: a person's name appears in exported records only if they agree",
    "pseudonymous": "By a chosen name: shown in the room; exported records show only each person's group",
    "secret": "Secret ballots: a vote is stored with no link to the person who cast it"}
assert set(ANONYMITY_NAMES) == set(service.ANONYMITY)
MAX_STATEMENT = 4000  # characters in a decision's statement
RESULTS_CHOICES = {None: "Keep as they are", True: "Show them while voting", False: "Show them only after closing"}


def _start(owner: str | None) -> None:
    """Create a workshop from a library form, or resume one: a signed-in OWNER reopens their own from a list,
    anyone can with a facilitator key."""
    if owner is not None:
        _yours(owner)
    forms = {name_of(r): r for r in library() if r.ok and r.form is not None}
    st.subheader("Start a workshop")
    # The rule and quorum sit outside the form so that what they mean for this group is said as they change.
    rule = st.selectbox("How a proposal is decided", list(RULES), key="ws_create_rule",
                        format_func=RULE_NAMES.__getitem__)
    quorum = st.number_input("Quorum: the fewest votes that can decide", min_value=1, max_value=500, value=3,
                             step=1, key="ws_create_quorum")
    expected = st.columns(2)
    people = expected[0].number_input("People you expect (optional)", min_value=0, max_value=500, value=None,
                                      step=1, key="ws_create_expected")
    experts = expected[1].number_input("Experts by experience among them (optional)", min_value=0, max_value=500,
                                       value=None, step=1, key="ws_create_expected_experts")
    meaning, warning = quorum_meaning(rule, int(quorum), people, experts)
    st.caption(meaning)
    if warning:
        st.warning(warning)
    with st.form("ws_create"):
        choice = st.selectbox("Form to work on", list(forms), key="ws_create_form",
                              format_func=lambda n: f"{plain(forms[n].form.title)} ({n})")
        title = st.text_input("Workshop title", key="ws_create_title", max_chars=200,
                              placeholder="e.g. Case note review with the family group")
        method = st.selectbox("How people vote", list(METHODS), key="ws_create_method",
                              format_func=METHOD_NAMES.__getitem__)
        anonymity = st.radio("How people appear", list(ANONYMITY_NAMES), key="ws_create_anonymity",
                             format_func=ANONYMITY_NAMES.__getitem__)
        live = st.checkbox("Show results to participants while voting (otherwise only after closing)",
                           key="ws_create_live")
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if submitted and choice is not None:
        source = forms[choice]
        made = ws.act(service.create_workshop, title, Path(source.path).read_text(encoding="utf-8"), choice,
                      method=method, rule=rule, anonymity=anonymity, quorum=int(quorum),
                      results_visibility="live" if live else "after_close", owner=owner)
        if made is not None:
            if owner is not None:
                # The account is the way back, so the key is not shown (it stays valid, stored as a hash).
                st.session_state[ws.FAC_WORKSHOP] = made["workshop"]
                ws.notice("success", "The workshop is made. It is listed under Your workshops whenever you sign in.")
            else:
                st.session_state[ws.FAC_KEY] = made["facilitator_key"]
                st.session_state[ws.FAC_NEW] = {"join_code": made["join_code"], "key": made["facilitator_key"]}
            st.session_state[ws.PUBLISHED] = None
            st.rerun()

    st.subheader("Resume a workshop")
    if owner is not None:
        st.write("A workshop made on the command line has no account: open it with its facilitator key.")
    with st.form("ws_resume"):
        key = st.text_input("Facilitator key", type="password", key="ws_resume_key",
                            help="The key shown when the workshop was made (it starts with fk_).")
        resumed = st.form_submit_button("Resume")
    if resumed and key.strip() and ws.act(service.results, key.strip(), read_only=True) is not None:
        st.session_state[ws.FAC_KEY] = key.strip()
        st.rerun()


def _yours(owner: str) -> None:
    """The signed-in account's own workshops, each reopened with a button (the service checks the owner)."""
    st.subheader("Your workshops")
    mine = ws.act(service.workshops_of, owner, read_only=True) or []
    if not mine:
        st.write("You have no workshops yet. Start one below.")
    for entry in mine:
        with st.container(border=True):
            st.markdown(f"**{md(entry['title'], 200)}**  \n{md(entry['status'].capitalize())} · made on "
                        f"{md(str(entry['created'])[:10])} · join code {md(entry['join_code'])}")
            if st.button(f"Open {md(entry['title'], 80)}", key=f"ws_open_{entry['workshop']}") and \
                    ws.act(service.results, SignedIn(owner, entry["workshop"]), read_only=True) is not None:
                st.session_state[ws.FAC_WORKSHOP] = entry["workshop"]
                st.session_state[ws.PUBLISHED] = None
                st.rerun()


def _new_key(made: dict[str, str]) -> None:
    st.warning("Keep this facilitator key somewhere safe: it is shown only now, and it is the only way to "
               "come back to this workshop to decide and publish. Anyone holding it can run the workshop.")
    st.code(made["key"], language=None)
    if st.button("I have kept the key", key="ws_key_kept"):
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
    st.subheader("Who has joined")
    if data["participation"]:
        st.markdown("\n".join(f"- {ws.CONSTITUENCY_NAMES[c]}: {n['joined']} joined, "
                              f"{counted(n['ballots'], 'vote')} cast" for c, n in data["participation"].items()))
    else:
        st.write("Nobody has joined yet.")
    st.subheader("Proposals")
    if not data["proposals"]:
        st.write("No proposals yet.")
    ws.by_rivals(data, _proposal)
    # The forms sit outside this fragment; they catch up by a rerun of the page, which keeps what is typed.
    ws.follow("facilitator", _form_inputs(data), shown)


def _proposal(entry: dict[str, Any]) -> None:
    with st.container(border=True):
        ws.proposal_heading(entry)
        if entry["rationale"]:
            st.markdown("Why: " + md(entry["rationale"]))
        st.markdown("Votes by constituency:\n\n" + ws.tally_lines(entry["by_constituency"], entry["overall"]))
        st.markdown(("Would pass. " if entry["passed"] else "Would not pass. ") + md(entry["reason"]))
        if entry.get("needed") and entry["status"] == "open":
            st.markdown(f"**Quorum:** {md(entry['needed'])[0].upper()}{md(entry['needed'])[1:]}.")
        ws.remarks(entry)


def _rounds(key: str, status: str, method: str) -> None:
    with st.form("ws_rounds"):
        chosen = st.selectbox("Stage of the workshop", list(STATUS_NAMES), index=list(STATUS_NAMES).index(status),
                              key="ws_round_status", format_func=STATUS_NAMES.__getitem__)
        live = st.selectbox("Results for participants", list(RESULTS_CHOICES), key="ws_round_live",
                            format_func=RESULTS_CHOICES.__getitem__)
        voting = st.selectbox("How people vote from now on", list(METHODS), index=list(METHODS).index(method),
                              key="ws_round_method", format_func=METHOD_NAMES.__getitem__,
                              help="A new round may use another method. Proposals that already have votes keep "
                                   "the method those votes were cast with.")
        if st.form_submit_button("Change the stage"):
            done = ws.act(participation.set_status, key, chosen, live_results=live, method=voting)
            if done is not None:
                kept = (f" Proposals {', '.join(map(str, done['kept_method']))} keep their method: they already "
                        "have votes.") if done["kept_method"] else ""
                ws.notice("success", f"The workshop is now {chosen}; people vote by "
                          f"{ws.METHOD_WORDS[done['method']]}.{kept}")
                st.rerun()


def _decide(key: str, open_proposals: list[dict[str, Any]]) -> None:
    st.subheader("Decide")
    if not open_proposals:
        st.write("No proposal is waiting for a decision.")
        return
    with st.form("ws_decide"):
        chosen = ws.choose_proposal("Proposal to decide", open_proposals, "ws_decide_proposal")
        outcome = st.radio("Decision", ["accept", "reject"], horizontal=True, key="ws_decide_outcome",
                           format_func={"accept": "Accept", "reject": "Reject"}.__getitem__)
        statement = text_box("Statement: what was decided and why, in plain words", "ws_decide_statement",
                             MAX_STATEMENT, 100)
        review_on = st.date_input("Review this decision on (optional)", value=None, key="ws_decide_review",
                                  min_value=date.today(), format="DD/MM/YYYY",
                                  help="When the group should look again at how the change works in practice.")
        submitted = st.form_submit_button("Record the decision", type="primary")
    if submitted:
        if not statement.strip():
            st.error("Write a statement first: the decision record says why, for the people who were not there.")
            return
        if too_long(statement, MAX_STATEMENT, "statement"):
            return
        done = ws.act(service.decide, key, chosen, outcome, statement, review_on)
        if done is not None:
            extra = f" Superseded: {', '.join(map(str, done['superseded']))}." if done["superseded"] else ""
            if done["to_decide"]:
                extra += (f" Still open for you to decide: {', '.join(map(str, done['to_decide']))}, "
                          "which amend it.")
            ws.clear_next("ws_decide_statement", ws_decide_review=None)
            ws.notice("success", f"Proposal {done['proposal']} was {done['outcome']}. {md(done['reason'])}{extra}")
            st.rerun()


def _person(person: dict[str, Any]) -> str:
    name = f"{plain(person['name'], 60)}, " if person["name"] else ""
    return f"Participant {person['participant']} ({name}{ws.CONSTITUENCY_NAMES[person['constituency']]})"


def _look(key: str, proposals: list[dict[str, Any]]) -> None:
    with st.expander("Look at a proposal before and after"):
        if not proposals:
            st.write("No proposals yet.")
            return
        chosen = ws.choose_proposal("Proposal to look at", proposals, "ws_fac_compare", status=True)
        texts = ws.act(participation.facilitator_proposal_texts, key, chosen, read_only=True)
        if texts is not None:
            before_and_after(texts)


def _assist(key: str, current: dict[str, Any], waiting: list[dict[str, Any]]) -> None:
    """Decision 11: a vote recorded for someone without a device, flagged as assisted in the tally."""
    with st.expander("Record a vote for someone without a device"):
        # Vendors and managers give signals, never votes (the service refuses them too).
        voters = [p for p in current["people"] if p["constituency"] not in SIGNAL_ONLY]
        if not waiting or not voters:
            st.write("This needs someone who has joined to vote (not a vendor or manager) and a proposal open "
                     "for voting.")
            return
        people = {p["participant"]: p for p in voters}
        by_id = {e["proposal"]: e for e in waiting}
        # Not a form: the choices follow the chosen proposal's own vote method (rounds may differ).
        person = st.selectbox("Whose vote", list(people), key="ws_assist_person",
                              format_func=lambda i: _person(people[i]),
                              help="They join first (a helper can join for them), then tell you their vote.")
        chosen = ws.choose_proposal("Proposal to vote on", waiting, "ws_assist_proposal", status=True)
        method = by_id[chosen]["method"]
        if method == "dots":
            choice = str(st.number_input("Dots to give", min_value=0, max_value=100, step=1, key="ws_assist_dots"))
        else:
            choice = st.radio("Their vote", METHODS[method], horizontal=True, key=f"ws_assist_choice_{method}",
                              format_func=ws.CHOICE_NAMES.__getitem__)
        reason = text_box("Their reason, in their words (needed for an objection)", "ws_assist_reason", 1000, 68)
        if st.button("Record their vote", key="ws_assist_record") and not too_long(reason, 1000, "reason"):
            done = ws.act(participation.assisted_vote, key, person, chosen, choice, reason or None)
            if done is not None:
                ws.clear_next("ws_assist_reason")
                ws.notice("success", f"The vote of participant {person} on proposal {chosen} is recorded, "
                          "marked as assisted.")
                st.rerun()


def _hide(key: str, proposals: list[dict[str, Any]]) -> None:
    """Decision 15: an abusive comment is taken out of view (it stays in the record, hidden)."""
    comments = {c["comment"]: (e["proposal"], c) for e in proposals for c in e["comments"]}
    with st.expander("Hide a comment"):
        if not comments:
            st.write("There are no comments to hide.")
            return
        with st.form("ws_hide"):
            chosen = st.selectbox("Comment to hide", list(comments), key="ws_hide_comment",
                                  format_func=lambda i: f"On proposal {comments[i][0]}: "
                                                        f"{plain(comments[i][1]['body'], 80)}")
            submitted = st.form_submit_button("Hide this comment")
        if submitted and ws.act(participation.hide_comment, key, chosen) is not None:
            ws.notice("success", f"Comment {chosen} is hidden from everyone's screens.")
            st.rerun()


def _erase(key: str, current: dict[str, Any]) -> None:
    """A person asks for their name and words to be erased; their votes stay counted with no link to them."""
    with st.expander("Erase a person's contributions at their request"):
        if not current["people"]:
            st.write("Nobody has joined yet.")
            return
        people = {p["participant"]: p for p in current["people"]}
        with st.form("ws_erase"):
            person = st.selectbox("Whose contributions", list(people), key="ws_erase_person",
                                  format_func=lambda i: _person(people[i]),
                                  help="Participants see their number under 'Your data' on their page.")
            sure = st.checkbox("They asked for this. Their name, comments, notes and reasons will be erased and "
                               "their link will stop working; their votes stay counted with no link to them.",
                               key="ws_erase_sure")
            submitted = st.form_submit_button("Erase")
        if submitted:
            if not sure:
                st.error("Tick the box first: erasing cannot be undone.")
            elif ws.act(participation.erase_participant, key, person) is not None:
                ws.clear_next(ws_erase_sure=False)
                ws.notice("success", f"Participant {person}'s contributions are erased.")
                st.rerun()


def _time_trials(key: str) -> None:
    """The time trials run in this workshop (issue 10.4): measured against estimated, per version timed."""
    from workshops.trials import timed_versions, trials_seen_by_facilitator

    trials = ws.act(trials_seen_by_facilitator, key, read_only=True) or []
    with st.expander(f"Time trials run in this workshop ({len(trials)})"):
        if not trials:
            st.caption("None yet. Participants run them on 'Read the form': Start, fill it in as in a real visit, "
                       "Finish. Only the seconds per question are kept.")
            return
        versions = ws.act(timed_versions, key, read_only=True) or {}
        for version in sorted(versions, reverse=True):
            form = ws.parse(versions[version], f"version-{version}.yaml").form
            if form is not None:
                st.markdown(f"**Version {version}**")
                time_trial.results(form, [(t["trial"], t["constituency"], t["measured"]) for t in trials
                                          if t["version"] == version], where=f"v{version}")


def _publish(key: str) -> None:
    st.subheader("Publish")
    st.write("Apply every accepted proposal to make the form's next version. It is checked first: a version "
             "with errors is never published.")
    close = st.checkbox("Close the workshop when it is published", value=True, key="ws_publish_close",
                        help="Everyone's screen then shows the outcome and the new version. Leave it open only "
                             "if the room will go on to another round on the new version.")
    if st.button("Publish the new version", key="ws_publish", type="primary"):
        done = ws.act(service.publish, key, published_dir(), close=close)
        if done is not None:
            path = Path(done["path"])
            st.session_state[ws.PUBLISHED] = {"version": done["version"], "name": path.name,
                                              "yaml": path.read_text(encoding="utf-8"), "changes": done["changes"],
                                              "status": done["status"], "undecided": done["undecided"]}
    published = st.session_state.get(ws.PUBLISHED)
    if published:
        # The file's name, never where the server keeps it: a path says nothing to the room and much to an attacker.
        closed = (" The workshop is closed: everyone now sees the outcome and the new version."
                  if published.get("status") == "closed" else " The workshop stays open.")
        st.success(f"Version {published['version']} is published as {md(published['name'])}, and the studio's "
                   f"Library lists it.{closed} Download it below.")
        if published.get("status") == "closed" and published.get("undecided"):
            waiting = counted(published["undecided"], "proposal")
            st.warning(f"{waiting} had not been decided when the workshop closed; they stay in the record as "
                       "not decided.")
        if published["changes"]:
            st.markdown("\n".join(f"- {md(c)}" for c in published["changes"]))
        st.download_button(f"Download {md(published['name'])}", published["yaml"], file_name=published["name"],
                           mime="application/yaml", key="ws_publish_download")


ws.init()
st.title("Run a workshop")
st.write("Practitioners and experts by experience change a form together. Start a workshop on a form, give people "
         "the join code, and decide each proposal with a statement everyone can read.")
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
    if st.button("Use another key" if st.session_state[ws.FAC_KEY] else "Back to your workshops",
                 key="ws_fac_forget"):
        st.session_state[ws.FAC_KEY] = None
        st.session_state[ws.FAC_WORKSHOP] = None
        st.rerun()
    st.stop()
if st.session_state[ws.FAC_NEW]:
    # Before anything is projected: the key is for the facilitator alone, never on the room's screen.
    _new_key(st.session_state[ws.FAC_NEW])
    st.stop()
if st.toggle("Projector view: only the join code, link and QR code", key="ws_projector"):
    st.header(md(current["title"]))
    front_door.show(current["join_code"])
    st.stop()
st.header(md(current["title"]))
st.caption(f"Voting: {METHOD_NAMES[current['method']]}. Rule: {RULE_NAMES[current['rule']]}.")
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
if st.button("Leave this workshop on this device", key="ws_fac_leave"):
    st.session_state[ws.FAC_KEY] = None
    st.session_state[ws.FAC_NEW] = None
    st.session_state[ws.PUBLISHED] = None
    st.session_state[ws.FAC_WORKSHOP] = None
    st.rerun()
