"""The human-readable spec as one self-contained, accessible, printable HTML5 page (forms and workflows).

`spec_context` gathers what the spec says (fields in words, burden figures with their meaning,
the data inventory, the privacy summary for the person, the workflow's steps, the changelog
and decisions); the Markdown spec renders the same context with its own templates.

A form in several languages has one spec per language (`--language cy`, and the pack holds them all as
`<stem>.cy.html` beside `<stem>.html`): the form's texts in that language (`forms.languages.in_language`),
the spec's own words in English, and a line saying which language it shows and listing the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from exporter import diagram
from exporter.base import COFORM_VERSION, ExportFile, ExportResult, Subject, file_stem, register
from exporter.privacy_summary import Summary, summary
from exporter.rows import FieldRow, field_rows, sensitive_rows
from exporter.templating import WHO_NAMES, choice_order, minutes, percent, render
from forms.burden import FormBurden, PathBurden, budget_sentence, form_burden, split_sentence, workflow_burden
from forms.conditions import describe
from forms.errors import Code, Issue
from forms.languages import in_language
from forms.model import Field, Form, Step, Transition, Workflow
from forms.record import Record, example_record
from forms.vocabulary import COMPLETED_BY, DEFAULT_SECONDS, PURPOSES, language_name, readable


@dataclass(frozen=True, slots=True)
class FieldView:
    """A field with its row of metadata in words, its anchor and, inside a repeating group, the group."""

    row: FieldRow
    field: Field
    anchor: str
    group: FieldView | None


@dataclass(frozen=True, slots=True)
class SectionView:
    title: str
    intro: str
    anchor: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """One burden figure: its name, its value in words and one sentence saying what it means."""

    name: str
    value: str
    meaning: str


@dataclass(frozen=True, slots=True)
class FormView:
    """Everything the spec shows about one form."""

    form: Form
    anchor: str
    burden: tuple[Figure, ...]
    sections: tuple[SectionView, ...]
    inventory: tuple[FieldView, ...]
    privacy_groups: tuple[tuple[str, tuple[FieldView, ...]], ...]  # (purpose, visible fields)
    privacy_hidden: tuple[FieldView, ...]
    who: tuple[tuple[str, int], ...]  # who completes how many fields, in the vocabulary's order
    privacy: Summary  # the privacy summary for the person (exporter.privacy_summary)
    record: Record  # the example record as the person will read it (forms.record)
    burden_lead: tuple[str, ...] = ()  # said first: over its budget (if it is), where the practitioner's time goes


@dataclass(frozen=True, slots=True)
class StepView:
    step: Step
    anchor: str
    is_start: bool
    form: Form | None
    form_anchor: str
    next: tuple[tuple[str, str, str], ...]  # (target title, target anchor, when)


@dataclass(frozen=True, slots=True)
class DecisionView:
    """A workshop decision with its tallies as table rows: by constituency first, then overall."""

    proposal: str
    outcome: str
    rule: str
    statement: str
    decided_at: str
    fields: tuple[str, ...]
    choices: tuple[str, ...]
    by_constituency: tuple[tuple[str, tuple[int, ...]], ...]
    overall: tuple[int, ...]
    decided_by: str = ""
    review_on: str = ""
    proposed_by: str = ""
    signals: tuple = ()  # SignalNote, in the order they were given


def anchor(kind: str, *ids: str) -> str:
    """An element id: ':' cannot occur in Coform ids, so 'field:<form>:<field>' never collides."""
    return ":".join((kind, *ids))


def seconds_sentence() -> str:
    defaults = ", ".join(f"{readable(t).lower() if t != 'yes_no' else 'yes or no'} {s} s"
                         for t, s in DEFAULT_SECONDS.items()
                         if t not in ("guidance", "repeating_group"))
    return (f"Minutes come from a default time per question ({defaults}), or the field's own estimate; "
            f"questions in a repeating group count once per expected item (2 unless the form says otherwise).")


def burden_figures(b: FormBurden) -> tuple[Figure, ...]:
    def counts(table: dict[str, int], names: dict[str, str]) -> str:
        return "; ".join(f"{names.get(k, readable(k))}: {v}" for k, v in table.items()) or "none"

    return (
        Figure("Fields to record", str(b.fields),
               "Questions that record an answer; guidance text and repeating-group headings are not counted."),
        Figure("Required fields", str(b.required), "Questions that must be answered before the record is complete."),
        Figure("Practitioner minutes, worst case", minutes(b.practitioner_minutes),
               "The practitioner's time if every question is asked, conditional ones included."),
        Figure("Practitioner minutes with the person", minutes(b.practitioner_minutes_with_person),
               "Worst case, on questions the practitioner and the person fill in together."),
        Figure("Practitioner minutes at the computer", minutes(b.practitioner_minutes_at_computer),
               "Worst case, on questions the practitioner fills in alone."),
        *([Figure("Time budget", f"{minutes(b.budget_minutes)} minutes",
                  "The practitioner minutes, worst case, that the form's owners agreed it may take.")]
          if b.budget_minutes is not None else []),
        Figure("Practitioner minutes, typical", minutes(b.practitioner_minutes_typical),
               "The practitioner's time if each conditional question is asked half the time."),
        Figure("Person minutes, worst case", minutes(b.person_minutes),
               "The person's own time (questions they answer alone or together) if every question is asked."),
        Figure("Person minutes, typical", minutes(b.person_minutes_typical),
               "The person's time if each conditional question is asked half the time."),
        Figure("Practitioner time not spent on practice", percent(b.non_practice_share),
               "The share of practitioner minutes spent on answers kept for returns, performance, inspection, "
               "finance or administration rather than for the work with the person."),
        Figure("Narrative fields", percent(b.narrative_share),
               "The share of fields where the story is told in full sentences (long text)."),
        Figure("Fields in the person's own words", percent(b.own_words_share),
               "The share of fields written in the person's own words and read back to them."),
        Figure("Personal, special category and criminal offence fields",
               f"{b.personal}, {b.special_category} and {b.criminal_offence}",
               "How many fields hold each kind of personal data; the last two need extra legal safeguards."),
        Figure("Fields by type", counts(dict(b.by_type), {"yes_no": "Yes or no"}),
               "How many questions of each kind the form asks."),
        Figure("Fields by purpose", counts(dict(b.by_purpose), {}), "Why each question is asked, counted."),
        Figure("Fields by who completes them", counts(dict(b.by_completed_by), WHO_NAMES),
               "Who fills in each question, counted."),
    )


def form_view(form: Form) -> FormView:
    views: list[FieldView] = []
    by_id: dict[str, FieldView] = {}
    for placed, row in zip(form.walk(), field_rows(form), strict=True):
        group = by_id.get(placed.group.id) if placed.group else None
        view = FieldView(row, placed.field, anchor("field", form.id, placed.field.id), group)
        views.append(view)
        by_id.setdefault(placed.field.id, view)
    sections = tuple(
        SectionView(s.title, s.intro or "", anchor("section", form.id, s.id),
                    tuple(v for v in views if v.row.section == s.id))
        for s in form.sections)
    sensitive = {row.field for row in sensitive_rows(form)}
    inventory = tuple(v for v in views if v.field.id in sensitive)
    groups = tuple((purpose, tuple(v for v in inventory if v.field.visible_to_person and v.field.purpose == purpose))
                   for purpose in PURPOSES)
    figures = form_burden(form)
    return FormView(
        form=form, anchor=anchor("form", form.id), burden=burden_figures(figures), sections=sections,
        inventory=inventory, privacy_groups=tuple(g for g in groups if g[1]),
        privacy_hidden=tuple(v for v in inventory if not v.field.visible_to_person),
        who=tuple((w, figures.by_completed_by[w]) for w in COMPLETED_BY if figures.by_completed_by.get(w)),
        privacy=summary(form, tuple(v.field for v in inventory)), record=example_record(form),
        burden_lead=burden_lead(figures))


def burden_lead(b: FormBurden) -> tuple[str, ...]:
    """What the burden section says first: the budget when it is exceeded, then where the time goes."""
    over = (budget_sentence(b.practitioner_minutes, b.budget_minutes, "form"),) if b.over_budget else ()
    return (*over, split_sentence(b.practitioner_minutes_with_person, b.practitioner_minutes_at_computer) + ".")


def step_views(workflow: Workflow, forms: dict[str, Form]) -> tuple[StepView, ...]:
    steps = workflow.step_map()
    return tuple(
        StepView(step, anchor("step", step.id), step.id == workflow.start, forms.get(step.form or ""),
                 anchor("form", step.form) if step.form in forms else "",
                 tuple((steps[t.to].title if t.to in steps else t.to, anchor("step", t.to), way_words(t, step, forms))
                       for t in step.next))
        for step in workflow.steps)


def way_words(way: Transition, step: Step, forms: Mapping[str, Form]) -> str:
    """When a way out is taken: its words, and its `if` read against the form's labels."""
    if way.condition is None:
        return way.when or ""
    form = forms.get(way.answers_of or step.form or "")
    rule = describe(way.condition, form) + (f" (in {form.title})" if form is not None else "")
    return f"{way.when}; if {rule}" if way.when else f"if {rule}"


