"""Compare page: any two versions or files, as plain-English changes, the burden delta and both side by side.

The comparison itself is plain Python (`read_upload`, `compare`, `form_outline`, ...), so it can be
tested without Streamlit: importing this module only defines it; the page is drawn when Streamlit
runs the file (as `__main__`, both under `st.navigation` and in AppTest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from forms.conditions import describe as describe_condition
from forms.diff import DiffResult, diff
from forms.errors import Code, Issue
from forms.loader import LoadResult, load_text, shipped_forms
from forms.model import Field, Form, Workflow
from forms.vocabulary import CHOICE_TYPES, readable
from ui.library_data import library, name_of, sample_versions, saved_versions
from ui.text import issue_list, md
from ui.words import word

UPLOAD_MB = 1  # the largest real form is about 60 KB; anything near a megabyte is not a form
UPLOAD_BYTES = UPLOAD_MB * 1024 * 1024
SIDES = ("before", "after")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: a name people read, and the loaded file or why it could not be read."""

    name: str
    result: LoadResult | None = None
    problem: str | None = None

    @property
    def document(self) -> Form | Workflow | None:
        return self.result.document if self.result is not None else None


@dataclass(frozen=True, slots=True)
class Delta:
    """One burden figure before and after, and whether a lower figure is the better one."""

    label: str
    before: float
    after: float
    lower_is_better: bool = True
    digits: int = 1

    @property
    def change(self) -> float:
        return round(self.after - self.before, self.digits)

    def shown(self, value: float) -> str:
        return f"{value:.{self.digits}f}" if self.digits else str(round(value))

    @property
    def delta_text(self) -> str:
        """The change with its sign ("+3.2", "-1", "0"); Streamlit reads a leading minus as 'down'."""
        if not self.change:
            return "0"
        return ("+" if self.change > 0 else "-") + self.shown(abs(self.change))

    @property
    def in_words(self) -> str:
        """The direction in words, so that it is never said by colour or arrow alone."""
        if not self.change:
            return word("compare.same_before")
        return word("compare.higher_than_before") if self.change > 0 else word("compare.lower_than_before")


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome: either why the two cannot be compared, or the diff with its burden deltas."""

    blocked: str | None = None
    result: DiffResult | None = None
    deltas: tuple[Delta, ...] = ()


def library_side(result: LoadResult) -> Side:
    return Side(name_of(result), result)


def _refusal(issue: Issue) -> str:
    """A catalog refusal as the page says it: a sentence, without the code (people read it, not tools)."""
    text = issue.sentence()
    return f"{text[:1].upper()}{text[1:]}"


def read_upload(name: str, data: bytes, forms: Mapping[str, Form] | None = None) -> Side:
    """An uploaded file, checked and loaded in memory (never saved). Bad bytes become a message, never an error."""
    shown = word("compare.uploaded", name=name)
    if len(data) > UPLOAD_BYTES:
        return Side(shown, problem=_refusal(Code.YAML_TOO_LARGE.issue(shown, size=f"{len(data):,}",
                                                                      limit=f"{UPLOAD_BYTES:,}")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Side(shown, problem=_refusal(Code.YAML_NOT_UTF8.issue(shown, byte=exc.start + 1)))
    return Side(shown, load_text(text, shown, forms=shipped_forms() if forms is None else forms))


def compare(before: Side, after: Side, forms: Mapping[str, Form] | None = None) -> Comparison:
    """Compare two sides of the same kind; say why not when a side is unreadable, has errors, or kinds differ."""
    for side, which in ((before, "before"), (after, "after")):
        if side.problem is not None or side.document is None:
            return Comparison(blocked=word("compare.file_cannot_read_so", which=which))
        if side.result is not None and side.result.errors:
            return Comparison(blocked=word("compare.file_has_error_s", which=which, count=len(side.result.errors)))
    old, new = before.document, after.document
    assert old is not None and new is not None  # checked above; for readers and type checkers
    if old.kind != new.kind:
        return Comparison(blocked=word("compare.cannot_compare_choose_two", old=old.kind, new=new.kind))
    result = diff(old, new, shipped_forms() if forms is None else forms)
    return Comparison(result=result, deltas=deltas(result, old.kind))


def deltas(result: DiffResult, kind: str) -> tuple[Delta, ...]:
    """The burden figures that matter most for a decision, before and after (rounded as forms.burden rounds)."""
    a, b = result.before, result.after
    if kind == "form":
        return (
            Delta(word("compare.practitioner_minutes"), a["practitioner_minutes"], b["practitioner_minutes"]),
            Delta(word("compare.person_minutes"), a["person_minutes"], b["person_minutes"]),
            Delta(word("compare.fields"), a["fields"], b["fields"], digits=0),
            Delta(word("compare.fields_not_practice"), a["non_practice_fields"], b["non_practice_fields"], digits=0),
            # A higher share in the person's own words is the aim (docs/codesign.md), so higher is better.
            Delta(word("compare.own_words_share"), round(a["own_words_share"] * 100), round(b["own_words_share"] * 100),
                  lower_is_better=False, digits=0),
        )
    old, new = a.get("longest_path"), b.get("longest_path")
    if not old or not new:
        return ()
    return (
        Delta(word("compare.practitioner_minutes_longest_path"), old["practitioner_minutes"],
              new["practitioner_minutes"]),
        Delta(word("compare.person_minutes_longest_path"), old["person_minutes"], new["person_minutes"]),
        Delta(word("compare.fields_longest_path"), old["fields"], new["fields"], digits=0),
        Delta(word("compare.steps_longest_path"), len(old["steps"]), len(new["steps"]), digits=0),
    )


# --- read-only outlines (text, not widgets, so two big forms side by side stay light) ---------
def _one_line(text: object) -> str:
    """Escaped text on one line: a line break in a label must not end the list item it sits in."""
    return md(" ".join(str(text).split()))


def _field_line(field: Field, form: Form, depth: int) -> list[str]:
    parts = [f"**{_one_line(field.label or field.id)}**", readable(field.type).lower()]
    if field.records:
        parts.append(word("compare.outline.required" if field.required else "compare.outline.optional"))
    if field.show_if is not None:
        parts.append(word("compare.shown_when") + _one_line(describe_condition(field.show_if, form)))
    if field.type in CHOICE_TYPES and field.options:
        parts.append(word("compare.outline.options") + ", ".join(_one_line(o.label) for o in field.options))
    lines = ["  " * depth + "- " + " · ".join(parts)]
    for child in field.fields:
        lines += _field_line(child, form, depth + 1)
    return lines


def form_outline(form: Form) -> str:
    """A form as compact Markdown: per section, each question's label, type, required and when it shows."""
    out = [word("compare.version", title=_one_line(form.title), version=form.version,
                status=_one_line(readable(form.status)).lower())]
    for section in form.sections:
        out += ["", f"**{_one_line(section.title)}**"]
        if section.intro:
            out += ["", f"_{_one_line(section.intro)}_"]
        out.append("")
        for field in section.fields:
            out += _field_line(field, form, 0)
        if not section.fields:
            out.append(word("compare.no_questions"))
    return "\n".join(out)


