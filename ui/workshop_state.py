"""Workshop pages' session keys, the shared store, refusals shown in words, and the change counter they poll.

Authority stays in the database: the only cached workshop object is the Store (an engine and its
connection pool, ui/caches.py), so anyone clearing the caches costs a reconnect, never data. Session
state holds credentials and plain data: the facilitator key (or, for a signed-in facilitator, only the
id of the workshop opened), the participant token (carried across refresh and Back by ui/person.py)
and the last snapshot the live fragment drew, with the change counter it was read at.

The database is the one `workshops.db.database_url` picks: $DATABASE_URL, else the SQLite file
under data/. Published versions are written to $COFORM_PUBLISH_DIR, else data/published (ui.library_data.published_dir).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from forms.codesign_words import CHOICE_NAMES, CONSTITUENCY_NAMES, METHOD_WORDS  # noqa: F401 (ws.X)
from forms.loader import LoadResult
from ui import caches, person
from ui.text import md, plain
from ui.words import word
from workshops import access, participation
from workshops.db import Store, database_url
from workshops.errors import WorkshopError
from workshops.queries import counter
from workshops.voting import CONSTITUENCIES

T = TypeVar("T")

# --- plain keys (never bound to a widget) -------------------------------------------------
FAC_KEY = "ws:fac_key"  # str | None: the facilitator key; the service checks it on every action
# int | None: the workshop a signed-in facilitator opened. Only the id: the account is read from
# st.user on every run (ui/sign_in.py), and the service checks that it owns this workshop.
FAC_WORKSHOP = "ws:fac_workshop"
FAC_NEW = "ws:fac_new"  # dict | None: {"join_code", "key"} of a workshop just made, shown until dismissed
PUBLISHED = "ws:published"  # dict | None: {"version", "name", "yaml", "changes"} of the last publish
TOKEN = person.TOKEN  # str | None: the participant token (mirrored in the URL query parameter TOKEN_PARAM)
DRAFT = "ws:draft"  # dict | None: {"token", "texts": {parent or None: YAML}, "versions": {...: base version}}
NOTICE = "ws:notice"  # dict | None: {"kind": "success" | "info", "text"}: the outcome of the last action
SNAPSHOT = "ws:snapshot"  # dict[role, {"changes", "workshop", "data"}]: what each page's live fragment last read
FOLLOWED = "ws:followed"  # dict[role, (workshop, changes)]: where a live fragment last reran its page

CLEAR = "ws:clear"  # dict[str, object]: widget keys to reset at the start of the next run, with their empty value
# Boxes people type in (key prefixes). Streamlit forgets a widget's value when a run does not draw it
# (another view, another starting point); init() keeps these, so nothing typed is lost that way.
TYPED = ("ws_paste", "ws_guided_why", "ws_comment_body", "ws_signal_note", "ws_vote_reason", "ws_decide_statement",
         "ws_assist_reason", "ws_create_title")

TOKEN_PARAM = person.TOKEN_PARAM  # ?t=<participant token>: a phone that reconnects rejoins as the same person
RESTORED = "ws:restored"  # str | None: whose kept boxes this session has already put back (a credential's digest)

assert set(CONSTITUENCY_NAMES) == set(CONSTITUENCIES)


def init() -> None:
    """Create every plain key once; later runs leave what is there alone."""
    for key in (FAC_KEY, FAC_WORKSHOP, FAC_NEW, PUBLISHED, TOKEN, DRAFT, NOTICE):
        if key not in st.session_state:
            st.session_state[key] = None
    for key in (SNAPSHOT, FOLLOWED):
        if key not in st.session_state:
            st.session_state[key] = {}
    # Set, not deleted: a browser keeps a box's own text unless the server sends it a new value.
    for key, empty in (st.session_state.get(CLEAR) or {}).items():
        st.session_state[key] = empty
    st.session_state[CLEAR] = {}
    person.carry_token()
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(TYPED):
            st.session_state[key] = st.session_state[key]  # now plain state: kept when the box is not drawn
    keep_typed()


# --- what people type survives a refresh ------------------------------------------------------
MAX_KEPT = 2000  # people whose unsent boxes this process keeps (the oldest are forgotten first)


def keep_typed() -> None:
    """Put back what this person had typed when the session is new; then remember what is in the boxes now."""
    credential = st.session_state.get(TOKEN) or st.session_state.get(FAC_KEY)
    if not credential:
        return
    owner = access.digest(credential)
    kept, lock = caches.kept_boxes()
    with lock:
        saved = kept.get(owner, {})
        # A box is missing after a refresh (a new session) or a visit to another page (Streamlit forgets the
        # state of widgets a run did not draw); one the person emptied or sent is present, empty, and stays so.
        for key, value in saved.get("boxes", {}).items():
            if key not in st.session_state:
                st.session_state[key] = value
        if st.session_state.get(RESTORED) != owner:  # the unsent proposal, once per new session
            if saved.get("draft") and not st.session_state.get(DRAFT):
                st.session_state[DRAFT] = saved["draft"]
            st.session_state[RESTORED] = owner
        boxes = {key: value for key, value in st.session_state.items()
                 if isinstance(key, str) and key.startswith(TYPED) and isinstance(value, str)}
        kept.pop(owner, None)  # re-inserted last: the dict's order is oldest first
        kept[owner] = {"boxes": boxes, "draft": st.session_state.get(DRAFT)}
        while len(kept) > MAX_KEPT:
            kept.pop(next(iter(kept)))


def clear_next(*keys: str, **values: object) -> None:
    """Empty these text boxes (KEYS, to "") or reset other widgets (VALUES) on the next run: what was typed
    has been used (a form that cleared itself on submit would also lose it when the action is refused)."""
    st.session_state[CLEAR] = {**(st.session_state.get(CLEAR) or {}), **dict.fromkeys(keys, ""), **values}


def store() -> Store:
    return caches.store(database_url())


def client() -> str:
    """Who is guessing join codes, for the rate limit: the browser's address when Streamlit knows it."""
    try:
        address = st.context.ip_address
    except Exception:  # no request context (scripts)
        address = None
    return address if isinstance(address, str) and address else "studio"  # AppTest gives a mock


