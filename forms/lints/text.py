"""The text a person reads in a form, gathered into passages: the purpose, then each section.

Person-facing text is the form's purpose, every section intro, and the
label and hint of fields the person sees (`visible_to_person`) or fills in (`completed_by:
person` or `together`). Guidance fields count: they record nothing but they are read. Section
titles and option labels are left out: they are short names, not sentences.

In a form with several languages the passages are gathered once per language, from the texts
written in it (a text not yet translated is left out: LINT_022 says so, and its main-language
words were checked already); each item then names its language, "field 'wishes' (Welsh)", and
sits where that language's text is written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from forms import vocabulary as V
from forms.languages import where_in, written_in
from forms.model import Field, Form, Loc, Placed

# A word: letters or digits, with inner apostrophes or hyphens ("child's", "well-being").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Where a sentence ends: . ! ? (perhaps with closing quotes or brackets) before a space or the
# end; also a blank line, or a new line that starts a bullet, since lists are written without
# full stops and would otherwise read as one endless sentence.
SENTENCE_END = re.compile(r"[.!?]+['\"’”)\]]*(?=\s|$)|\n\s*\n|\n(?=\s*[-*•]\s)")
# The same, seen from whitespace-split tokens: a token ending a sentence, or a bullet starting one.
ENDINGS = tuple(mark + close for mark in ".!?" for close in ("", "'", '"', "’", "”", ")", "]"))
BULLETS = ("-", "*", "•")
_CLOSERS = "'\"’”)]"


class TextItem(NamedTuple):
    """One piece of person-facing text and where its value is written."""

    where: str
    text: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Passage:
    """A section's worth of person-facing text (or the form's purpose), joined for scoring.

    Each item is made its own sentence (a full stop is added to labels that end without one,
    such as questions written without '?') so that items never run into each other: then
    readability sees sentences the way a reader does, and word-list phrases cannot match
    across two labels. `starts[i]` is where item i begins in `text`.
    """

    where: str
    loc: Loc
    items: tuple[TextItem, ...]
    text: str
    starts: tuple[int, ...]
    tokens: tuple[str, ...]  # the joined text, lower-cased and split on whitespace (punctuation kept)

    def item_at(self, position: int) -> TextItem:
        """The item that holds a position of the joined text."""
        return self.items[bisect_right(self.starts, position) - 1]


def reads(field: Field) -> bool:
    """Does the person read this field (they see it in their record, or fill it in)?"""
    return field.visible_to_person or field.completed_by in V.PERSON_ROLES


def terminated(text: str) -> str:
    """The text as a finished sentence: a full stop added when it ends without . ! or ?."""
    text = text.strip()
    return text if text.rstrip(_CLOSERS).endswith((".", "!", "?")) else text + "."


def passage(where: str, loc: Loc, items: Iterable[TextItem]) -> Passage:
    kept = tuple(item for item in items if item.text and item.text.strip())
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for item in kept:
        part = terminated(item.text)
        starts.append(offset)
        parts.append(part)
        offset += len(part) + 1
    text = " ".join(parts)
    return Passage(where, loc, kept, text, tuple(starts), tuple(text.lower().split()))


def field_items(field: Field) -> list[TextItem]:
    """A person-facing field's label and hint (guidance: its text) as text items."""
    name = "guidance" if field.type == "guidance" else "field"
    items = [TextItem(f"{name} '{field.id}'", field.label, field.at("label"))]
    if field.hint:
        items.append(TextItem(f"the hint of field '{field.id}'", field.hint, field.at("hint")))
    return items


def person_text_sections(form: Form, placed: Iterable[Placed] | None = None,
                         language: str | None = None) -> list[Passage]:
    """The purpose, then one passage per section (its intro, then its person-facing fields).

    The studio shows these as "what the person reads"; the readability and wording lints
    score and search them. Passages keep document order, which the acronym lint relies on.
    LANGUAGE (one of a form's several): only the texts written in it, each naming it.
    """
    if language is not None:
        return _sections_in(form, form.walk() if placed is None else placed, language)
    by_section: dict[int, list[TextItem]] = {}
    for item in form.walk() if placed is None else placed:
        if reads(item.field):
            by_section.setdefault(id(item.section), []).extend(field_items(item.field))
    out = [passage("the form's purpose", form.at("purpose"),
                   [TextItem("the form's purpose", form.purpose, form.at("purpose"))])]
    for section in form.sections:
        intro = [TextItem(f"the intro of section '{section.id}'", section.intro, section.at("intro"))] \
            if section.intro else []
        out.append(passage(f"section '{section.id}'", section.loc, intro + by_section.get(id(section), [])))
    return [p for p in out if p.items]


def named(language: str) -> str:
    """How a warning names the language it is about: " (Welsh)"."""
    return f" ({V.language_name(language)})"


def _sections_in(form: Form, placed: Iterable[Placed], language: str) -> list[Passage]:
    main, suffix = form.languages[0], named(language)

    def item(obj, key: str, where: str) -> list[TextItem]:
        text = written_in(obj, key, language, main)
        return [TextItem(where + suffix, text, where_in(obj, key, language, main))] if text else []

    by_section: dict[int, list[TextItem]] = {}
    for placed_field in placed:
        f = placed_field.field
        if reads(f):
            name = "guidance" if f.type == "guidance" else "field"
            by_section.setdefault(id(placed_field.section), []).extend(
                item(f, "label", f"{name} '{f.id}'") + item(f, "hint", f"the hint of field '{f.id}'"))
    out = [passage("the form's purpose" + suffix, where_in(form, "purpose", language, main),
                   item(form, "purpose", "the form's purpose"))]
    for section in form.sections:
        intro = item(section, "intro", f"the intro of section '{section.id}'")
        out.append(passage(f"section '{section.id}'" + suffix, section.loc, intro + by_section.get(id(section), [])))
    return [p for p in out if p.items]