def workflow_outline(workflow: Workflow, forms: Mapping[str, Form]) -> str:
    """A workflow as compact Markdown: each step with who does it, its form, time limit and ways out."""
    steps = workflow.step_map()
    out = [word("compare.version_starts", title=_one_line(workflow.title), version=workflow.version,
                start=_one_line(steps[workflow.start].title if workflow.start in steps else workflow.start)), ""]
    for number, step in enumerate(workflow.steps, 1):
        parts = [f"**{_one_line(step.title or step.id)}**"]
        if step.actor:
            parts.append(word("compare.outline.by") + _one_line(readable(step.actor).lower()))
        if step.form:
            form = forms.get(step.form)
            title = form.title if form else word("compare.not_found", form=step.form)
            parts.append(word("compare.outline.form") + _one_line(title))
        if step.time_limit:
            parts.append(word("compare.outline.within") + _one_line(step.time_limit.describe()))
        if step.end:
            parts.append(word("compare.outline.end"))
        for t in step.next:
            target = steps[t.to].title if t.to in steps else t.to
            when = word("compare.when", condition=_one_line(t.when)) if t.when else ""
            parts.append("→ " + _one_line(target) + when)
        out.append(f"{number}. " + " · ".join(parts))  # a real numbered list: every '.' in the text is escaped
    return "\n".join(out)


