"""ACCEPTANCE.md: Given/When/Then scenarios a vendor's testers can run by hand, generated from the model.

For a form: each branch of each condition (with answers taken from the valid example records, so every
scenario has a record behind it), each required question, each check on an answer (a value just outside
the limit, and one inside), and the example records themselves. For a workflow: each time limit (the event
that starts the clock, and what happens when it runs out) and each way out of a step that has more than one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from exporter.base import ExportFile, Subject
from exporter.counterexamples import breakers, example_files
from exporter.examples import BLANK, Example, answers_of, sample
from exporter.rows import validation_text
from exporter.templating import md as _md
from exporter.templating import md_code
from forms.conditions import describe, evaluate
from forms.errors import Issue
from forms.model import Field, Form, Workflow

# Rules a tester can break by typing (a wrong type or an unknown option cannot be typed into a good form).
TYPED_RULES = ("max-length", "pattern", "minimum", "maximum", "whole-number", "too-many-chosen", "too-many-items")


def vendor_tests(subject: Subject, folder: str = "") -> tuple[list[ExportFile], list[Issue]]:
    """The example records (forms) and ACCEPTANCE.md (forms and workflows) for the pack, under FOLDER."""
    try:
        return _vendor_tests(subject, folder)
    finally:
        md.cache_clear()  # per export: a form's text is not kept in memory after it, and timings stay honest


def _vendor_tests(subject: Subject, folder: str) -> tuple[list[ExportFile], list[Issue]]:
    if isinstance(subject.document, Form):
        files, issues, valid = example_files(subject, folder)
        text = form_acceptance(subject.document, valid)
        return [*files, ExportFile(f"{folder}ACCEPTANCE.md", text.encode("utf-8"), "text/markdown")], issues
    text = workflow_acceptance(subject.document, subject.forms)
    return [ExportFile(f"{folder}ACCEPTANCE.md", text.encode("utf-8"), "text/markdown")], []


md = functools.lru_cache(maxsize=4096)(_md)  # labels recur in many scenarios: escape each once


def _q(text: str) -> str:
    return md(f"'{text}'")


def say(f: Field, value: Any) -> str:
    """An answer as a tester would give it: Yes, an option's label, a number, a list of labels."""
    if value is None or value is BLANK:
        return "left blank"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = {o.value: o.label for o in f.options}
    if isinstance(value, list):
        return " and ".join(f"'{labels.get(v, v)}'" for v in value) if value else "nothing chosen"
    return f"'{labels.get(value, value)}'"


def _scenario(lines: list[str], ident: str, title: str, given: str, when: str, then: Iterable[str]) -> None:
    lines += ["", f"### {ident}. {title}", "", f"- **Given** {given}", f"- **When** {when}"]
    for i, part in enumerate(then):
        lines.append(f"- **{'Then' if i == 0 else 'And'}** {part}")


