"""`python -m exporter PATH --format FORMAT --out DIR`: write a form's or workflow's spec files.

Exit codes: 0 written, 1 the input is invalid or the format does not apply, 2 usage errors (an
unknown `--language` among them).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from exporter.base import URL_VARIABLE, Subject, url_problem
from exporter.formats import FORMATS
from forms.errors import INVALID, OK, USAGE, Code
from forms.languages import check_language
from forms.loader import forms_beside, load_file, load_text
from forms.model import Form
from forms.storage import write_file

SPEC_FORMATS = ("html", "markdown")  # the formats written in one language; the others carry every language


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m exporter",
                                     description="Export a Coform form or workflow for vendors to build from.")
    parser.add_argument("path", metavar="PATH", help="a form or workflow .yaml file")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS), metavar="FORMAT",
                        help="one of: " + ", ".join(sorted(FORMATS)))
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")
    parser.add_argument("--fhir-version", choices=("R4", "R5"), default="R4",
                        help="FHIR release for the Questionnaire (default R4, i.e. 4.0.1)")
    parser.add_argument("--previous", metavar="OLD.yaml",
                        help="the version this one replaces: the pack adds MIGRATION.md and migration.json "
                             "(default: the version before it in the workshop database, when there is one)")
    parser.add_argument("--language", metavar="TAG",
                        help="the language of the html or markdown spec, one the form lists (e.g. cy); "
                             "default: its main language")
    return parser


def _language_problem(args: argparse.Namespace, document: object) -> str | None:
    """Why --language cannot be used here, as a located catalog line; None when it can (or is not given)."""
    tag = args.language
    if tag is None:
        return None
    if args.format not in SPEC_FORMATS:
        return Code.EXPORT_LANGUAGE_NOT_FOR.issue(
            args.path, 1, 1, what=f"the format '{args.format}'",
            why="it carries every language the form has; only html and markdown are written in one.").format()
    if not isinstance(document, Form):
        return Code.EXPORT_LANGUAGE_NOT_FOR.issue(
            args.path, 1, 1, what=f"a {document.kind}",  # type: ignore[attr-defined]
            why="a workflow is written in one language; export each form it uses with --language.").format()
    wrong = check_language(document, tag)
    if wrong is not None:
        return wrong.located(args.path).format()
    return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return USAGE if exc.code else OK
    try:
        return export(args)
    except KeyboardInterrupt:
        return INVALID
    except Exception as exc:  # a bug must still not show a traceback to the user
        print(f"coform: internal error ({type(exc).__name__}: {exc}). Please report it with the file "
              "that caused it.", file=sys.stderr)
        return INVALID


def _workshop_records(document: object):
    """The changelog, decisions and previous version of a form version from the workshop database, if any."""
    from workshops.records import records_of  # SQLAlchemy is only needed when exporting

    found = records_of(document)
    if found.problem:
        print(f"coform: {found.problem} ({found.detail})", file=sys.stderr)
    return found


def _previous(args: argparse.Namespace, document: object) -> Form | bool | None:
    """The version DOCUMENT replaces (from --previous), None without one, False after printing why it cannot be used."""
    if not args.previous:
        return None
    found = load_file(args.previous, lint=False)
    if not found.ok:
        for issue in found.errors or found.issues:
            print(issue.format())
        return False
    old = found.document
    problem = None
    if not isinstance(document, Form) or not isinstance(old, Form):
        problem = "migration notes compare two versions of a form"
    elif old.id != document.id:
        problem = f"it is the form '{old.id}', not '{document.id}'"
    elif old.version >= document.version:
        problem = f"its version ({old.version}) is not older than this one ({document.version})"
    if problem:
        print(Code.EXPORT_PREVIOUS_UNUSABLE.issue(args.previous, 1, 1, problem=problem).format())
        return False
    return old


def export(args: argparse.Namespace) -> int:
    bad_url = url_problem()
    if bad_url is not None:  # a silent fallback would ship files naming the example domain
        print(Code.EXPORT_BAD_URL.issue(args.path, 1, 1, value=repr(os.environ.get(URL_VARIABLE)),
                                        problem=bad_url).format())
        return INVALID
    known = forms_beside(args.path)
    result = load_file(args.path, forms=known, lint=False)
    if not result.ok:
        for issue in result.errors or result.issues:
            print(issue.format())
        return INVALID
    document = result.document
    chosen = FORMATS[args.format]
    if document.kind not in chosen.kinds:
        allowed = ", ".join(name for name, f in sorted(FORMATS.items()) if document.kind in f.kinds)
        print(Code.EXPORT_FORMAT_NOT_FOR_KIND.issue(args.path, 1, 1, format=args.format, kind=document.kind,
                                                    allowed=allowed).format())
        return INVALID
    problem = _language_problem(args, document)
    if problem is not None:
        print(problem)
        return USAGE
    previous = _previous(args, document)
    if previous is False:
        return INVALID
    records = _workshop_records(document)
    if previous is None and records.previous_text:  # a version a workshop published: migrate from the one it replaced
        stored = load_text(records.previous_text, "<previous version>", lint=False)
        previous = stored.document if stored.ok and isinstance(stored.document, Form) else None
    subject = Subject(document, known, changelog=records.changelog, decisions=records.decisions,
                      fhir_version=args.fhir_version, previous=previous or None, language=args.language)
    exported = chosen.export(subject)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for file in exported.files:
            target = out / file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file(target, file.data)  # exclusive temporary file, then a rename: never half-written
    except OSError as exc:
        print(Code.EXPORT_CANNOT_WRITE.issue(args.path, 1, 1, out=args.out, reason=exc.strerror or exc).format())
        return INVALID
    for warning in exported.warnings:
        print(warning.located(warning.path if warning.path and warning.path != "<text>" else args.path).format(),
              file=sys.stderr)
    for file in exported.files:
        print(out / file.name)
    return OK
