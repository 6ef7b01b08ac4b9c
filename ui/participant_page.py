"""Participant page: join with a code, read the form as it will look, propose changes, vote.

No account: joining gives a token, held in session state and in the URL (`?t=`), so a phone
that loses its connection comes back as the same person. Every action sends the token and the
service checks it. New proposals and (when shown) results appear within about two seconds
through a fragment polling the workshop's change counter; what a person types (a proposal, a
vote's reason) sits outside the fragment, and when the fragment finds a proposal the forms do not
offer yet it reruns the page (`ws.follow`), which keeps what is being typed. Those boxes are not in
forms: a box reaches the server when the person leaves it, and `ws.init` keeps it while another
view is shown, so switching view, or a refused action, never loses what was typed.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from forms.diff import diff
from ui import front_door, person, preview, state, time_trial
from ui import workshop_state as ws
from ui.guided_editor import guided_editor
from ui.limited import text_box, too_long
from ui.proposal_compare import before_and_after
from ui.text import counted, issue_list, md
from ui.words import word
from workshops import participation, service
from workshops.errors import WorkshopError
from workshops.voting import CONSTITUENCIES, METHODS, SIGNAL_ONLY

VOTES, READ, PROPOSE, COMPARE = "votes", "read", "propose", "compare"
VIEWS = {VOTES: word("participant.proposals_votes"), COMPARE: word("participant.before_after"),
         READ: word("participant.read_form"),
         PROPOSE: word("participant.propose_change")}
SIGNAL_FORMS = {  # constituency -> (signal kind, heading, {value: words}); shown beside tallies, never counted
    "vendor": ("feasibility", word("participant.how_hard_build"),
               {"easy": word("participant.easy"), "needs_work": word("participant.needs_work"),
                "not_possible": word("participant.not_possible")}),
    "manager": ("legal", word("participant.there_legal_policy_concern"),
                {"concern": word("participant.yes_concern"), "no_concern": word("participant.no_concern")})}
assert all(kind in participation.SIGNALS and set(words) == set(participation.SIGNALS[kind][1])
           for kind, _, words in SIGNAL_FORMS.values())
MENUS, PASTE = "menus", "paste"
MAX_YAML = 200_000  # characters: a big form is about 60 KB; more is a pasted mistake
MAX_REASON = 1000  # characters in a vote's reason
REASON_HINT = {"support": word("participant.optional_why"), "consent": word("participant.needed_if_object_what")}


def _join() -> None:
    st.subheader(word("participant.title"))
    # A join link or QR code from the projector fills the code in (once: after that the box is the person's).
    if st.query_params.get(front_door.CODE_PARAM) and not st.session_state.get("ws_join_code"):
        st.session_state["ws_join_code"] = st.query_params[front_door.CODE_PARAM][:20]
    with st.form("ws_join"):
        code = st.text_input(word("participant.join_code"), key="ws_join_code", max_chars=20,
                             placeholder=word("participant.e_g_abcde_fgh"),
                             help=word("participant.code_facilitator_shows_capitals"))
        constituency = st.selectbox(word("participant.i_am_taking_part"), CONSTITUENCIES, key="ws_join_constituency",
                                    format_func=ws.CONSTITUENCY_NAMES.__getitem__)
        name = st.text_input(word("participant.display_name_optional"), key="ws_join_name", max_chars=100)
        named = st.checkbox(word("participant.my_name_may_appear"), key="ws_join_consent")
        submitted = st.form_submit_button(word("participant.join"), type="primary")
    if submitted:
        if not code.strip():
            st.error(word("participant.type_join_code_facilitator"))
            return
        joined = ws.act(service.join, code, constituency, name, client=ws.client(),
                        attribution="named" if named else "anonymous")
        if joined is not None:
            _hold_token(joined["token"])
            ws.notice("success", word("participant.have_joined_welcome_come"))
            st.rerun()


def _hold_token(token: str | None) -> None:
    st.session_state[ws.DRAFT] = None
    if token:
        person.hold(token)
    else:
        person.forget()


def _context(token: str) -> service.ParticipantContext | None:
    try:
        return ws.store().run(service.participant_context, token, read_only=True)
    except WorkshopError as exc:
        st.error(word("participant.link_session_no_longer") + ws.refusal(exc))
        return None


def _read(form_text: str, name: str, token: str | None = None, constituency: str | None = None) -> None:
    result = ws.parse(form_text, name)
    if result.form is None:
        st.error(word("participant.form_cannot_shown") + issue_list(result.errors))
        return
    # A time trial here is kept in the workshop, under the participant's constituency.
    trial = time_trial.Place(token=token, role=constituency) if token else None
    if trial is not None and constituency == "practitioner":  # a practitioner times what they will fill in
        shown = st.segmented_control(word("participant.see"), [preview.PERSON, preview.PRACTITIONER], key="ws_read_as",
                                     format_func=preview.VIEW_LABELS.__getitem__, default=preview.PERSON,
                                     required=True) or preview.PERSON
        preview.render(result.form, shown, trial)
        return
    preview.render(result.form, preview.PERSON, trial)


def _start_point(token: str, me: service.ParticipantContext) -> tuple[int | None, str, int]:
    """What a proposal starts from: the current form, or an open proposal that it amends (decision 8)."""
    current = ws.act(participation.view, token, read_only=True)
    open_ids = [e["proposal"] for e in current["proposals"] if e["status"] == "open"] if current else []
    labels = {None: word("participant.current_form_version", version=me.version),
              **{number: word("participant.proposal_amend", number=number) for number in open_ids}}
    parent = st.selectbox(word("participant.start"), list(labels), key="ws_propose_parent",
                          format_func=labels.__getitem__,
                          help=word("participant.amendment_changes_someone_s"))
    if parent is None:
        return None, me.base_yaml, me.version
    texts = ws.act(participation.proposal_texts, token, parent, read_only=True)
    if texts is None:
        return None, me.base_yaml, me.version
    return parent, texts["after"], texts["version"]


def _propose(token: str, me: service.ParticipantContext) -> None:
    name = f"{me.form_id}.yaml"
    parent, start_text, start_version = _start_point(token, me)
    draft = st.session_state[ws.DRAFT]
    if draft is None or draft["token"] != token:
        draft = st.session_state[ws.DRAFT] = {"token": token, "texts": {}, "versions": {}}
    # One draft per starting point, so looking at another proposal to amend never loses what was made;
    # each remembers the version it began from (a publish may come in between).
    if parent not in draft["texts"]:
        draft["texts"][parent], draft["versions"][parent] = start_text, start_version
    text = draft["texts"][parent]
    how = st.radio(word("participant.how_do_want_propose"), [MENUS, PASTE], horizontal=True, key="ws_propose_how",
                   format_func={MENUS: word("participant.menus_no_yaml_needed"),
                                PASTE: word("participant.pasting_yaml")}.__getitem__)
    if how == PASTE:
        suffix = f"_{parent}" if parent else ""
        paste_key = f"ws_paste{suffix}"
        if paste_key not in st.session_state:
            st.session_state[paste_key] = start_text
            draft["versions"][("paste", parent)] = start_version
        # Not a form: a box reaches the server when the person leaves it, so switching view keeps it.
        pasted = text_box(word("participant.whole_form_yaml"), paste_key, MAX_YAML, 300)
        rationale = text_box(word("participant.why_change_optional"), "ws_paste_why", service.MAX_RATIONALE, 80)
        if st.button(word("participant.propose_yaml"), type="primary", key=f"ws_send_paste{suffix}") and \
                _send(token, pasted, "pasted.yaml", rationale, parent,
                      draft["versions"].get(("paste", parent), start_version)):
            ws.clear_next(**{paste_key: start_text})  # ready for the next proposal
            st.rerun()
        return

    def keep(new_text: str, version: int | None = None) -> None:
        draft["texts"][parent] = new_text
        if version is not None:
            draft["versions"][parent] = version
        st.rerun()

    current = ws.parse(text, name)
    guided_editor(text, current.form, keep, key="ws_guided")
    start = ws.parse(start_text, name).form
    if current.form is not None and start is not None:
        changes = [c.text for c in diff(start, current.form).changes if c.kind != "form_version"]
        st.markdown(word("participant.changes_so_far")
                    + ("\n".join(f"- {md(c)}" for c in changes) or word("participant.none_yet")))
    rationale = text_box(word("participant.why_change_optional"), "ws_guided_why", service.MAX_RATIONALE, 80)
    cols = st.columns(2)
    send = cols[0].button(word("participant.propose_version"), type="primary", key="ws_guided_send")
    restart = cols[1].button(word("participant.start_again_current_form") if parent is None
                             else word("participant.start_again_proposal", parent=parent), key="ws_guided_restart")
    if restart:
        keep(start_text, start_version)
    if send and _send(token, text, name, rationale, parent, draft["versions"].get(parent, start_version)):
        keep(start_text, start_version)


def _send(token: str, text: str, name: str, rationale: str, parent: int | None, version: int) -> bool:
    if too_long(text, MAX_YAML, word("limited.what.form")) or \
            too_long(rationale, service.MAX_RATIONALE, word("limited.what.rationale")):
        return False
    done = ws.act(service.propose, token, text, name, rationale, parent=parent, base_version=version)
    if done is None:
        return False
    amends = word("participant.amends_proposal", parent=parent) if parent else ""
    ws.clear_next("ws_paste_why", "ws_guided_why")
    ws.notice("success", word("participant.proposal_says", proposal=done['proposal'], amends=amends) +
              "\n".join(f"- {md(c)}" for c in done["changes"]))
    return True


def _show_proposal(entry: dict[str, Any]) -> None:
    method = entry["method"]
    with st.container(border=True):
        ws.proposal_heading(entry)
        if entry["rationale"]:
            st.markdown(word("participant.why") + md(entry["rationale"]))
        if entry["my_vote"] is None and entry["voted"]:
            st.markdown(word("participant.have_voted_secret_ballot"))
        if entry["my_vote"] is not None:
            mine = entry["my_vote"] if method == "dots" else ws.CHOICE_NAMES.get(entry["my_vote"], entry["my_vote"])
            dots = method == "dots" and str(mine).isdigit()
            shown = counted(int(mine), word("noun.dot"), word("noun.dots")) if dots else md(mine)
            st.markdown(word("participant.your_vote_was", value=shown))
        ws.remarks(entry)
        if "by_constituency" in entry:
            st.markdown(word("participant.votes_group_groups_fewer")
                        + ws.tally_lines(entry["by_constituency"], entry["overall"]))
            st.markdown(md(entry["reason"]))


def _outcome(data: dict[str, Any]) -> None:
    """What the room's work became: decisions in a line, then each version published, with its changes."""
    decided = [e["status"] for e in data["proposals"]]
    words = [word("participant.accepted", count=counted(decided.count("accepted"), word("noun.proposal"),
                                                        word("noun.proposals"))),
             word("participant.rejected", count=decided.count("rejected")),
             word("participant.not_decided", count=decided.count("open"))]
    with st.container(border=True):
        st.subheader(word("participant.outcome"))
        st.markdown(md(", ".join(words) + "."))
        for version in data.get("published", []):
            unchanged = [word("participant.no_change_questions")]
            st.markdown(word("participant.version_form_published_these", version=version['version'])
                        + "\n".join(f"- {md(c)}" for c in version["changes"] or unchanged))
        if not data.get("published"):
            st.markdown(word("participant.no_new_version_has"))