def form_titles(ids: Iterable[str], forms: Mapping[str, Form]) -> str:
    return ", ".join(forms[f].title if f in forms else f for f in ids) or "None"


def path_figures(name: str, path: PathBurden | None, workflow: Workflow,
                 forms: Mapping[str, Form]) -> dict[str, str] | None:
    if path is None:
        return None
    titles = workflow.step_map()
    return {
        "name": name, "steps": " → ".join(titles[s].title for s in path.steps),
        "step_count": str(len(path.steps)), "forms": form_titles(path.forms, forms), "fields": str(path.fields),
        "practitioner": minutes(path.practitioner_minutes),
        "practitioner_typical": minutes(path.practitioner_minutes_typical),
        "person": minutes(path.person_minutes), "person_typical": minutes(path.person_minutes_typical),
    }


def decision_views(subject: Subject) -> tuple[DecisionView, ...]:
    out = []
    for d in subject.decisions:
        constituencies = sorted(d.tallies)
        choices = tuple(choice_order(c for votes in d.tallies.values() for c in votes))
        rows = tuple((c, tuple(int(d.tallies[c].get(ch, 0)) for ch in choices)) for c in constituencies)
        overall = tuple(sum(r[1][i] for r in rows) for i in range(len(choices)))
        out.append(DecisionView(d.proposal, d.outcome, d.rule, d.statement, d.decided_at, tuple(d.fields),
                                choices, rows, overall, d.decided_by, d.review_on,
                                d.proposed_by, tuple(d.signals)))
    return tuple(out)