# --- the page ---------------------------------------------------------------------------
def _choose(which: str, files: Mapping[str, LoadResult]) -> Side:
    """One side's pickers: a library file, or an upload that takes its place."""
    st.subheader(which.capitalize())
    names = list(files)
    name = st.selectbox(word("compare.library_file", which=which.capitalize()), names, key=f"compare_{which}",
                        format_func=lambda n: f"{getattr(files[n].document, 'title', n)} ({n})")
    upload = st.file_uploader(word("compare.upload_yaml_file_version", which=which, mb=UPLOAD_MB),
                              type=["yaml", "yml"], key=f"compare_{which}_upload", max_upload_size=UPLOAD_MB)
    if upload is None:
        return library_side(files[name])
    st.caption(word("compare.using_uploaded_file_instead", name=md(upload.name)))
    return read_upload(upload.name, upload.getvalue())


def _show_side_problems(side: Side, which: str) -> None:
    if side.problem is not None:
        st.error(f"**{which.capitalize()}: {md(side.name)}.** {md(side.problem)}")
    elif side.result is not None and not side.result.ok:
        errors = side.result.errors
        st.error(word("compare.has_error_s", which=which.capitalize(), name=md(side.name),
                      count=len(errors)) + issue_list(errors))


def main() -> None:
    st.title(word("compare.title"))
    st.write(word("compare.intro"))
    files = {name_of(r): r for r in library()}
    for result in list(files.values()):  # versions kept by earlier saves can be compared too
        files.update(saved_versions(result))
    files.update(sample_versions())  # e.g. the early help assessment a sample workshop co-produced
    if not files:
        st.info(word("compare.library_empty_so_there"))
        st.stop()
    columns = st.columns(2)
    sides = []
    for which, column in zip(SIDES, columns, strict=True):
        with column:
            sides.append(_choose(which, files))
    before, after = sides
    forms = shipped_forms()
    outcome = compare(before, after, forms)

    for side, which in zip(sides, SIDES, strict=True):
        _show_side_problems(side, which)
    if outcome.blocked is not None:
        st.warning(md(outcome.blocked))
        return
    result = outcome.result
    assert result is not None  # not blocked, so compared

    st.subheader(word("compare.what_changes"))
    if not result.changes:
        st.info(word("compare.no_changes_two_versions"))
    else:
        breaking = word("compare.breaking")
        st.markdown("\n".join(f"- {breaking if c.compatibility == 'breaking' else ''}{md(c.text)}"
                              for c in result.changes))
        verdict = st.warning if result.compatibility == "breaking" else st.info
        verdict(md(result.compatibility_sentence))

    st.subheader(word("compare.burden"))
    st.write(md(result.summary))
    for start in range(0, len(outcome.deltas), 3):
        for delta, column in zip(outcome.deltas[start:start + 3], st.columns(3), strict=False):
            column.metric(delta.label, delta.shown(delta.after), delta.delta_text,
                          delta_color="inverse" if delta.lower_is_better else "normal",
                          delta_description=delta.in_words)

    st.subheader(word("compare.side_side"))
    for side, which, column in zip(sides, SIDES, st.columns(2), strict=True):
        with column:
            st.markdown(f"**{which.capitalize()}: {md(side.name)}**")
            document = side.document
            if isinstance(document, Form):
                st.markdown(form_outline(document))
            elif isinstance(document, Workflow):
                st.markdown(workflow_outline(document, forms))
            warnings = side.result.warnings if side.result is not None else ()
            if warnings:
                with st.expander(word("compare.warning_s_file", count=len(warnings), which=which)):
                    st.markdown(issue_list(warnings))


if __name__ == "__main__":
    main()
