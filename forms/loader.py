"""Public entry points: YAML text or files → a validated Form or Workflow with every issue found."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from forms.errors import Code, Issue, sort_issues
from forms.lints import lint as run_lints
from forms.model import Document, Form, Workflow
from forms.reader import MAX_BYTES, FileTooLarge, NotRegularFile, read, read_file
from forms.schema import build
from forms.validate import check_form, check_workflow

LIBRARY_DIR = Path(__file__).resolve().parent / "library"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded document (None when it could not be read) and its issues in reading order."""

    document: Document | None
    issues: tuple[Issue, ...] = ()
    path: str = "<text>"
    text: str = field(default="", repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the document was read and has no errors (warnings are allowed)."""
        return self.document is not None and not any(i.is_error for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    @property
    def form(self) -> Form | None:
        return self.document if isinstance(self.document, Form) else None

    @property
    def workflow(self) -> Workflow | None:
        return self.document if isinstance(self.document, Workflow) else None


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a document is built.

    Loading allocates tens of thousands of small objects (nodes, mappings, model objects), none
    of which form cycles; each allocation burst triggers full-heap collections that cost about a
    third of the load. The collector runs as usual again afterwards. A counter under a lock keeps
    this right when several studio sessions load at once (threads share one collector).
    """
    global _loads_running, _gc_was_enabled
    with _gc_lock:
        if _loads_running == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _loads_running += 1
    try:
        yield
    finally:
        with _gc_lock:
            _loads_running -= 1
            if _loads_running == 0 and _gc_was_enabled:
                gc.enable()


_gc_lock = threading.Lock()
_loads_running = 0
_gc_was_enabled = True


def load_text(text: str | bytes, path: str = "<text>", *, forms: Mapping[str, Form] | None = None,
              lint: bool = True) -> LoadResult:
    """Read, build, validate and (by default) lint one document. Never raises for bad input.

    `forms` are the forms a workflow may name (default: the shipped library, read only when the
    document is a workflow, so checking a form never reads the library); they are also used to
    find questions asked twice along a workflow.
    """
    with _no_gc_pauses():
        return _load(text, path, forms, lint)


def _load(text: str | bytes, path: str, forms: Mapping[str, Form] | None, lint: bool) -> LoadResult:
    result = read(text)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if result.data is None:
        return LoadResult(None, _place(result.issues, path), path, text)
    document, issues = build(result.data)  # type: ignore[arg-type]
    issues = result.issues + issues
    if isinstance(document, Form):
        issues += check_form(document)
    elif isinstance(document, Workflow):
        if forms is None:
            forms = shipped_forms()
        issues += check_workflow(document, forms)
    if lint and document is not None and not any(i.is_error for i in issues):
        issues += run_lints(document, forms or {})  # a form's lints never look at other forms
    return LoadResult(document, _place(issues, path), path, text)


def load_file(path: str | Path, *, forms: Mapping[str, Form] | None = None, lint: bool = True) -> LoadResult:
    """Load a file from disk; unreadable files are reported as issues, never raised."""
    name = str(path)
    try:
        raw = read_file(path, MAX_BYTES)
    except NotRegularFile as exc:
        return LoadResult(None, (Code.FILE_NOT_REGULAR.issue(name, 1, 1, found=exc.kind),), name)
    except FileTooLarge as exc:
        return LoadResult(None, (Code.YAML_TOO_LARGE.issue(name, 1, 1, size=exc.size, limit=MAX_BYTES),), name)
    except OSError as exc:
        return LoadResult(None, (Code.FILE_UNREADABLE.issue(name, 1, 1, reason=exc.strerror or str(exc)),), name)
    return load_text(raw, name, forms=forms, lint=lint)


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[Issue]]:
    """Files named, and *.yaml files found under folders named, in a stable order."""
    files: list[Path] = []
    issues: list[Issue] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.yaml") if p.is_file())
            if not found:
                issues.append(Code.FILE_NONE_FOUND.issue(str(path), 1, 1))
            files += found
        elif path.exists():
            files.append(path)
        else:
            issues.append(Code.FILE_UNREADABLE.issue(str(path), 1, 1, reason="no such file or folder"))
    return files, issues


def load_paths(paths: Iterable[str | Path], *, lint: bool = True) -> tuple[list[LoadResult], list[Issue]]:
    """Load many files: forms first, so workflows can name the library's forms and those given."""
    files, issues = expand(paths)
    first = [load_file(p, lint=False) for p in files]
    known: dict[str, Form] = {}
    if any(isinstance(result.document, Workflow) for result in first):  # only workflows name forms
        known.update(shipped_forms())
        for result in first:
            if isinstance(result.document, Form) and result.document.id:
                known[result.document.id] = result.document
    results = []
    for result in first:
        if isinstance(result.document, Workflow):  # small: check again, now knowing the forms given
            result = load_text(result.text, result.path, forms=known, lint=lint)
        elif lint and result.ok:  # a form is read once; only its lints are added
            lints = run_lints(result.document, known)
            result = LoadResult(result.document, _place([*result.issues, *lints], result.path), result.path,
                                result.text)
        results.append(result)
    return results, issues


def forms_beside(path: str | Path) -> dict[str, Form]:
    """Forms a workflow at `path` may use: the library's, and the valid forms in its own folder."""
    known = dict(shipped_forms())
    for sibling in sorted(Path(path).resolve().parent.glob("*.yaml")):
        result = load_file(sibling, forms={}, lint=False)
        if isinstance(result.document, Form) and result.ok:
            known[result.document.id] = result.document
    return known


@functools.lru_cache(maxsize=1)
def shipped_forms() -> Mapping[str, Form]:
    """The forms of the shipped sample library, by id (read once per process)."""
    out: dict[str, Form] = {}
    for path in sorted(LIBRARY_DIR.glob("*.yaml")):
        result = load_text(path.read_bytes(), str(path), forms={}, lint=False)
        if isinstance(result.document, Form) and result.document.id:
            out[result.document.id] = result.document
    return out


def _place(issues: Iterable[Issue], path: str) -> tuple[Issue, ...]:
    return tuple(sort_issues([i.located(path) for i in issues]))
