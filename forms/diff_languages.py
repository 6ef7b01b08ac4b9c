"""The semantic diff's languages: languages added, removed or reordered, and texts changed in a language.

`forms.diff` compares the main language's texts itself (they are the plain attributes) after
`same_main` has put both versions in one main language; this module reports the rest, each change
naming its language ("label (Welsh) changes from ... to ..."). A language added or removed is one
change: its texts are not listed one by one, so a form that becomes bilingual reports only that.
Changes come back as plain dicts for `forms.diff.Change`, which imports this module.
"""

from __future__ import annotations

from collections.abc import Iterator

from forms import compatibility as compat
from forms import vocabulary as V
from forms.languages import in_language
from forms.model import Field, Form, Option, Section

KIND = "form_languages"
TRANSLATION = "translation"


def same_main(old: Form, new: Form) -> tuple[Form, Form]:
    """Both versions read with one main language (the new one's, else the old one's), when they share it."""
    main = new.languages[0]
    if old.languages[0] == main:
        return old, new
    if main in old.languages:
        return in_language(old, main), new
    if old.languages[0] in new.languages:
        return old, in_language(new, old.languages[0])
    return old, new


def main_named(old: Form, new: Form) -> str:
    """" (English)" when either version has several languages, so main-language changes name theirs too."""
    if len(old.languages) == 1 and len(new.languages) == 1:
        return ""
    return f" ({V.language_name(new.languages[0])})"


def language_changes(old: Form, new: Form) -> list[dict]:
    """The declared languages: main language changed, languages added or removed, the others reordered."""
    out: list[dict] = []
    if old.languages[0] != new.languages[0]:
        out.append(_change(f"The form's main language changes from {_named(old.languages[0])} to "
                           f"{_named(new.languages[0])}.", compat.MINOR))
    for tag in new.languages:
        if tag not in old.languages:
            out.append(_change(f"The form is now also in {_named(tag)}.", compat.MINOR, language=tag))
    for tag in old.languages:
        if tag not in new.languages:
            out.append(_change(f"The form is no longer in {_named(tag)}: people who read it in "
                               f"{V.language_name(tag)} will see the {V.language_name(new.languages[0])} text.",
                               compat.MINOR, language=tag))
    kept_old = [t for t in old.languages[1:] if t in new.languages[1:]]
    kept_new = [t for t in new.languages[1:] if t in old.languages[1:]]
    if kept_old != kept_new:
        out.append(_change("The form's languages are reordered: " + ", ".join(map(_named, new.languages)) + ".",
                           compat.PATCH))
    return out


def text_changes(old: Form, new: Form) -> list[dict]:
    """Texts changed, added or removed in each language both versions have besides the main one.

    OLD and NEW are read with the same main language (`same_main`); questions, sections and
    options are matched by id and value, and those only in one version are left to `forms.diff`.
    """
    if old.languages[0] != new.languages[0]:
        return []
    tags = [t for t in new.languages[1:] if t in old.languages]
    if not tags:
        return []
    out: list[dict] = []
    for before, after, subject, where in _pairs(old, new):
        for key in V.TRANSLATABLE[_role(after)]:
            for tag in tags:
                a, b = before.translations.get(key, tag), after.translations.get(key, tag)
                if a == b:
                    continue
                said = f"{subject}{key.replace('_', ' ')} ({V.language_name(tag)})" if subject else \
                    f"The form's {key} ({V.language_name(tag)})"
                if a is None:
                    text = f"{said} is added: {_q(b)}."
                elif b is None:
                    text = (f"{said} is removed: people reading in {V.language_name(tag)} will see the "
                            f"{V.language_name(new.languages[0])} text.")
                else:
                    text = f"{said} changes from {_q(a)} to {_q(b)}."
                out.append({"kind": TRANSLATION, "text": text, "language": tag, **where})
    return out


def _pairs(old: Form, new: Form) -> Iterator[tuple[object, object, str, dict]]:
    """(old, new, how a sentence names it, the ids a change carries) for everything in both versions."""
    yield old, new, "", {}
    old_sections = {s.id: s for s in old.sections}
    for section in new.sections:
        if section.id in old_sections:
            yield old_sections[section.id], section, f"Section {_q(section.title)}: ", {"section": section.id}
    old_fields = old.field_map()
    for placed in new.walk():
        f, earlier = placed.field, old_fields.get(placed.field.id)
        if earlier is None:
            continue
        noun = "Guidance" if f.type == "guidance" else "Question"
        where = {"field": f.id, "section": placed.section.id}
        yield earlier.field, f, f"{noun} {_q(f.label or f.id)}: ", where
        old_options = {o.value: o for o in earlier.field.options}
        for option in f.options:
            if option.value in old_options:
                yield (old_options[option.value], option,
                       f"{noun} {_q(f.label or f.id)}: option {_q(option.label)}: ", where)


def _role(obj: object) -> str:
    if isinstance(obj, Form):
        return "form"
    if isinstance(obj, Section):
        return "section"
    if isinstance(obj, Field):
        return "field"
    assert isinstance(obj, Option)
    return "option"


def _change(text: str, level: str, language: str | None = None) -> dict:
    return {"kind": KIND, "text": text, "level": level, "language": language}


def _named(tag: str) -> str:
    return f"{V.language_name(tag)} ({tag})"


def _q(text: object) -> str:
    return f"'{text}'"