def form_acceptance(form: Form, valid: list[Example]) -> str:
    fields = {p.field.id: p.field for p in form.walk()}
    # Each record's answers once, keyed by question (items of a group read as the first item's).
    flat = [(e, {k: v for k, v in answers_of(e.record) if k in fields}) for e in valid]
    name = md(form.title)
    lines = [f"# Acceptance tests: {name} (version {form.version})", "",
             "Scenarios a tester runs by hand on the system built from this pack. Each says what to set up "
             "(**Given**), what to do (**When**) and what must happen (**Then**). The records in `examples/` hold "
             "the same cases as data, for automated tests.", "", "## Showing and hiding questions"]
    count = 0
    for p in form.walk():
        f = p.field
        if f.show_if is None:
            continue
        words = md(describe(f.show_if, fields=fields))
        for shown in (True, False):
            example, answers = next(((e, a) for e, a in flat if _takes(f, a, shown)), (None, {}))
            if example is None:
                continue
            read = list(dict.fromkeys(fid for fid, _ in f.show_if.fields()))
            given = " and ".join(f"{_q(fields[r].label)} answered {md(say(fields[r], answers[r]))}"
                                 if r in answers else f"{_q(fields[r].label)} left blank" for r in read if r in fields)
            count += 1
            _scenario(lines, f"C{count}", f"{_q(f.label)} is {'shown' if shown else 'hidden'}",
                      f"a new record of {name}, with {given}",
                      f"you go on to where {_q(f.label)} is asked (section {_q(p.section.title)})",
                      [f"{_q(f.label)} is shown, because {words}",
                       f"the record can be saved as {md_code('examples/valid/' + example.name + '.json')} holds it"]
                      if shown else [f"{_q(f.label)} is not shown, as it is shown only when {words}",
                                     "an answer typed there before the change is not kept in the record"])
    if not count:
        lines += ["", "No question depends on another's answer."]
    lines += ["", "## Required questions"]
    count = 0
    for p in form.walk():
        f = p.field
        if not f.required or f.type == "guidance":
            continue
        count += 1
        where = f", in which {md(describe(f.show_if, fields=fields))}" if f.show_if is not None else ""
        inside = f" (in each item of {_q(p.group.label)})" if p.group is not None else ""
        _scenario(lines, f"R{count}", f"{_q(f.label)} must be answered", f"a new record of {name}{where}",
                  f"you leave {_q(f.label)}{inside} blank and save the record as complete",
                  ["the record is not saved as complete",
                   f"the message names {_q(f.label)}, says it needs an answer and takes you to it; "
                   "the other answers are kept"])
    if not count:
        lines += ["", "No question is required."]
    lines += ["", "## Checks on answers"]
    count = 0
    for p in form.walk():
        f = p.field
        good = sample(f) if f.type != "repeating_group" else [{}]  # a group: how many items, not what
        for rule, wrong, change in breakers(f):
            if rule not in TYPED_RULES or good is BLANK:
                continue
            bad = change(good if not isinstance(good, list) else list(good))
            count += 1
            shown = f", in which {md(describe(f.show_if, fields=fields))}" if f.show_if is not None else ""
            entered = f"{len(bad)} items" if f.type == "repeating_group" else md(say(f, bad))
            _scenario(lines, f"V{count}", f"{_q(f.label)}: {md(validation_text(f))}", f"a record of {name}{shown}",
                      f"you enter {entered} for {_q(f.label)}",
                      [f"the answer is refused, because {md(wrong)}",
                       "the message says what is allowed, next to the question",
                       f"entering {md(say(f, good)) if f.type != 'repeating_group' else '1 item'} instead is accepted"])
    if not count:
        lines += ["", "No answer has limits to check beyond its type and options."]
    lines += ["", "## Example records"]
    _scenario(lines, "E1", "every valid example is accepted", "the files in `examples/valid/`",
              "each is entered, or imported through the system's interface for records",
              ["each is accepted and saved", "reading the record back gives the same answers"])
    _scenario(lines, "E2", "every invalid example is refused", "the files in `examples/invalid/`",
              "each is imported through the system's interface for records",
              ["each is refused, and nothing of it is saved",
               "the message names the rule that `examples/invalid/README.md` gives for that file"])
    return "\n".join(lines) + "\n"


def _takes(f: Field, answers: dict[str, Any], shown: bool) -> bool:
    """Do these answers show (or hide) F? A shown required question is answered in the record."""
    assert f.show_if is not None
    return evaluate(f.show_if, answers) == shown and (not shown or f.id in answers or not f.required)


def workflow_acceptance(workflow: Workflow, forms: dict[str, Form] | Any) -> str:
    name = md(workflow.title)
    steps = workflow.step_map()
    lines = [f"# Acceptance tests: {name} (version {workflow.version})", "",
             "Scenarios a tester runs by hand on the case system built from this pack: the time limits and the "
             "ways from one step to the next. Each form's own scenarios are in its folder under `forms/`.", "",
             "## Time limits"]
    count = 0
    for step in workflow.steps:
        limit = step.time_limit
        if limit is None:
            continue
        count += 1
        starts = md(limit.starts) if limit.starts else f"the step {_q(step.title)} begins"
        missed = md(limit.if_missed) if limit.if_missed else \
            "the step is shown as overdue to whoever does it (the workflow says nothing more)"
        _scenario(lines, f"T{count}", f"{_q(step.title)} within {md(limit.describe())}", f"{starts}",
                  f"{md(limit.describe())} pass and {_q(step.title)} is not finished",
                  [missed, "finishing the step before then shows nothing overdue"])
    if not count:
        lines += ["", "No step has a time limit."]
    lines += ["", "## Ways from one step to the next"]
    count = 0
    for step in workflow.steps:
        if len(step.next) < 2:
            continue
        for way in step.next:
            target = steps.get(way.to)
            if target is None:
                continue
            count += 1
            reads = way.answers_of or step.form
            form = forms.get(reads) if reads else None
            if way.condition is not None:
                fields = {p.field.id: p.field for p in form.walk()} if form is not None else {}
                given = (f"{_q(step.title)} is finished, and in the form {_q(form.title if form else reads or '')} "
                         f"{md(describe(way.condition, fields=fields))}")
            elif way.when:
                given = f"{_q(step.title)} is finished, in the situation: {md(way.when)}"
            else:
                given = f"{_q(step.title)} is finished, with none of the other ways' situations"
            _scenario(lines, f"W{count}", f"from {_q(step.title)} to {_q(target.title)}", given,
                      "the work moves on", [f"the next step offered is {_q(target.title)}"])
    if not count:
        lines += ["", "No step has more than one way out."]
    return "\n".join(lines) + "\n"