@st.fragment(run_every="2s")
def _live(token: str, workshop_id: int, shown_ids: list[int]) -> None:
    """Proposals and (when shown) results; re-read only when the change counter moved."""
    data = ws.snapshot("participant", lambda: ws.act(participation.view, token, read_only=True), workshop_id)
    if data is None:
        return
    stage = word(f"participant.stage.{data['status']}")
    st.caption(word("participant.workshop", stage=stage)
               + word("participant.results_shown" if data["results_shown"]
                      else "participant.results_shown_when_workshop"))
    if data["status"] == "closed":
        _outcome(data)
    if not data["proposals"]:
        st.write(word("participant.no_proposals_yet_propose"))
    ws.by_rivals(data, _show_proposal)
    ws.follow("participant", sorted(e["proposal"] for e in data["proposals"] if e["status"] == "open"), shown_ids)


def _vote(token: str, method: str, budget: int, open_proposals: list[dict[str, Any]]) -> None:
    """One voting form per vote method in use: usually one; two when a round changed the method while
    proposals with votes stayed open (they finish with the method their votes were cast by)."""
    st.subheader(word("participant.vote_heading"))
    if not open_proposals:
        st.write(word("participant.nothing_open_voting"))
        return
    methods = sorted({e["method"] for e in open_proposals}, key=lambda m: (m != method, m))
    for each in methods:
        if len(methods) > 1:
            st.caption(word("participant.proposals_voted", method=ws.METHOD_WORDS[each]))
        _vote_form(token, each, budget, [e for e in open_proposals if e["method"] == each],
                   "" if each == method else f"_{each}")


