"""The library as the studio reads it: parsed once per change on disk, shared read-only by all sessions."""

from __future__ import annotations

import os
from pathlib import Path

from forms.loader import LIBRARY_DIR, LoadResult, load_file
from forms.storage import history
from ui import caches
from ui.words import word
from workshops.publishing import default_dir as published_dir


def forms_dir() -> Path:
    """The folder the studio works on: $COFORM_FORMS_DIR, or the shipped sample library."""
    return Path(os.environ.get("COFORM_FORMS_DIR") or LIBRARY_DIR)


def library() -> tuple[LoadResult, ...]:
    """Every file of the studio's folder, then every version a workshop published (when they are kept in a
    folder of their own), loaded and checked (errors and warnings included)."""
    folder, published = forms_dir(), published_dir()
    found = caches.folder_results(str(folder), caches.stamp(folder))
    if published.is_dir() and published.resolve() != folder.resolve():
        found += caches.folder_results(str(published), caches.stamp(published))
    return found


def is_published(result: LoadResult) -> bool:
    """Whether a library entry is a version a workshop published (not a file of the studio's folder)."""
    return Path(result.path).parent.resolve() == published_dir().resolve()


def saved_versions(result: LoadResult) -> list[tuple[str, LoadResult]]:
    """Earlier saved versions of a file (newest first), each with a name to show."""
    return [(word("library.saved_copy", name=Path(result.path).name, suffix=path.suffix.lstrip('.')), load_file(path))
            for path in reversed(history(result.path))]


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


def sample_versions() -> list[tuple[str, LoadResult]]:
    """Versions of library forms that a sample workshop published (samples/*/*.yaml, not the proposals in
    their subfolders), each with a name to show; none when the studio works on a folder of its own."""
    if forms_dir().resolve() != Path(LIBRARY_DIR).resolve():
        return []
    return [(word("library.sample_workshop", folder=path.parent.name, name=path.name), load_file(path))
            for path in sorted(SAMPLES_DIR.glob("*/*.yaml")) if path.name != "workshop.yaml"]


def name_of(result: LoadResult) -> str:
    return Path(result.path).name
