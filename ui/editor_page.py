"""Form editor page: YAML on one side, the live preview on the other; every edit revalidated; saved safely.

The editor and the preview sit in one fragment, so an edit or an answer in the preview reruns
only them, not the page. The YAML lives in session state (`ui.state`) per file, so switching
forms or pages never loses what was typed; saving goes through `forms.storage` (atomic, refuses
to overwrite a file changed on disk since it was opened, keeps the previous version).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from forms import storage
from forms.burden import form_burden
from forms.errors import Issue
from forms.loader import LoadResult, shipped_forms
from forms.reader import MAX_BYTES
from ui import burden_panel, caches, language_switch, preview, print_view, save_conflict, state, time_trial
from ui.guided_editor import guided_editor
from ui.text import counted, issue_list, md, plain
from ui.words import word

BURDEN = "burden"
GUIDED = "guided"
VIEWS = {**preview.VIEW_LABELS, BURDEN: word("editor.burden"), GUIDED: word("editor.guided_editor")}
ISSUES_SHOWN = 50  # a broken paste can produce hundreds; the first fifty say enough
SNIPPET_LINES = 2  # lines of context shown around the first error


def parse(text: str, name: str) -> LoadResult:
    """Load and check a text (validation and lints), once per distinct text (ui/caches.py)."""
    return caches.parsed(text, name, True)


def _folder() -> Path:
    return Path(st.session_state[state.FOLDER])


def _open(name: str) -> state.Draft | None:
    """The draft of a file, read from disk the first time it is opened."""
    draft = state.drafts().get(name)
    if draft is None:
        opened = storage.open_text(_folder() / name)
        if not opened.ok:
            st.session_state[state.NOTICE] = {"name": name, "kind": "error", "text": opened.message}
            return None
        draft = state.Draft(text=opened.text or "", base=opened.text, sha=opened.sha256, valid=None)
        state.drafts()[name] = draft
    return draft


def _refresh(name: str) -> None:
    """Someone else saved a file that has no unsaved changes here: show their version rather than a stale one.

    Only on full runs (page loads, switching forms), never while typing: a file with unsaved
    changes is left alone, and saving it later reports the conflict instead.
    """
    draft = state.drafts().get(name)
    if draft is None or draft["text"] != draft["base"]:
        return
    opened = storage.open_text(_folder() / name)
    if opened.ok and opened.sha256 != draft["sha"]:
        draft.update(text=opened.text or "", base=opened.text, sha=opened.sha256)
        st.session_state[state.EDITOR] = draft["text"]  # the text area is not drawn yet in this run
        st.session_state[state.NOTICE] = {"name": name, "kind": "success",
                                          "text": word("editor.was_changed_disk_new", name=name)}


def _unsaved(name: str) -> bool:
    draft = state.drafts().get(name)
    return draft is not None and draft["text"] != draft["base"]


# --- callbacks (they run before the rerun, so they may set widget keys) ----------------
def _switch() -> None:
    """Another form chosen: keep the text of the one left as its draft, load the other's."""
    old, new = st.session_state[state.CURRENT], st.session_state[state.CHOOSER]
    if old in state.drafts() and state.EDITOR in st.session_state:
        state.drafts()[old]["text"] = st.session_state[state.EDITOR]
    st.session_state[state.CURRENT] = new
    st.session_state[state.CONFIRM_DISCARD] = None
    draft = _open(new)
    if draft is not None:
        st.session_state[state.EDITOR] = draft["text"]


def _set_text(name: str, text: str) -> None:
    state.drafts()[name]["text"] = text
    st.session_state[state.EDITOR] = text


def _save(name: str) -> None:
    draft = state.drafts()[name]
    text = st.session_state.get(state.EDITOR, draft["text"])
    _after_save(name, text, storage.save(_folder() / name, text, draft["sha"], forms=shipped_forms()))


def _keep_mine(name: str) -> None:
    conflict = st.session_state[state.CONFLICT] or {}
    text = st.session_state.get(state.EDITOR, state.drafts()[name]["text"])
    _after_save(name, text, storage.save(_folder() / name, text, conflict.get("theirs_sha"), forms=shipped_forms()))