def _vote_form(token: str, method: str, budget: int, proposals: list[dict[str, Any]], suffix: str) -> None:
    with st.container(border=True):
        chosen = ws.choose_proposal(word("participant.proposal_vote"), proposals, f"ws_vote_proposal{suffix}")
        if method == "dots":
            choice = str(st.number_input(word("participant.dots_give_have_all", budget=budget), min_value=0,
                                         max_value=budget,
                                         step=1, key=f"ws_vote_dots{suffix}"))
        else:
            choice = st.radio(word("participant.your_vote"), METHODS[method], horizontal=True,
                              key=f"ws_vote_choice{suffix}",
                              format_func=ws.CHOICE_NAMES.__getitem__)
        reason = text_box(REASON_HINT.get(method, word("participant.why_optional")), f"ws_vote_reason{suffix}",
                          MAX_REASON, 68)
        submitted = st.button(word("participant.cast_my_vote"), type="primary", key=f"ws_vote_cast{suffix}",
                              help=word("participant.can_change_vote_while"))
    if submitted and not too_long(reason, MAX_REASON, word("limited.what.reason")):
        done = ws.act(service.vote, token, chosen, choice, reason or None)
        if done is not None:
            ws.clear_next(f"ws_vote_reason{suffix}")
            ws.notice("success", word("participant.vote_changed" if done["replaced"] else "participant.vote_counted",
                                      proposal=done["proposal"]))
            st.rerun()


