"""Results page: each proposal's votes as a chart split by constituency first, and the rule's verdict in words.

The facilitator (with the key held on this device, or signed in on their own workshop) sees
every group's counts at any time; a participant sees results only when the workshop shows
them (live, or after it closes), with groups of fewer than three ballots counted with others so
nobody can be singled out. Charts are redrawn within about two seconds of a new vote, by a
fragment polling the change counter.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import sign_in
from ui import workshop_state as ws
from ui.text import md
from ui.words import word
from workshops import participation, service
from workshops.access import SignedIn


def _chart(entry: dict[str, Any]) -> None:
    groups = entry["by_constituency"]
    if not groups:
        st.write(word("results.no_votes_yet"))
        return
    choices = list(entry["overall"])
    rows = [{word("results.group"): ws.CONSTITUENCY_NAMES.get(g, g.capitalize()),
             **{ws.CHOICE_NAMES.get(c, c): counts.get(c, 0) for c in choices}} for g, counts in groups.items()]
    st.bar_chart(rows, x=word("results.group"), y=[ws.CHOICE_NAMES.get(c, c) for c in choices], stack=False,
                 horizontal=True,
                 height=80 + 40 * len(rows),
                 alt=word("results.votes_proposal_group_same", proposal=entry['proposal']))
    # The same figures in words, for screen readers and for anyone who reads numbers better than bars.
    st.markdown(ws.tally_lines(groups, entry["overall"]))


def _show(data: dict[str, Any]) -> None:
    if not data["proposals"]:
        st.write(word("results.no_proposals_yet"))
    ws.by_rivals(data, _entry)


def _entry(entry: dict[str, Any]) -> None:
    with st.container(border=True):
        ws.proposal_heading(entry)
        if "by_constituency" not in entry:
            st.write(word("results.results_shown_when_workshop"))
            return
        _chart(entry)
        st.markdown(word("results.passes" if entry["passed"] else "results.does_not_pass") + md(entry["reason"]))


@st.fragment(run_every="2s")
def _live(role: str, credential: str | SignedIn, workshop_id: int) -> None:
    read = service.results if role == "facilitator" else participation.view
    data = ws.snapshot(f"results_{role}", lambda: ws.act(read, credential, read_only=True), workshop_id)
    if data is not None:
        _show(data)


ws.init()
st.title(word("results.title"))
st.write(word("results.intro"))
if sign_in.credential():
    role, credential = "facilitator", sign_in.credential()
elif st.session_state[ws.TOKEN] or st.query_params.get(ws.TOKEN_PARAM):
    role, credential = "participant", st.session_state[ws.TOKEN] or st.query_params[ws.TOKEN_PARAM]
else:
    st.info(word("results.join_workshop_start_resume"))
    st.stop()
opened = ws.act(service.results if role == "facilitator" else participation.view, credential, read_only=True)
if opened is None:
    st.stop()
st.header(md(opened["title"]))
if role == "participant" and not opened["results_shown"]:
    st.info(word("results.facilitator_shows_results_when"))
_live(role, credential, opened["workshop"])
