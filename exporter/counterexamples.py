"""Invalid example records, each breaking exactly one rule of the form, and the pack's examples/ folder.

Each invalid record is a valid example with one change: a required answer left out, an answer of the wrong
type, too long, outside its limits, not one of the options, and so on. For each kind of rule the first
question it applies to (in document order) is used, so the folder stays small however big the form is.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

from exporter.base import ExportFile, Subject
from exporter.examples import BLANK, Example, valid_examples
from exporter.templating import md, md_code
from forms.errors import Issue
from forms.model import Field, Form, Placed

Path = tuple[Any, ...]  # keys and list indexes from the record to an answer


def _locate(record: dict[str, Any], field_id: str, path: Path = ()) -> Path | None:
    """Where FIELD_ID is answered in RECORD (the first item of a group), or None."""
    if field_id in record:
        return (*path, field_id)
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            found = _locate(value[0], field_id, (*path, key, 0))
            if found is not None:
                return found
    return None


def _changed(record: dict[str, Any], path: Path, change: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of RECORD with the answer at PATH replaced by change(answer); BLANK removes it.

    Only the containers on the path are copied: the rest is shared with RECORD, which is never changed.
    """
    out = dict(record)
    holder: Any = out
    for key in path[:-1]:
        holder[key] = copy.copy(holder[key])
        holder = holder[key]
    new = change(holder[path[-1]])
    if new is BLANK:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new
    return out


def breakers(f: Field) -> list[tuple[str, str, Callable[[Any], Any]]]:
    """(rule, what the record does wrong, the change) for each rule of F a record can break."""
    out: list[tuple[str, str, Callable[[Any], Any]]] = []
    label = f"'{f.label}'"
    if f.required and f.show_if is None:
        out.append(("required", f"{label} is required but has no answer", lambda _: BLANK))
    if f.required and f.show_if is not None:
        out.append(("required-when-shown", f"{label} is shown (its condition holds) and required, but has no answer",
                    lambda _: BLANK))
    if f.type in ("short_text", "long_text"):
        out.append(("text-type", f"{label} takes text, but the answer is a number", lambda _: 42))
        out.append(("text-empty", f"{label} is an empty text: an unanswered question is left out instead",
                    lambda _: ""))
        if f.max_length is not None:
            out.append(("max-length", f"{label} is longer than {f.max_length} characters",
                        lambda _, n=f.max_length: "x" * (n + 1)))
        if f.pattern is not None:
            bad = next((t for t in ("!", "0", "a", " ", "~~") if not _matches(f.pattern, t)), None)
            if bad is not None:
                out.append(("pattern", f"{label} does not match the pattern {f.pattern}", lambda _, b=bad: b))
    elif f.type in ("number", "scale"):
        out.append(("number-type", f"{label} takes a number, but the answer is text", lambda v: str(v)))
        if f.min is not None:
            out.append(("minimum", f"{label} is below its minimum of {f.min}", lambda _, m=f.min: m - 1))
        if f.max is not None:
            out.append(("maximum", f"{label} is above its maximum of {f.max}", lambda _, m=f.max: m + 1))
        if f.integer or f.type == "scale":
            out.append(("whole-number", f"{label} takes a whole number, but the answer is 1.5", lambda _: 1.5))
    elif f.type == "date":
        out.append(("date-format", f"{label} is not written YYYY-MM-DD", lambda _: "01/04/2024"))
    elif f.type == "yes_no":
        out.append(("yes-no-type", f"{label} takes true or false, but the answer is the text \"yes\"",
                    lambda _: "yes"))
    elif f.type == "single_choice":
        out.append(("not-an-option", f"{label} is not one of its options", lambda _: "not_an_option"))
    elif f.type == "multi_choice":
        out.append(("not-an-option", f"{label} includes a value that is not one of its options",
                    lambda v: [*v, "not_an_option"]))
        out.append(("repeated-option", f"{label} lists the same option twice", lambda v: [v[0], v[0]]))
        out.append(("none-chosen", f"{label} is an empty list: an unanswered question is left out instead",
                    lambda _: []))
        if f.max_selected is not None and len(f.options) > f.max_selected:
            out.append(("too-many-chosen", f"{label} has more than {f.max_selected} options chosen",
                        lambda _, f=f: [o.value for o in f.options[:f.max_selected + 1]]))
    elif f.type == "repeating_group":
        out.append(("no-items", f"{label} is an empty list: a group with no items is left out instead",
                    lambda _: []))
        if f.max_items is not None:
            out.append(("too-many-items", f"{label} has more than {f.max_items} items",
                        lambda v, n=f.max_items: [v[0]] * (n + 1)))
    return out


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