def _comment(token: str, proposals: list[dict[str, Any]]) -> None:
    st.subheader(word("participant.comment_heading"))
    if not proposals:
        st.write(word("participant.there_nothing_comment_yet"))
        return
    with st.container(border=True):
        chosen = ws.choose_proposal(word("participant.proposal_comment"), proposals, "ws_comment_proposal")
        stances = {"for": word("participant.for_it"), "against": word("participant.against"),
                   "question": word("participant.a_question")}
        stance = st.radio(word("participant.your_comment_is"), participation.STANCES, horizontal=True,
                          key="ws_comment_stance", format_func=stances.__getitem__)
        body = text_box(word("participant.comment_heading"), "ws_comment_body", participation.MAX_TEXT, 80)
        submitted = st.button(word("participant.post_my_comment"), key="ws_comment_post")
    if submitted:
        if not body.strip():
            st.error(word("participant.write_comment_first"))
            return
        if too_long(body, participation.MAX_TEXT, word("limited.what.comment")):
            return
        if ws.act(participation.comment, token, chosen, body, stance) is not None:
            ws.clear_next("ws_comment_body")
            ws.notice("success", word("participant.comment_proposal_posted", chosen=chosen))
            st.rerun()


def _signal(token: str, constituency: str, proposals: list[dict[str, Any]]) -> None:
    if constituency not in SIGNAL_FORMS or not proposals:
        return
    kind, heading, words = SIGNAL_FORMS[constituency]
    st.subheader(heading)
    st.caption(word("participant.signal_shown_beside_votes"))
    with st.container(border=True):
        chosen = ws.choose_proposal(word("participant.proposal_signal"), proposals, "ws_signal_proposal")
        value = st.radio(heading, list(words), horizontal=True, key="ws_signal_value", format_func=words.__getitem__)
        note = text_box(word("participant.note_optional_what_would"), "ws_signal_note",
                        participation.MAX_TEXT, 80)
        submitted = st.button(word("participant.send_my_signal"), key="ws_signal_send")
    if submitted and not too_long(note, participation.MAX_TEXT, word("limited.what.note")) and \
            ws.act(participation.signal, token, chosen, kind, value, note) is not None:
        ws.clear_next("ws_signal_note")
        ws.notice("success", word("participant.signal_proposal_shown_beside", chosen=chosen))
        st.rerun()