def return_link(token: str) -> str:
    """This page's address with the participant's token: the way back for the same person."""
    try:
        here = st.context.url
    except Exception:  # no request context (scripts)
        here = None
    here = here if isinstance(here, str) and here.startswith(("http://", "https://")) else "/participant_page"
    return f"{here}?{TOKEN_PARAM}={token}"


def refusal(exc: WorkshopError) -> str:
    """A refusal as Markdown: what is wrong and how to fix it, in words (escaped); the codes, for whoever
    helps, on a details line of their own (issue 16.6)."""
    said = "\n".join(f"- {md(issue.sentence())}" for issue in exc.issues)
    return word("workshop.details", said=said, codes=', '.join(dict.fromkeys(issue.code for issue in exc.issues)))


def act(operation: Callable[..., T], *args: Any, read_only: bool = False, **kwargs: Any) -> T | None:
    """Run a service operation; a refusal is shown here in words with its code, and None returned."""
    try:
        return store().run(operation, *args, read_only=read_only, **kwargs)
    except WorkshopError as exc:
        st.error(word("workshop.was_not_done") + refusal(exc))
    except ValueError as exc:
        st.error(word("workshop.was_not_done_short") + md(str(exc)))
    return None


def contributions_json(token: str) -> str:
    """Everything a participant contributed, as the JSON file they download (a refusal says why instead)."""
    try:
        found: object = store().run(participation.export_participant, token, read_only=True)
    except WorkshopError as exc:
        found = {"ok": False, "issues": [issue.as_dict() for issue in exc.issues]}
    return json.dumps(found, indent=2, ensure_ascii=False)


def notice(kind: str, text: str) -> None:
    """Keep a message for the next run (actions rerun the page so everything shows the new state)."""
    st.session_state[NOTICE] = {"kind": kind, "text": text}


def show_notice() -> None:
    """The last action's message, in a slot drawn on every run, shown or not: a message that comes and
    goes must not move the boxes below it, or a box being typed in is redrawn as a new one and loses the
    text not yet sent to the server."""
    slot = st.container()
    found = st.session_state.get(NOTICE)
    if found:
        (slot.success if found["kind"] == "success" else slot.info)(found["text"])
        st.session_state[NOTICE] = None


def changes(workshop_id: int) -> int:
    """The workshop's change counter: one indexed read, what the live fragments poll."""
    return store().run(counter, workshop_id, read_only=True)


def snapshot(role: str, read: Callable[[], dict[str, Any] | None], workshop_id: int) -> dict[str, Any] | None:
    """The data a page's live view draws: read again only when the change counter moved."""
    now = changes(workshop_id)
    held = st.session_state[SNAPSHOT].get(role)
    if held is None or held["changes"] != now or held["workshop"] != workshop_id:
        data = read()
        if data is None:
            return None
        held = {"changes": now, "workshop": workshop_id, "data": data}
        st.session_state[SNAPSHOT][role] = held
    return held["data"]


