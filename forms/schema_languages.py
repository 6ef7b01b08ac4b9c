"""Reading texts for `forms.schema`: plain text, or one text in each of the form's languages.

`label: {en: ..., cy: ...}` gives the model its main language's text; the others wait in the
builder (by the mapping they belong to) until `taken` hands them to the object being built, with
where each is written so a lint in that language can point at it. `languages: [en, cy]` is read
here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from forms import vocabulary as V
from forms.errors import Code, shown
from forms.model import NO_TRANSLATIONS, Translations
from forms.reader import LocList, LocMap
from forms.schema_values import ValueReader, kind_of
from forms.suggest import did_you_mean


class TextReader(ValueReader):
    """Texts, and the languages they are written in."""

    __slots__ = ()

    def text(self, m: LocMap, key: str, owner: str, translatable: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if translatable and isinstance(value, LocMap):
            return self.per_language(m, key, value, owner)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            # A decimal would lose its written form ('1.10' reads as 1.1), so it must be quoted.
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="text",
                        found=kind_of(value), fix=f"Write {key} as text, in quotes if it is a number or contains ': '.")
            return None
        value = str(value)
        if not value.strip():
            self.report(Code.SCHEMA_EMPTY_TEXT, m.value_at(key), key=key, owner=owner)
        return value

    def per_language(self, m: LocMap, key: str, texts: LocMap, owner: str) -> str | None:
        """`label: {en: ..., cy: ...}`: the first language's text; the others are kept for `taken`."""
        declared = self.languages
        if declared is None:
            self.report(Code.LANG_NO_LANGUAGES, m.value_at(key), key=key, owner=owner, document="the form",
                        fix="Add 'languages: [en, cy]' at the top of the form (the first is its main language), "
                            f"or write {key} as plain text.")
            first = next(iter(texts), None)
            return self.text(texts, first, f"{owner}'s {key}") if first is not None else None
        kept = self.translated.setdefault(id(m), [])
        for tag in texts:
            if tag not in declared:
                if self.languages_broken:
                    continue
                self.report(Code.LANG_NOT_DECLARED, texts.key_at(tag), key=key, owner=owner, tag=shown(tag),
                            declared=", ".join(declared), suggestion=_tag_meant(str(tag), declared))
                continue
            text = self.text(texts, tag, f"{owner}'s {key}")
            if text is not None and tag != declared[0]:
                kept.append((key, tag, text))
                self.tag_locs.setdefault(id(m), {})[f"{key}:{tag}"] = texts.value_at(tag)
        if declared[0] not in texts:
            self.report(Code.LANG_NO_DEFAULT, m.value_at(key), key=key, owner=owner, tag=declared[0])
            return None
        return self.text(texts, declared[0], f"{owner}'s {key}")

    def taken(self, m: LocMap) -> Translations:
        """The texts in other languages gathered from mapping M's keys, ready for the model."""
        items = self.translated.pop(id(m), None)
        return Translations(tuple(sorted(items))) if items else NO_TRANSLATIONS

    def language_list(self, m: LocMap) -> tuple[str, ...]:
        """`languages: [en, cy]`: well-formed tags, each once, at least one."""
        value = m.get("languages")
        if value is None:
            return ("en",)
        if not isinstance(value, LocList) or not value:
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("languages"), key="languages", owner="the form",
                        expected="a list of language tags", found=kind_of(value),
                        fix="Write 'languages: [en, cy]': the form's main language first.")
            self.languages_broken = True
            return ("en",)
        tags: list[str] = []
        broken = False
        for i, tag in enumerate(value):
            if not isinstance(tag, str) or not V.LANGUAGE_TAG.fullmatch(tag):
                named = {name.lower(): code for code, name in V.LANGUAGE_NAMES.items()}
                guess = named.get(str(tag).lower()) or (str(tag).lower() if isinstance(tag, str) and
                                                         V.LANGUAGE_TAG.fullmatch(str(tag).lower()) else None)
                self.report(Code.LANG_BAD_TAG, value.at(i), value=shown(tag),
                            suggestion=f". Did you mean '{guess}'?" if guess else "")
                broken = True
            elif tag in tags:
                self.report(Code.LANG_TWICE, value.at(i), tag=tag)
            else:
                tags.append(tag)
        if broken:  # texts in the tag meant are not reported again as undeclared
            self.languages_broken = True
        return tuple(tags) or ("en",)


def _tag_meant(tag: str, declared: Sequence[str]) -> str:
    """Two-letter tags are too short for the usual similarity cut-off: one letter off is a typo."""
    near = [d for d in declared if len(d) == len(tag) and sum(a != b for a, b in zip(d, tag, strict=True)) == 1]
    return f". Did you mean '{near[0]}'?" if near else did_you_mean(tag, declared)
