"""Lints: warnings about plain language, data protection, proportionality and accessibility.

`lint(document, forms)` runs every lint (the LINT codes of docs/errors.md) on a form, or the workflow lint
on a workflow, and returns warnings (they never block a form). It is called by the loader only
on documents without errors, so lints may trust the model.

One lint, one function; each module holds one concern:
- `text`: the person-facing text, gathered into passages (the purpose, then each section);
- `readability`: reading age per section (LINT_001), sentences over 25 words (LINT_002);
- `wording` (lists in `wordlists`): words to avoid (LINT_003), labelling language
  (LINT_004), unexplained acronyms (LINT_005);
- `privacy`: lawful basis (LINT_006), processing condition (LINT_007), 'prefer not to say' (LINT_008),
  no lawful basis or retention after the form's defaults (LINT_019);
- `proportion`: admin on the practitioner (LINT_009), mostly required (LINT_010), no own words
  (LINT_011), the same question twice in a form (LINT_012);
- `workflow`: the same question again along a workflow (LINT_013);
- `story`: own-words questions buried after most tick boxes (LINT_020), a story split into short
  text boxes (LINT_021);
- `budget`: a form, or a path through a workflow, over its time budget (LINT_018);
- `translation`: a text missing in one of the form's declared languages (LINT_022);
- `easy_read`: sentences too long for Easy Read (LINT_023), in place of LINT_002 for `en-x-easy`;
- `access`: duplicate labels in a section (LINT_014), long text without a hint (LINT_015),
  too many options (LINT_016), long labels (LINT_017).

Every lint is linear in the size of the form: one walk of the fields, shared by all of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from forms.errors import Issue, sort_issues
from forms.lints import access, budget, easy_read, privacy, proportion, readability, story, translation, wording
from forms.lints.similarity import question_labels
from forms.lints.text import Passage, TextItem, person_text_sections, reads
from forms.lints.workflow import check_repeats
from forms.model import Form, Workflow
from forms.vocabulary import EASY_READ, READING_AGE_LANGUAGES

__all__ = ["Passage", "TextItem", "lint", "lint_form", "lint_workflow", "person_text_sections", "reads"]


def lint(document: Form | Workflow, forms: Mapping[str, Form]) -> list[Issue]:
    """Every lint warning for a form or a workflow (`forms`: library forms by id, for workflows)."""
    if isinstance(document, Form):
        return lint_form(document)
    if isinstance(document, Workflow):
        return lint_workflow(document, forms)
    return []


def lint_form(form: Form) -> list[Issue]:
    """The lints of a form, in reading order.

    The text lints run once per language the form declares, on the texts written in it (docs/format.md
    "Languages"): reading age and the English word lists only in English and Easy Read, the rest in
    every language. The lints about fields, data and time run once.
    """
    placed = list(form.walk())
    labels = question_labels(placed)  # shared by LINT_012 and LINT_014
    issues = (privacy.check(placed) + proportion.check(form, placed, labels) + budget.check_form(form)
              + story.check(form, placed) + translation.check_missing(form))
    if len(form.languages) == 1:
        issues += text_lints(person_text_sections(form, placed), form.languages[0]) + access.check(placed, labels)
    else:
        issues += access.check_fields(placed)
        for tag in form.languages:
            issues += (text_lints(person_text_sections(form, placed, tag), tag)
                       + access.check_labels_in(placed, tag, form.languages[0]))
    return sort_issues(issues)


def text_lints(passages: list[Passage], language: str) -> list[Issue]:
    """The lints on what the person reads in one language (LINT_001 to LINT_005, LINT_023)."""
    english = language in READING_AGE_LANGUAGES
    sentences = (readability.check_long_sentences(passages) if language != EASY_READ
                 else easy_read.check_sentences(passages))  # Easy Read's stricter limit replaces the usual one
    if not english:
        return sentences + wording.check_acronyms(passages)
    return (readability.check_reading_age(passages) + sentences + wording.check_avoid_words(passages)
            + wording.check_deficit_language(passages) + wording.check_acronyms(passages))


def lint_workflow(workflow: Workflow, forms: Mapping[str, Form]) -> list[Issue]:
    """The lints of a workflow: questions asked again along its paths, and paths over the time budget."""
    return sort_issues(check_repeats(workflow, forms) + budget.check_workflow(workflow, forms))