def follow(role: str, offered: object, shown: object) -> None:
    """Rerun the whole page when the live fragment read choices (OFFERED) that the forms outside it,
    drawn from SHOWN, do not have yet: new proposals can be voted and commented on by themselves.

    What is being typed survives the rerun: a box keeps its own text while the server sends it no new
    value. At most once per change counter value, so a read that raced a change can never loop.
    """
    if offered == shown:
        return
    held = st.session_state[SNAPSHOT].get(role)
    changes_seen = (held["workshop"], held["changes"]) if held else None
    if st.session_state[FOLLOWED].get(role) == changes_seen:
        return
    st.session_state[FOLLOWED][role] = changes_seen
    st.rerun(scope="app")


def parse(text: str, name: str) -> LoadResult:
    """A workshop's version or proposal, validated (ui/caches.py holds the memo)."""
    return caches.parsed(text, name, False)


def proposal_heading(entry: dict[str, Any]) -> None:
    """A proposal's number, status (and parent, for an amendment) and its changes in plain English."""
    parent = word("workshop.amendment_proposal", parent=entry['parent']) if entry.get("parent") else ""
    st.markdown(word("workshop.proposal_heading", proposal=entry['proposal'], parent=parent, status=entry['status']))
    st.markdown("\n".join(f"- {md(c)}" for c in entry["changes"]))
    if entry.get("amends_accepted"):
        st.warning(word("workshop.proposal_which_amends_was", amends_accepted=entry['amends_accepted']))


RIVALS_PER_ROW = 3  # wider rows leave each proposal too narrow to read on a laptop


def by_rivals(data: dict[str, Any], draw: Callable[[dict[str, Any]], None]) -> None:
    """Draw DATA's proposals in order with DRAW, rivals (proposals changing the same field) side by side
    in one box that says which fields they share and which one the rule picks (when results are shown)."""
    entries = {e["proposal"]: e for e in data["proposals"]}
    groups = [g for g in data.get("rivals", []) if all(n in entries for n in g["proposals"])]
    drawn: set[int] = set()
    for entry in data["proposals"]:
        mine = [g for g in groups if entry["proposal"] in g["proposals"] and id(g) not in drawn]
        for group in mine:
            drawn.add(id(group))
            with st.container(border=True):
                st.markdown(word("workshop.rivals", reason=md(group['reason'])))
                numbers = group["proposals"]
                for start in range(0, len(numbers), RIVALS_PER_ROW):  # a row of at most 3 side by side
                    row = numbers[start:start + RIVALS_PER_ROW]
                    for column, number in zip(st.columns(len(row)), row, strict=True):
                        with column:
                            if number == group["winner"]:
                                st.markdown(word("workshop.rule_s_pick"))
                            draw(entries[number])
        if not any(entry["proposal"] in g["proposals"] for g in groups):
            draw(entry)


def choose_proposal(label: str, entries: list[dict[str, Any]], key: str, *, status: bool = False) -> int:
    """A menu of proposals, each named by its number, (its status,) and its first change in plain text."""
    by_id = {e["proposal"]: e for e in entries}

    def name(number: int) -> str:
        shown = f" ({by_id[number]['status']})" if status else ""
        return word("workshop.proposal_choice", number=number, shown=shown,
                    change=plain((by_id[number]['changes'] or [''])[0], 80))

    return st.selectbox(label, list(by_id), key=key, format_func=name)


def remarks(entry: dict[str, Any]) -> None:
    """A proposal's signals (vendor feasibility, manager concerns: never counted) and its visible comments."""
    for note in entry["signals"]:
        st.caption(f"{md(note['kind'].capitalize())}: {md(note['value'].replace('_', ' '))}"
                   + (f" ({md(note['note'])})" if note["note"] else "") + word("workshop.signal_not_vote"))
    for remark in entry["comments"]:
        # "by" is the author's name when they agreed to be named, else their constituency (shown in words).
        who = CONSTITUENCY_NAMES.get(remark["by"], remark["by"])
        st.caption(f"{md(who)} ({md(remark['stance'])}): {md(remark['body'])}")


def tally_lines(by_constituency: dict[str, dict[str, int]], overall: dict[str, int] | None) -> str:
    """Counts by constituency first, the pooled count last, as a Markdown list (words, not colour)."""
    def counts(values: dict[str, int]) -> str:
        return ", ".join(f"{n} {CHOICE_NAMES.get(choice, choice).lower()}" for choice, n in values.items())

    lines = [f"- {CONSTITUENCY_NAMES.get(group, group.capitalize())}: {counts(values)}"
             for group, values in by_constituency.items()]
    if not lines:
        lines = [word("workshop.no_votes_yet")]
    if overall is not None:
        lines.append(word("workshop.everyone_together", counts=counts(overall)))
    return "\n".join(lines)
