"""Accessibility: duplicate labels, long text without a hint, too many options, long labels.

LINT_014 duplicate labels in a section, LINT_015 long_text without a hint, LINT_016 a single
choice with over 12 options, LINT_017 a label over 120 characters.

Guidance is left out of all four: its "label" is the text shown, not a question. In a form with
several languages LINT_014 and LINT_017 look at the labels of each language (`check_labels_in`);
the other two are about the field, not its words, and are reported once.
"""

from __future__ import annotations

from forms.errors import Code, Issue
from forms.languages import text_in, where_in, written_in
from forms.lints.similarity import Label, normalise, question_labels
from forms.lints.text import named
from forms.model import Placed

MAX_OPTIONS = 12
MAX_LABEL = 120


def check_duplicate_labels(placed: list[Placed], labels: list[Label | None] | None = None) -> list[Issue]:
    """LINT_014: two fields of one section with the same label (WCAG 2.4.6), at the later one.

    Same means equal once normalised (case, punctuation, spaces), as for LINT_012, which
    leaves these to this lint; a label inside a repeating group is read under the group's.
    `labels`: the prepared labels (`question_labels`), if the caller has them already.
    """
    issues = []
    seen: set[tuple[int, str]] = set()
    for item, label in zip(placed, question_labels(placed) if labels is None else labels, strict=True):
        if label is None or not label.normal:
            continue
        key = (id(item.section), label.normal)
        if key in seen:
            issues.append(Code.LINT_DUPLICATE_LABEL.issue(
                "", *item.field.at("label"), section=item.section.id, label=item.field.label))
        seen.add(key)
    return issues


def check_long_text_hints(placed: list[Placed]) -> list[Issue]:
    """LINT_015: a long_text with no hint saying what a good answer covers."""
    return [Code.LINT_LONG_TEXT_NO_HINT.issue("", *item.field.loc, field=item.field.id)
            for item in placed
            if item.field.type == "long_text" and not (item.field.hint or "").strip()]


def check_option_count(placed: list[Placed]) -> list[Issue]:
    """LINT_016: a single choice with more than 12 options."""
    return [Code.LINT_TOO_MANY_OPTIONS.issue("", *item.field.at("options"), field=item.field.id,
                                             count=len(item.field.options))
            for item in placed
            if item.field.type == "single_choice" and len(item.field.options) > MAX_OPTIONS]


def check_label_length(placed: list[Placed]) -> list[Issue]:
    """LINT_017: a question label over 120 characters."""
    return [Code.LINT_LONG_LABEL.issue("", *item.field.at("label"), field=item.field.id,
                                       length=len(item.field.label.strip()))
            for item in placed
            if item.field.type != "guidance" and len(item.field.label.strip()) > MAX_LABEL]


def check_labels_in(placed: list[Placed], language: str, main: str) -> list[Issue]:
    """LINT_014 and LINT_017 on the labels written in LANGUAGE, each naming it, at that language's text.

    A label not yet translated is left out: its main-language words are checked in the main language.
    """
    suffix = named(language)
    issues = []
    seen: set[tuple[int, str]] = set()
    for item in placed:
        label = written_in(item.field, "label", language, main)
        if item.field.type == "guidance" or label is None:
            continue
        at = where_in(item.field, "label", language, main)
        if len(label.strip()) > MAX_LABEL:
            issues.append(Code.LINT_LONG_LABEL.issue("", *at, field=item.field.id, length=len(label.strip()),
                                                     in_language=suffix))
        group = text_in(item.group, "label", language, main) if item.group is not None else None
        key = (id(item.section), normalise(f"{group}: {label}" if group is not None else label))
        if key[1] and key in seen:
            issues.append(Code.LINT_DUPLICATE_LABEL.issue("", *at, section=item.section.id, label=label,
                                                          in_language=suffix))
        seen.add(key)
    return issues


def check_fields(placed: list[Placed]) -> list[Issue]:
    """The checks about a field rather than its words (LINT_015, LINT_016): the same in every language."""
    return check_long_text_hints(placed) + check_option_count(placed)


def check(placed: list[Placed], labels: list[Label | None] | None = None) -> list[Issue]:
    return (check_duplicate_labels(placed, labels) + check_long_text_hints(placed) + check_option_count(placed)
            + check_label_length(placed))