def _merge(name: str, merged: str) -> None:
    """Both edits kept: the merged text is saved over theirs, still refused if a third edit came since."""
    conflict = st.session_state[state.CONFLICT] or {}
    _set_text(name, merged)
    _after_save(name, merged, storage.save(_folder() / name, merged, conflict.get("theirs_sha"),
                                           forms=shipped_forms()))


def _after_save(name: str, text: str, result: storage.SaveResult) -> None:
    draft = state.drafts()[name]
    draft["text"] = text
    if result.ok:
        draft["base"], draft["sha"] = text, result.sha256
        st.session_state[state.CONFLICT] = None
        st.session_state[state.NOTICE] = {"name": name, "kind": "success", "text": result.message}
    elif result.conflict:
        st.session_state[state.CONFLICT] = {"name": name, "theirs": result.theirs,
                                            "theirs_sha": result.theirs_sha256, "message": result.message}
        st.session_state[state.NOTICE] = None
    else:
        st.session_state[state.NOTICE] = {"name": name, "kind": "error", "text": result.message}


def _take_theirs(name: str) -> None:
    conflict = st.session_state[state.CONFLICT] or {}
    theirs = conflict.get("theirs")
    if theirs is None:
        return
    draft = state.drafts()[name]
    draft["base"], draft["sha"] = theirs, conflict.get("theirs_sha")
    _set_text(name, theirs)
    st.session_state[state.CONFLICT] = None
    st.session_state[state.NOTICE] = {"name": name, "kind": "success",
                                      "text": word("editor.now_have_their_version")}


def _copy_mine(name: str) -> None:
    text = st.session_state.get(state.EDITOR, state.drafts()[name]["text"])
    result = storage.save_copy(_folder() / name, text, forms=shipped_forms())
    if not result.ok:
        st.session_state[state.NOTICE] = {"name": name, "kind": "error", "text": result.message}
        return
    new = Path(result.path).name
    conflict = st.session_state[state.CONFLICT]
    if conflict and conflict["name"] == name and conflict.get("theirs") is not None:
        # The original now holds their version, with nothing of yours left unsaved in it.
        state.drafts()[name] = state.Draft(text=conflict["theirs"], base=conflict["theirs"],
                                           sha=conflict.get("theirs_sha"), valid=None)
    else:
        state.drafts().pop(name, None)
    state.drafts()[new] = state.Draft(text=text, base=text, sha=result.sha256, valid=text)
    st.session_state[state.CONFLICT] = None
    st.session_state[state.CURRENT] = new
    st.session_state[state.CHOOSER] = new
    st.session_state[state.EDITOR] = text
    st.session_state[state.NOTICE] = {"name": new, "kind": "success", "text": result.message}
    st.session_state[state.RERUN_APP] = True  # the form chooser, outside the fragment, must show the new file


def replace_text(text: str) -> None:
    """Put new YAML in the editor from the page body (for tools such as the guided editor).

    The text area has already been drawn in this run, so its key cannot be written now; the
    text waits in a plain key, taken before the text area is drawn on the rerun. The rerun is of
    the whole page: a fragment-scoped one is refused when the fragment runs within a full run.
    """
    st.session_state[state.PENDING] = text
    st.rerun()


def _ask_discard(name: str) -> None:
    st.session_state[state.CONFIRM_DISCARD] = name


def _discard(name: str, yes: bool) -> None:
    st.session_state[state.CONFIRM_DISCARD] = None
    if yes:
        _set_text(name, state.drafts()[name]["base"] or "")
        st.session_state[state.NOTICE] = None


# --- drawing ---------------------------------------------------------------------------
def _count(number: int, noun: str) -> str:
    """'1 error', '2 warnings': NOUN is 'error' or 'warning', the words are the table's."""
    return counted(number, word(f"noun.{noun}"), word(f"noun.{noun}s"))