def spec_name(subject: Subject, extension: str) -> str:
    """'<stem>.html' in the main language, '<stem>.cy.html' in another (one-language packs keep their names)."""
    doc = subject.document
    other = subject.language and isinstance(doc, Form) and subject.language != doc.languages[0]
    return f"{file_stem(doc)}{'.' + subject.language if other else ''}.{extension}"


def language_note(form: Form, language: str) -> str:
    """Which language the spec shows and which the form has: '' for a form in one language."""
    if len(form.languages) < 2:
        return ""
    names = [f"{language_name(t)} ({t}{', its main language' if i == 0 else ''})" for i, t in enumerate(form.languages)]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return (f"This specification shows the form in {language_name(language)} ({language}). The form is written in "
            f"{listed}; each has its own specification.")


def spec_context(subject: Subject, *, with_svg: bool = True) -> dict[str, object]:
    """What both spec templates show, in the order they show it."""
    doc = subject.document
    note, text_lang = "", ""
    if isinstance(doc, Form):
        language = subject.language or doc.languages[0]
        note = language_note(doc, language)
        text_lang = language if language != "en" else ""  # the page is lang="en"; other texts say theirs
        doc = in_language(doc, language)
        subject = dataclasses.replace(subject, document=doc, language=None)
    context: dict[str, object] = {
        "doc": doc, "is_form": subject.is_form, "stem": file_stem(doc), "coform_version": COFORM_VERSION,
        "language_note": note, "text_lang": text_lang,
        "forms": tuple(form_view(f) for f in subject.used_forms()),
        "changelog": tuple(sorted(subject.changelog, key=lambda n: -n.version)),
        "decisions": decision_views(subject), "seconds_sentence": seconds_sentence(),
        "workflow": None,
    }
    if isinstance(doc, Workflow):
        forms = dict(subject.forms)
        wb = workflow_burden(doc, forms)
        steps = step_views(doc, forms)
        context["workflow"] = {
            "steps": steps, "start_title": next((s.step.title for s in steps if s.is_start), doc.start),
            "paths": tuple(p for p in (path_figures("Shortest path", wb.shortest_path, doc, forms),
                                       path_figures("Longest path", wb.longest_path, doc, forms)) if p),
            # forms.burden files steps without an actor under "unassigned"; the diagram says "No actor named".
            "by_actor": tuple(("No actor named" if actor == "unassigned" else readable(actor), figures["steps"],
                               form_titles(figures["forms"], forms),
                               minutes(figures["practitioner_minutes"]), minutes(figures["person_minutes"]))
                              for actor, figures in wb.by_actor.items()),
            "missing_forms": wb.missing_forms,
            # Safe to mark as markup: exporter.diagram escapes every piece of text it puts in the SVG.
            "svg": Markup(diagram.workflow_svg(doc)) if with_svg else Markup(""),
            "mermaid": "",
        }
    return context


def spec_warnings(subject: Subject) -> tuple[Issue, ...]:
    """What the spec cannot show: forms a workflow's steps name but the exporter was not given."""
    doc = subject.document
    if not isinstance(doc, Workflow):
        return ()
    return tuple(Code.EXPORT_SPEC_FORM_MISSING.issue("", *step.at("form"), step=step.id, form=step.form)
                 for step in doc.steps if step.form and step.form not in subject.forms)


@register("html", ("form", "workflow"), "The human-readable spec: one accessible, printable HTML page")
def export_html(subject: Subject) -> ExportResult:
    text = render("spec.html.j2", **spec_context(subject))
    name = spec_name(subject, "html")
    return ExportResult((ExportFile(name, text.encode("utf-8"), "text/html; charset=utf-8"),), spec_warnings(subject))