def _compare(token: str, proposals: list[dict[str, Any]]) -> None:
    if not proposals:
        st.write(word("participant.no_proposals_yet"))
        return
    chosen = ws.choose_proposal(word("participant.proposal_look"), proposals, "ws_compare_proposal", status=True)
    texts = ws.act(participation.proposal_texts, token, chosen, read_only=True)
    if texts is not None:
        before_and_after(texts)


def _come_back(token: str) -> None:
    """The personal link that brings this person back, for a consultation that runs over days or weeks."""
    with st.expander(word("participant.come_back_later_another")):
        st.write(word("participant.workshop_keeps_place_open"))
        st.code(ws.return_link(token), language=None, wrap_lines=True)
        st.write(word("participant.shared_phone_computer_leave"))
        if st.button(word("participant.leave_workshop_device"), key="ws_part_leave"):
            _hold_token(None)
            st.rerun()


def _my_data(token: str, me: service.ParticipantContext) -> None:
    with st.expander(word("participant.data")):
        st.write(word("participant.participant_workshop_can_keep", participant=me.participant))
        # Made when the button is pressed (on a thread of its own), so no run of the page pays for it.
        st.download_button(word("participant.download_my_contributions_json"), partial(ws.contributions_json, token),
                           file_name=f"my-contributions-{me.workshop}.json", mime="application/json",
                           key="ws_my_data", on_click="ignore")


ws.init()
state.init()
st.title(word("participant.title"))
ws.show_notice()
token = st.session_state[ws.TOKEN]
if not token:
    st.write(word("participant.intro"))
    _join()
    st.stop()
me = _context(token)
if me is None:
    if st.button(word("participant.join_again"), key="ws_rejoin"):
        _hold_token(None)
        st.rerun()
    st.stop()
st.header(md(me.title))
who = ws.CONSTITUENCY_NAMES[me.constituency]
st.caption(word("participant.take_part_named", name=md(me.name), who=who) if me.name
           else word("participant.take_part_as", who=who))
view = st.segmented_control(word("participant.show"), list(VIEWS), key="ws_view", format_func=VIEWS.__getitem__,
                            default=VOTES, required=True, wrap=True) or VOTES
if view == COMPARE:
    current = ws.act(participation.view, token, read_only=True)
    if current is not None:
        _compare(token, current["proposals"])
elif view == READ:
    st.caption(word("participant.version_form_person_filling", version=me.version))
    _read(me.base_yaml, f"{me.form_id}.yaml", token, me.constituency)
elif view == PROPOSE:
    _propose(token, me)
else:
    current = ws.act(participation.view, token, read_only=True)
    if current is not None:
        waiting = [e for e in current["proposals"] if e["status"] == "open"]
        _live(token, me.workshop, sorted(e["proposal"] for e in waiting))
        # Each part in a box of its own: when the live view redraws the page, a part that grew or shrank
        # does not move the boxes below it, so a comment being typed stays (ui/workshop_state.show_notice).
        with st.container():
            if me.constituency not in SIGNAL_ONLY:  # vendors and managers signal instead (decision 10)
                _vote(token, me.method, me.dots_budget, waiting)
        with st.container():
            _comment(token, current["proposals"])
        with st.container():
            _signal(token, me.constituency, waiting)
_come_back(token)
_my_data(token, me)
