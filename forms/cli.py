"""`python -m forms validate|burden|diff|import`: the command line the README describes ("The command line").

The CLI only formats: library calls return results with issues, and this module prints them.
Exit codes: 0 success, 1 invalid input or a failed rule, 2 usage errors. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace

from forms.errors import INVALID, OK, USAGE, Issue
from forms.loader import LoadResult, forms_beside, load_file, load_paths
from forms.model import Form


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m forms", description="Check, measure, compare and import "
                                     "Coform forms and workflows.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check forms and workflows (folders are searched for *.yaml)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--errors-only", action="store_true", help="leave out warnings (lints)")
    p = sub.add_parser("burden", help="burden figures for a form, or along a workflow's paths")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--timings", metavar="OBS.csv", help="measured seconds per question (columns field,seconds): "
                   "the median replaces the estimate for questions timed at least 3 times")
    p.add_argument("--language", metavar="TAG", help="read the form in one of its languages (e.g. cy); "
                   "the figures are the same in every language")
    p = sub.add_parser("diff", help="plain-English list of changes between two versions")
    p.add_argument("old", metavar="OLD.yaml")
    p.add_argument("new", metavar="NEW.yaml")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p = sub.add_parser("import", help="convert an XLSForm (.xlsx) or FHIR Questionnaire (.json) to Coform YAML")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="source", required=True, choices=("xlsform", "fhir"))
    p.add_argument("--out", metavar="NEW.yaml", help="write the YAML here instead of printing it")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return USAGE if exc.code else OK
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return INVALID
    except BrokenPipeError:
        return OK
    except Exception as exc:
        print(f"coform: internal error ({type(exc).__name__}: {exc}). Please report it with the file "
              "that caused it.", file=sys.stderr)
        return INVALID


def _print_issues(issues: Sequence[Issue], stream=None) -> None:
    out = stream or sys.stdout
    for issue in issues:
        print(issue.format(), file=out)


def validate(args: argparse.Namespace) -> int:
    results, problems = load_paths(args.paths)
    if args.errors_only:
        results = [LoadResult(r.document, r.errors, r.path) for r in results]
    errors = sum(len(r.errors) for r in results) + len(problems)
    warnings = sum(len(r.warnings) for r in results)
    if args.json:
        payload = {
            "files": [{"path": r.path, "kind": getattr(r.document, "kind", None),
                       "id": getattr(r.document, "id", None), "ok": r.ok,
                       "issues": [i.as_dict() for i in r.issues]} for r in results],
            "problems": [i.as_dict() for i in problems], "errors": errors, "warnings": warnings,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_issues(problems)
        for r in results:
            _print_issues(r.issues)
        print(f"{len(results)} file(s) checked: {errors} error(s), {warnings} warning(s).", file=sys.stderr)
    return INVALID if errors else OK


def _load_valid(path: str, as_json: bool, forms: dict[str, Form] | None = None) -> LoadResult | None:
    """The loaded document, or None after printing why it cannot be used (as JSON when asked)."""
    result = load_file(path, forms=forms, lint=False)
    if not result.ok:
        problems = result.errors or result.issues
        if as_json:
            print(json.dumps({"path": path, "ok": False, "issues": [i.as_dict() for i in problems]}, indent=2,
                             ensure_ascii=False))
        else:
            _print_issues(problems)
        return None
    return result


def burden(args: argparse.Namespace) -> int:
    # Imported here, as `diff` below: `validate` runs in pre-commit hooks and CI on every file,
    # and should not pay for modules only these commands use.
    from forms.burden import budget_sentence, describe, form_burden, split_sentence, workflow_burden

    known = forms_beside(args.path)
    result = _load_valid(args.path, args.json, known)
    if result is None:
        return INVALID
    if isinstance(result.document, Form):
        form = result.document
        if args.language:
            from forms.languages import check_language, in_language

            wrong = check_language(form, args.language)
            if wrong is not None:
                _print_issues([wrong.located(args.path)], sys.stderr)
                return USAGE
            form = in_language(form, args.language)
        measured = None
        if args.timings:
            from forms.timings import read_timings  # only this option reads timings

            timings = read_timings(args.timings, form)
            _print_issues(timings.issues, sys.stderr)
            if timings.errors:
                return INVALID
            measured = timings.medians
        # Minutes come from the kind of each question, never from the length of its words, so the
        # figures are the same in every language; only the title read out changes.
        figures = form_burden(form, measured)
        if args.json:
            payload = figures.as_dict()
            if args.language:
                payload["language"] = args.language
            print(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            print(f"{form.title} (version {form.version})")
            for line in describe(figures):
                print(f"  {line}")
        return OK
    if args.timings:
        print("python -m forms burden: --timings works with a form, not a workflow (its field ids are per form). "
              "Run it on each form.", file=sys.stderr)
        return USAGE
    if args.language:
        print("python -m forms burden: --language works with a form, not a workflow (a workflow is not "
              "translated). Run it on each form.", file=sys.stderr)
        return USAGE
    wb = workflow_burden(result.document, known)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(wb.as_dict(), indent=2, ensure_ascii=False))
        return OK
    print(f"{result.document.title} (version {result.document.version})")
    if wb.over_budget and wb.heaviest_path is not None and wb.budget_minutes is not None:
        print(f"  {budget_sentence(wb.heaviest_path.practitioner_minutes, wb.budget_minutes, 'workflow')} "
              f"(along {' → '.join(wb.heaviest_path.steps)})")
    for name, path in (("Shortest path", wb.shortest_path), ("Longest path", wb.longest_path)):
        if path is None:
            print(f"  {name}: none reaches an end.")
            continue
        print(f"  {name}: {' → '.join(path.steps)}")
        print(f"    forms met: {', '.join(path.forms) or 'none'}; {path.fields} fields; about "
              f"{round(path.practitioner_minutes, 1)} practitioner minutes (typically "
              f"{round(path.practitioner_minutes_typical, 1)}) and {round(path.person_minutes, 1)} of the person's.")
        print(f"    {split_sentence(path.practitioner_minutes_with_person, path.practitioner_minutes_at_computer)}.")
    print("  By actor:")
    for actor, figures in wb.by_actor.items():
        forms_used = ", ".join(figures["forms"]) or "none"  # type: ignore[arg-type]
        print(f"    {actor}: {figures['steps']} step(s); forms {forms_used}: {figures['practitioner_minutes']} "
              f"practitioner and {figures['person_minutes']} person minutes")
    if wb.missing_forms:
        print(f"  Forms not in the library (not counted): {', '.join(wb.missing_forms)}")
    return OK


def diff_command(args: argparse.Namespace) -> int:
    from forms.diff import diff

    known = forms_beside(args.new)
    old, new = _load_valid(args.old, args.json, known), _load_valid(args.new, args.json, known)
    if old is None or new is None:
        return INVALID
    result = diff(old.document, new.document, known)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return OK
    print("\n".join(result.lines()))
    return OK


def import_command(args: argparse.Namespace) -> int:
    from forms.importers import import_file  # openpyxl is only needed here

    result = import_file(args.file, args.source)
    # The importers place issues by sheet and row or by item path (their messages say which);
    # on the command line every line starts with the file, as the contract says.
    _print_issues([replace(i, path=args.file, line=i.line or 1, column=i.column or 1) for i in result.issues],
                  sys.stderr)
    if not result.yaml_text:
        return INVALID
    if args.out:
        try:
            from forms.storage import write_file

            write_file(args.out, result.yaml_text.encode("utf-8"))
        except OSError as exc:
            print(f"{args.out}: cannot write the file: {exc.strerror or exc}", file=sys.stderr)
            return INVALID
        print(f"Wrote {args.out}. Check the report above for anything that was not carried over.", file=sys.stderr)
    else:
        sys.stdout.write(result.yaml_text)
    return OK


_COMMANDS = {"validate": validate, "burden": burden, "diff": diff_command, "import": import_command}