def _snippet(text: str, issue: Issue) -> str:
    """The lines around an error, numbered, with a caret under the column (as strictyaml shows them)."""
    lines = text.splitlines()
    first, last = max(issue.line - SNIPPET_LINES, 1), min(issue.line + SNIPPET_LINES, len(lines))
    width = len(str(last))
    out = []
    for number in range(first, last + 1):
        mark = ">" if number == issue.line else " "
        out.append(f"{mark} {number:>{width}} | {lines[number - 1]}")
        if number == issue.line and issue.column:
            out.append(" " * (width + 5 + issue.column - 1) + "^")
    return "\n".join(out)


def _problems(result: LoadResult, text: str) -> None:
    errors, warnings = result.errors, result.warnings
    if errors:
        st.error(word("editor.cannot_be_used_one" if len(errors) == 1 else "editor.cannot_be_used_many",
                      count=_count(len(errors), "error"))
                 + issue_list(errors, ISSUES_SHOWN))
        if 0 < errors[0].line <= text.count("\n") + 1:
            st.code(_snippet(text, errors[0]), language=None)
    elif result.document is not None and result.form is None:
        st.error(word("editor.file_workflow_not_form"))
    if warnings:
        with st.expander(word("editor.advice_never_blocks_saving", count=_count(len(warnings), 'warning'))):
            st.markdown(issue_list(warnings, ISSUES_SHOWN))
    if not errors and not warnings and result.form is not None:
        st.caption(word("editor.checked_no_errors_no"))


def _save_controls(name: str, draft: state.Draft, can_save: bool) -> None:
    dirty = draft["text"] != draft["base"]
    left, right = st.columns(2)
    with left:
        st.button(word("editor.save"), key=state.SAVE, type="primary", disabled=not (dirty and can_save),
                  on_click=_save,
                  args=(name,), width="stretch")
    with right:
        st.button(word("editor.discard_my_changes"), key=state.DISCARD, disabled=not dirty, on_click=_ask_discard,
                  args=(name,), width="stretch")
    if dirty and not can_save:
        st.caption(word("editor.fix_errors_save_errors"))
    elif dirty:
        st.caption(word("editor.unsaved_changes_they_kept"))
    else:
        st.caption(word("editor.no_unsaved_changes"))
    if st.session_state[state.CONFIRM_DISCARD] == name:
        st.warning(word("editor.discard_changes_go_back", name=md(name)))
        yes, no = st.columns(2)
        yes.button(word("editor.yes_discard_them"), key=state.DISCARD_YES, on_click=_discard, args=(name, True))
        no.button(word("editor.no_keep_them"), key=state.DISCARD_NO, on_click=_discard, args=(name, False))
    notice = st.session_state[state.NOTICE]
    if notice and notice["name"] == name:
        (st.success if notice["kind"] == "success" else st.error)(md(notice["text"]))
    conflict = st.session_state[state.CONFLICT]
    if conflict and conflict["name"] == name:
        _conflict(name, draft, conflict)


def _conflict(name: str, draft: state.Draft, conflict: dict) -> None:
    st.warning(md(conflict["message"]))
    save_conflict.show(name, draft["base"], st.session_state.get(state.EDITOR, draft["text"]),
                       conflict.get("theirs"), _merge)
    st.button(word("editor.keep_mine_save_over"), key=state.KEEP_MINE, on_click=_keep_mine, args=(name,))
    st.button(word("editor.take_theirs_discard_mine"), key=state.TAKE_THEIRS, on_click=_take_theirs, args=(name,),
              disabled=conflict.get("theirs") is None)
    st.button(word("editor.save_mine_new_file"), key=state.COPY_MINE, on_click=_copy_mine, args=(name,))