def invalid_examples(form: Form, valid: list[Example]) -> list[Example]:
    """One invalid record per kind of rule, breaking it on the first question it applies to."""
    # The smallest records first: an invalid example needs only the answer it breaks to be valid around it.
    records = sorted((e.record for e in valid), key=len)
    done: set[str] = set()
    out: list[Example] = []
    placed: list[Placed] = list(form.walk())
    for p in placed:
        for rule, wrong, change in breakers(p.field):
            if rule in done:
                continue
            base = next(((r, path) for r in records if (path := _locate(r, p.field.id)) is not None), None)
            if base is None:
                continue
            done.add(rule)
            out.append(Example(f"{len(out) + 1:02d}-{rule}-{p.field.id}", _changed(base[0], base[1], change),
                               wrong, p.field.id))
    if records:
        out.append(Example(f"{len(out) + 1:02d}-unknown-question", {**records[0], "not_a_question": "an answer"},
                           "'not_a_question' is not a question of the form (no other property is allowed)"))
    return out


_encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: indent= would use the slow Python one


def _json(record: dict[str, Any]) -> bytes:
    """One answer per line (a repeating group's items each on one line), UTF-8."""
    if not record:
        return b"{}\n"
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n".join(f"    {_encode(item)}" for item in value)
            lines.append(f'  "{key}": [\n{inner}\n  ]')
        else:
            lines.append(f'  "{key}": {_encode(value)}')  # ids need no escaping (forms/vocabulary.py)
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def example_files(subject: Subject, folder: str = "") -> tuple[tuple[ExportFile, ...], list[Issue], list[Example]]:
    """examples/valid/*.json, examples/invalid/*.json and their READMEs for a form subject."""
    form = subject.document
    assert isinstance(form, Form), "examples are made for forms"
    valid, issues = valid_examples(form)
    invalid = invalid_examples(form, valid)
    base = f"{folder}examples/"
    files = [ExportFile(f"{base}valid/{e.name}.json", _json(e.record), "application/json") for e in valid]
    files += [ExportFile(f"{base}invalid/{e.name}.json", _json(e.record), "application/json") for e in invalid]
    files.append(ExportFile(f"{base}valid/README.md", _readme(form, valid, True), "text/markdown"))
    files.append(ExportFile(f"{base}invalid/README.md", _readme(form, invalid, False), "text/markdown"))
    return tuple(files), issues, valid


def _readme(form: Form, examples: list[Example], valid: bool) -> bytes:
    stem = f"{form.id}-v{form.version}.schema.json"
    if valid:
        lines = [f"# Valid example records: {md(form.title)} (version {form.version})", "",
                 f"Each file is one completed record that `{stem}` accepts. Between them they take every branch of "
                 "every condition: each conditional question is shown in one record and hidden in another. A "
                 "question that is not answered, or not shown, is left out of the record.", ""]
    else:
        lines = [f"# Invalid example records: {md(form.title)} (version {form.version})", "",
                 f"Each file breaks exactly one rule, so `{stem}` must refuse it, and so must the system built "
                 "from this pack. Everything else in the record is valid.", "",
                 "| file | the rule it breaks |", "|---|---|"]
    for e in examples:  # labels are the form's text: escaped, so nothing in them becomes markup
        name = md_code(f"{e.name}.json")
        lines.append(f"- {name}: {md(e.about)}" if valid else f"| {name} | {md(e.about)} |")
    return ("\n".join(lines) + "\n").encode("utf-8")


