"""The studio's caches, in one place: what each holds, what it is keyed by, and why sharing it is safe.

Every cache here is a memo. The files and the database stay the authority, so clearing any of them
costs time, never data. They use `st.cache_resource` rather than `st.cache_data`: the parsed models
are frozen (safe to share between sessions, never mutated) but not picklable, which cache_data needs.
A folder's stamp (each file's name, size and modification time) is part of the key, so any change on
disk is read afresh.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import streamlit as st

from forms import storage
from forms.loader import LoadResult, load_paths, load_text, shipped_forms
from workshops.db import Store

Stamp = tuple[tuple[str, int, int], ...]


@st.cache_resource(max_entries=48, show_spinner=False)
def parsed(text: str, name: str, checked: bool) -> LoadResult:
    """A text loaded once per distinct text, shared by every session showing it. CHECKED: validated and
    linted against the library's forms (the Form editor); otherwise validated only (a workshop's versions
    and proposals). 48 entries bound the memory: a 1,000-field form is about 3 MB parsed."""
    if checked:
        return load_text(text, name, forms=shipped_forms())
    return load_text(text, name, lint=False)


def stamp(folder: Path) -> Stamp:
    """The YAML files of a folder as (name, size, modification time), for cache keys."""
    try:
        return tuple((p.name, s.st_size, s.st_mtime_ns) for p in sorted(folder.glob("*.yaml"))
                     if p.is_file() and (s := p.stat()))
    except OSError:
        return ()


@st.cache_resource(max_entries=8, show_spinner=False)
def form_titles(folder: str, stamped: Stamp) -> tuple[tuple[str, str], ...]:
    """(file name, title) of the forms in a folder, for the editor's chooser."""
    out = []
    for name, _, _ in stamped:
        opened = storage.open_text(Path(folder) / name)
        if not opened.ok:
            continue
        result = load_text(opened.text or "", name, forms={}, lint=False)
        if result.workflow is None:  # forms, and files too broken to tell (they need the editor most)
            out.append((name, result.form.title if result.form is not None else name))
    return tuple(out)


@st.cache_resource(max_entries=4, show_spinner=False)
def folder_results(folder: str, stamped: Stamp) -> tuple[LoadResult, ...]:
    """Every file of a folder, loaded and checked (the Library and the pages that pick from it)."""
    results, _ = load_paths([Path(folder)])
    return tuple(results)


@st.cache_resource(max_entries=4, show_spinner=False)
def store(url: str) -> Store:
    """One Store per database URL: only the engine and its connection pool are shared; every read goes to
    the database."""
    return Store(url)


@st.cache_resource(show_spinner=False)
def kept_boxes() -> tuple[dict[str, dict[str, Any]], threading.Lock]:
    """Unsent boxes by credential digest, for this server process: a refresh (a new session) gets them back.
    Never the credential itself, and nothing after it is sent or discarded (the emptied box is kept)."""
    return {}, threading.Lock()
