"""A form in several languages: every translatable text, and the form as read in one language.

The model keeps each text in the form's first language on the object itself (`field.label`) and
the other languages in `translations` (docs/format.md "Languages"). Everything that shows or
exports a form in one language asks `in_language`; everything that carries all languages at once
(XLSForm columns, FHIR extensions, the CSV dictionary, the lint for missing translations) walks
`texts`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from forms import vocabulary as V
from forms.errors import Code, Issue, shown
from forms.model import NO_TRANSLATIONS, Field, Form, Loc, Option, Section, Translations


@dataclass(frozen=True, slots=True)
class Text:
    """One translatable text: whose it is, which key, where it is written, and its versions."""

    owner: str  # as messages name it: "the form", "section 'about'", "field 'wishes'", "an option of field 'x'"
    key: str
    loc: Loc
    versions: dict[str, str]  # language tag → text, the main language included

    def missing(self, languages: tuple[str, ...]) -> list[str]:
        return [tag for tag in languages if tag not in self.versions]


def texts(form: Form) -> Iterator[Text]:
    """Every translatable text the form has, in document order."""
    main = form.languages[0]
    yield from _texts_of(form, "the form", V.TRANSLATABLE["form"], main)
    for section in form.sections:
        yield from _texts_of(section, f"section {shown(section.id)}", V.TRANSLATABLE["section"], main)
        for placed in _fields(section.fields):
            yield from _texts_of(placed, f"field {shown(placed.id)}", V.TRANSLATABLE["field"], main)
            for option in placed.options:
                yield from _texts_of(option, f"an option of field {shown(placed.id)}", V.TRANSLATABLE["option"], main)


def text_in(obj: Form | Section | Field | Option, key: str, language: str, main: str) -> str | None:
    """OBJ's KEY text in LANGUAGE, falling back to the main language's when it has none."""
    found = written_in(obj, key, language, main)
    return getattr(obj, key) if found is None else found


def versions_of(obj: Form | Section | Field | Option, key: str, languages: tuple[str, ...]) -> dict[str, str]:
    """OBJ's KEY text as written in each of LANGUAGES (main first), with no fallback: a language
    not yet written is absent, so an editor shows its box empty."""
    return {tag: text for tag in languages if (text := written_in(obj, key, tag, languages[0])) is not None}


def written(versions: Mapping[str, str | None], languages: tuple[str, ...]) -> str | dict[str, str] | None:
    """What to write in the YAML for one text given per language: None when no language has words,
    plain text when only the main language has, else a mapping in the declared order (docs/format.md
    "Languages"). Blank versions are left out, so an untranslated text is missing (LINT_022), never empty;
    the others are kept exactly as given (an unchanged text stays unchanged in the file)."""
    kept = {tag: text for tag in languages if (text := versions.get(tag)) and text.strip()}
    if not kept:
        return None
    if list(kept) == [languages[0]]:
        return kept[languages[0]]
    return kept


def translated(obj: Form | Section | Field | Option, key: str, languages: tuple[str, ...]) -> dict[str, str]:
    """OBJ's KEY text in each of LANGUAGES that has its own (no fallback): {tag: text}, in LANGUAGES order.

    For exports that carry the other languages beside the main text (FHIR extensions, JSON Schema),
    where a reader falls back to the main text by itself.
    """
    return {tag: text for tag in languages if (text := obj.translations.get(key, tag)) is not None}


def check_language(form: Form, language: str) -> Issue | None:
    """LANG_006 when someone asks for FORM in a LANGUAGE it does not list (a command's `--language`),
    placed at the form's `languages:`; None when the form is written in it."""
    if language in form.languages:
        return None
    declared = ", ".join(f"{tag} ({V.language_name(tag)})" for tag in form.languages)
    return Code.LANG_NOT_A_LANGUAGE_OF_FORM.issue("", *form.at("languages"), document=f"form {shown(form.id)}",
                                                  tag=shown(language), declared=declared)


def written_in(obj: Form | Section | Field | Option, key: str, language: str, main: str) -> str | None:
    """OBJ's KEY text as written in LANGUAGE: None when it has none there (no falling back to the main
    language's, so a check in LANGUAGE never reports the main language's words again)."""
    return getattr(obj, key) if language == main else obj.translations.get(key, language)


def where_in(obj: Form | Section | Field | Option, key: str, language: str, main: str) -> Loc:
    """Where OBJ's KEY text in LANGUAGE is written (`label: {en: ..., cy: HERE}`); the key's place otherwise."""
    if not hasattr(obj, "at"):
        return obj.loc
    if language != main:
        found = obj.locs.get(f"{key}:{language}")
        if found is not None:
            return found
    return obj.at(key)


def in_language(form: Form, language: str) -> Form:
    """The same form with LANGUAGE as its main language: every text in LANGUAGE where written.

    A text not yet translated keeps the main language's words (the LINT_022 warning names it), and
    the texts it replaces move into `translations`, so nothing is lost and `in_language(f, main)`
    undoes it.
    """
    main = form.languages[0]
    if language == main or language not in form.languages:
        return form
    order = (language, *(tag for tag in form.languages if tag != language))

    def swap(obj, keys):
        changes: dict[str, object] = {}
        items = [item for item in obj.translations.items if item[1] != language]
        for key in keys:
            own = getattr(obj, key)
            if own is None:
                continue
            found = obj.translations.get(key, language)
            if found is not None:
                changes[key] = found
                items.append((key, main, own))
        changes["translations"] = Translations(tuple(sorted(items))) if items else NO_TRANSLATIONS
        return changes

    def field(f: Field) -> Field:
        options = tuple(dataclasses.replace(o, **swap(o, V.TRANSLATABLE["option"])) for o in f.options)
        return dataclasses.replace(f, options=options, fields=tuple(field(c) for c in f.fields),
                                   **swap(f, V.TRANSLATABLE["field"]))

    sections = tuple(
        dataclasses.replace(s, fields=tuple(field(f) for f in s.fields), **swap(s, V.TRANSLATABLE["section"]))
        for s in form.sections)
    return dataclasses.replace(form, sections=sections, languages=order, **swap(form, V.TRANSLATABLE["form"]))


def _fields(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from _fields(f.fields)


def _texts_of(obj, owner: str, keys: tuple[str, ...], main: str) -> Iterator[Text]:
    for key in keys:
        own = getattr(obj, key)
        if own is None:
            continue
        versions = {main: own, **obj.translations.of(key)}
        loc = obj.at(key) if hasattr(obj, "at") else obj.loc
        yield Text(owner, key, loc, versions)
