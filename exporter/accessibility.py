"""Accessibility requirements for a builder: WCAG 2.2 AA, and the GOV.UK Design System pattern for each field type.

This module is the one home of the mapping from Coform field types to GOV.UK components and patterns and
the WCAG 2.2 success criteria each must meet; the spec's "Accessibility requirements" section and
docs/format.md ("Accessibility requirements") are both made from it (tests/exporter/test_accessibility.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from forms.model import Form

GOVUK = "https://design-system.service.gov.uk"
WCAG = "WCAG 2.2 level AA"


@dataclass(frozen=True, slots=True)
class Pattern:
    """How one field type is built: the GOV.UK component or pattern, what to do, and the criteria it meets."""

    component: str
    url: str
    build: str
    criteria: tuple[str, ...]


_LABELLED = ("1.3.1 Info and Relationships", "3.3.2 Labels or Instructions", "4.1.2 Name, Role, Value")

PATTERNS: dict[str, Pattern] = {
    "short_text": Pattern(
        "Text input", f"{GOVUK}/components/text-input/",
        "One text input with the label as its visible label and the hint below it; size the input to the expected "
        "answer; set autocomplete where the answer is about the person (name, address, phone).",
        (*_LABELLED, "1.3.5 Identify Input Purpose")),
    "long_text": Pattern(
        "Textarea (Character count when there is a limit)", f"{GOVUK}/components/textarea/",
        "A textarea of at least 5 rows; with max_length, the Character count component, which announces the "
        "characters left without moving focus.",
        (*_LABELLED, "4.1.3 Status Messages")),
    "number": Pattern(
        "Text input (inputmode numeric)", f"{GOVUK}/components/text-input/#numbers",
        "A text input with inputmode=\"numeric\" for whole numbers (not type=\"number\", which changes the value on "
        "scroll and is misread by screen readers); say the unit in the label or a suffix.",
        (*_LABELLED, "3.3.1 Error Identification", "3.3.3 Error Suggestion")),
    "date": Pattern(
        "Date input", f"{GOVUK}/components/date-input/",
        "Three text inputs (day, month, year) in a fieldset whose legend is the label; never a date picker alone; "
        "autocomplete bday-day/-month/-year for a date of birth.",
        (*_LABELLED, "1.3.5 Identify Input Purpose", "3.3.3 Error Suggestion")),
    "yes_no": Pattern(
        "Radios (inline, Yes and No)", f"{GOVUK}/components/radios/",
        "Two radios in a fieldset whose legend is the question; nothing chosen to begin with.",
        (*_LABELLED, "2.5.8 Target Size (Minimum)", "3.2.2 On Input")),
    "single_choice": Pattern(
        "Radios", f"{GOVUK}/components/radios/",
        "One radio per option in a fieldset whose legend is the question, in the form's order; not a select "
        "(hard to use on phones and with magnifiers).",
        (*_LABELLED, "2.5.8 Target Size (Minimum)", "3.2.2 On Input")),
    "multi_choice": Pattern(
        "Checkboxes", f"{GOVUK}/components/checkboxes/",
        "One checkbox per option in a fieldset whose legend is the question; a limit on how many is said in the "
        "hint, and checked on submit, not by disabling boxes.",
        (*_LABELLED, "2.5.8 Target Size (Minimum)", "3.3.2 Labels or Instructions")),
    "scale": Pattern(
        "Radios (one per point)", f"{GOVUK}/components/radios/",
        "One radio per point of the scale, with the words for each end as the first and last labels; not a slider "
        "(needs fine pointer control).",
        (*_LABELLED, "2.5.7 Dragging Movements", "2.5.8 Target Size (Minimum)")),
    "repeating_group": Pattern(
        "Add multiple things", f"{GOVUK}/patterns/add-multiple-things/",
        "Ask for one item at a time, then a summary list with change and remove links and 'Add another'; say "
        "when an item is added or removed.",
        ("2.4.3 Focus Order", "3.3.7 Redundant Entry", "4.1.3 Status Messages")),
    "guidance": Pattern(
        "Body text or Inset text", f"{GOVUK}/components/inset-text/",
        "Plain paragraphs before the questions they explain; inset text only for what must not be missed.",
        ("1.3.1 Info and Relationships", "2.4.6 Headings and Labels")),
}

# What every form needs, whatever its fields: (GOV.UK component or pattern, address, the requirement, criteria).
EVERY_FORM: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Question pages", f"{GOVUK}/patterns/question-pages/",
     "One section per page, with the section title as the page heading; a back link; a 'Continue' button.",
     ("2.4.2 Page Titled", "2.4.6 Headings and Labels", "2.4.11 Focus Not Obscured (Minimum)")),
    ("Error summary and Error message", f"{GOVUK}/components/error-summary/",
     "On a failed save: an error summary at the top that takes focus and links to each question, and an error "
     "message above each question, saying how to put it right.",
     ("3.3.1 Error Identification", "3.3.3 Error Suggestion", "3.3.4 Error Prevention (Legal, Financial, Data)")),
    ("Conditionally revealing a related question", f"{GOVUK}/components/radios/#conditionally-revealing-a-related"
     "-question", "A question shown by an answer appears straight after the answer that shows it (or on a later "
     "page); choosing never moves focus or submits.", ("3.2.2 On Input", "4.1.2 Name, Role, Value")),
    ("Check answers", f"{GOVUK}/patterns/check-answers/",
     "Before the record is saved as complete, every answer is shown with a change link; answers already given "
     "elsewhere are carried forward, not asked again.", ("3.3.4 Error Prevention (Legal, Financial, Data)",
                                                         "3.3.7 Redundant Entry")),
    ("Everything else", "https://www.w3.org/TR/WCAG22/",
     "Every screen meets WCAG 2.2 AA: keyboard only, visible focus, 4.5:1 text contrast, reflow at 320 CSS "
     "pixels, no time limit without a warning and a way to extend it, and tested with a screen reader.",
     ("2.1.1 Keyboard", "2.4.7 Focus Visible", "1.4.3 Contrast (Minimum)", "1.4.10 Reflow",
      "2.2.1 Timing Adjustable")),
)


@dataclass(frozen=True, slots=True)
class AccessRow:
    """One field type a form uses: how many questions, the pattern, and the criteria."""

    type: str
    count: int
    pattern: Pattern


def access_rows(form: Form) -> tuple[AccessRow, ...]:
    """The field types the form uses, in the order PATTERNS lists them, each with its pattern."""
    used = Counter(p.field.type for p in form.walk())
    return tuple(AccessRow(kind, used[kind], pattern) for kind, pattern in PATTERNS.items() if used[kind])


def docs_table() -> str:
    """The mapping as the Markdown table in docs/format.md (a test keeps the two the same)."""
    lines = ["| field type | GOV.UK component or pattern | build it as | WCAG 2.2 criteria |", "|---|---|---|---|"]
    for kind, p in PATTERNS.items():
        lines.append(f"| `{kind}` | [{p.component}]({p.url}) | {p.build} | {'; '.join(p.criteria)} |")
    return "\n".join(lines) + "\n"