@st.fragment
def editor() -> None:
    """The YAML, its problems and the preview: an edit reruns only this."""
    if st.session_state[state.RERUN_APP]:
        st.session_state[state.RERUN_APP] = False
        st.rerun()
    name = st.session_state[state.CURRENT]
    draft = state.drafts().get(name)
    if draft is None:
        return
    if st.session_state[state.PENDING] is not None:  # new text from a tool (see replace_text)
        draft["text"], st.session_state[state.PENDING] = st.session_state[state.PENDING], None
        st.session_state[state.EDITOR] = draft["text"]
    if state.EDITOR not in st.session_state:  # back from another page: the widget's key was dropped
        st.session_state[state.EDITOR] = draft["text"]
    problems = st.container()  # above both columns, so "the error above" is above on a phone too
    left, right = st.columns(2, gap="medium")
    with left:
        text = st.text_area(
            word("editor.yaml"), key=state.EDITOR, max_chars=MAX_BYTES, height=520,
            help=word("editor.click_outside_box_press")) or ""
    draft["text"] = text
    result = parse(text, name)
    form = result.form if result.ok else None
    if form is not None:
        draft["valid"] = text
    elif draft["valid"] is None and draft["base"] is not None and parse(draft["base"], name).ok:
        draft["valid"] = draft["base"]
    shown = form if form is not None else (parse(draft["valid"], name).form if draft["valid"] else None)
    saved = parse(draft["base"], name).form if draft["base"] else None
    with problems:
        _problems(result, text)
    with left:
        lines = st.expander(word("editor.yaml_line_numbers"), key=state.LINES, on_change="rerun")
        if lines.open:  # drawn only when open: on a big form it is the heaviest element of the page
            lines.code(text, language="yaml", line_numbers=True)
        _save_controls(name, draft, result.ok)
    with right:
        if state.VIEW not in st.session_state:
            st.session_state[state.VIEW] = preview.PRACTITIONER
        view = st.segmented_control(word("editor.show"), list(VIEWS), key=state.VIEW, format_func=VIEWS.__getitem__,
                                    required=True, wrap=True) or preview.PRACTITIONER  # never cut off
        if shown is None:
            st.info(word("editor.preview_appears_once_yaml"))
            return
        if form is None:
            st.warning(word("editor.showing_last_valid_version"))
        st.caption(burden_panel.summary(form_burden(shown), form_burden(saved) if saved is not None else None))
        if view == GUIDED:
            # Guided edits start from the text as typed, so they need it to load: otherwise the
            # panel says to fix the YAML first rather than edit an older version behind its back.
            guided_editor(text, form, replace_text)
        elif view == BURDEN:
            burden_panel.render(shown, saved)
        elif view == preview.PRINT:
            print_view.render(language_switch.choose(shown))
        else:
            # Trials of a saved file are kept beside it (FORM.trials.csv); of a new one, for this session.
            path = _folder() / name
            preview.render(shown, view, time_trial.Place(form_path=str(path) if path.is_file() else None))


state.init()
st.title(word("editor.title"))
st.write(word("editor.intro"))
listing = caches.form_titles(str(_folder()), caches.stamp(_folder()))
titles = dict(listing)
names = list(titles) + sorted(n for n in state.drafts() if n not in titles)  # drafts of files gone from disk
if not names:
    st.info(word("editor.there_no_forms_edit", folder=md(_folder())))
    st.stop()
if st.session_state[state.CURRENT] not in names:
    st.session_state[state.CURRENT] = names[0]
if st.session_state.get(state.CHOOSER) not in names:
    st.session_state[state.CHOOSER] = st.session_state[state.CURRENT]
# Option labels must not change while a file is being edited: the browser sends the label back, and a
# label that no longer matches (say, one marked "unsaved") would lose the selection. So unsaved files
# are listed in a caption instead.
labels = {name: f"{plain(titles.get(name, name))} ({name})" for name in names}
st.selectbox(word("editor.form"), names, key=state.CHOOSER, on_change=_switch, format_func=labels.__getitem__)
others = [n for n in names if n != st.session_state[state.CURRENT] and _unsaved(n)]
if others:
    st.caption(word("editor.also_unsaved_kept_until") + md(", ".join(others)) + ".")
if _open(st.session_state[state.CURRENT]) is not None:
    _refresh(st.session_state[state.CURRENT])
if state.drafts().get(st.session_state[state.CURRENT]) is None:
    notice = st.session_state[state.NOTICE] or {}
    st.error(md(notice.get("text", word("editor.file_cannot_opened"))))
else:
    editor()
