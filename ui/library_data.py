"""The library as the studio reads it: parsed once per change on disk, shared read-only by all sessions."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from forms.loader import LIBRARY_DIR, LoadResult, load_paths


def _stamp() -> tuple[tuple[str, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(LIBRARY_DIR.glob("*.yaml")))


@st.cache_resource(max_entries=2, show_spinner=False)
def _load(stamp: tuple[tuple[str, int], ...]) -> tuple[LoadResult, ...]:
    # cache_resource, not cache_data: the frozen model is immutable (so safe to share between
    # sessions) but not picklable. It is only a parse memo: the files stay the authority, and
    # `stamp` makes any change on disk load afresh.
    results, _ = load_paths([LIBRARY_DIR])
    return tuple(results)


def library() -> tuple[LoadResult, ...]:
    """Every library file, loaded and checked (errors and warnings included)."""
    return _load(_stamp())


def name_of(result: LoadResult) -> str:
    return Path(result.path).name
