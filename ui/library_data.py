"""The library as the studio reads it: parsed once per change on disk, shared read-only by all sessions."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from forms.loader import LIBRARY_DIR, LoadResult, load_file, load_paths
from forms.storage import history
from workshops.publishing import default_dir as published_dir


def forms_dir() -> Path:
    """The folder the studio works on: $COFORM_FORMS_DIR, or the shipped sample library."""
    return Path(os.environ.get("COFORM_FORMS_DIR") or LIBRARY_DIR)


def _stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))


@st.cache_resource(max_entries=4, show_spinner=False)
def _load(folder: str, stamp: tuple[tuple[str, int], ...]) -> tuple[LoadResult, ...]:
    # cache_resource, not cache_data: the frozen model is immutable (so safe to share between
    # sessions) but not picklable. It is only a parse memo: the files stay the authority, and
    # `stamp` makes any change on disk load afresh.
    results, _ = load_paths([Path(folder)])
    return tuple(results)


def library() -> tuple[LoadResult, ...]:
    """Every file of the studio's folder, then every version a workshop published (when they are kept in a
    folder of their own), loaded and checked (errors and warnings included)."""
    folder, published = forms_dir(), published_dir()
    found = _load(str(folder), _stamp(folder))
    if published.is_dir() and published.resolve() != folder.resolve():
        found += _load(str(published), _stamp(published))
    return found


def is_published(result: LoadResult) -> bool:
    """Whether a library entry is a version a workshop published (not a file of the studio's folder)."""
    return Path(result.path).parent.resolve() == published_dir().resolve()


def saved_versions(result: LoadResult) -> list[tuple[str, LoadResult]]:
    """Earlier saved versions of a file (newest first), each with a name to show."""
    return [(f"{Path(result.path).name}, saved copy {path.suffix.lstrip('.')}", load_file(path))
            for path in reversed(history(result.path))]


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


def sample_versions() -> list[tuple[str, LoadResult]]:
    """Versions of library forms that a sample workshop published (samples/*/*.yaml, not the proposals in
    their subfolders), each with a name to show; none when the studio works on a folder of its own."""
    if forms_dir().resolve() != Path(LIBRARY_DIR).resolve():
        return []
    return [(f"{path.parent.name}/{path.name} (sample workshop)", load_file(path))
            for path in sorted(SAMPLES_DIR.glob("*/*.yaml")) if path.name != "workshop.yaml"]


def name_of(result: LoadResult) -> str:
    return Path(result.path).name
