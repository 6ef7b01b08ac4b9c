"""A FHIR Questionnaire's languages: `language`, and HL7's translation extension on `_text`, `_display`, `_title`...

Each translation is an extension `http://hl7.org/fhir/StructureDefinition/translation` on the
element's shadow (`_text` for `text`) with sub-extensions `lang` (a BCP 47 tag) and `content`.
Coform reads them into texts per language (docs/format.md "Languages"): the resource's `language`
is the main language (English when absent), and every other language found joins `languages:`.
A translation whose `lang` is not a tag is reported (IMPORT_011) and left out.
"""

from __future__ import annotations

from collections.abc import Callable

from forms.importers.fhir_parts import extensions, items, short_url
from forms.importers.shared import label_text
from forms.vocabulary import LANGUAGE_TAG

TranslatedText = str | dict[str, str]


def translations(shadow: object) -> list[tuple[str, str]]:
    """(lang, content) of every translation extension on an element's shadow (`_text`), as written."""
    if not isinstance(shadow, dict):
        return []
    out = []
    for ext in extensions(shadow):
        if short_url(ext.get("url")) != "translation":
            continue
        parts = {short_url(p.get("url")): p for p in items(ext, "extension") if isinstance(p, dict)}
        lang = parts.get("lang", {}).get("valueCode")
        content = next((v for k, v in parts.get("content", {}).items() if k.startswith("value")), None)
        text = label_text(content) if isinstance(content, str) else None
        if isinstance(lang, str) and text is not None:
            out.append((lang.strip(), text))
    return out


class Languages:
    """The main language, the other languages in the order they are first met, and texts per language."""

    def __init__(self, doc: dict, report: Callable[[str], None]) -> None:
        declared = doc.get("language")
        self.main = declared if isinstance(declared, str) and LANGUAGE_TAG.fullmatch(declared) else "en"
        self.declared = declared is not None
        self.others: list[str] = []
        self.report = report  # called with a `lang` that is not a tag, once per lang
        self.refused: set[str] = set()

    @property
    def tags(self) -> list[str]:
        return [self.main, *self.others]

    def text(self, main: str | None, shadow: object, transform: Callable[[str], str] = str) -> TranslatedText | None:
        """MAIN, or {main: MAIN, tag: text...} when the shadow element carries translations."""
        if main is None:
            return None
        out = {self.main: main}
        for lang, text in translations(shadow):
            if not LANGUAGE_TAG.fullmatch(lang):
                if lang not in self.refused:
                    self.refused.add(lang)
                    self.report(lang)
                continue
            if lang != self.main and lang not in out:
                out[lang] = transform(text)
                if lang not in self.others:
                    self.others.append(lang)
        return out if len(out) > 1 else main

    def join(self, parts: list[TranslatedText], joiner: str = "\n") -> TranslatedText:
        """Texts joined into one (several hints → one hint), each language with its own words where written."""
        tags = [t for t in self.tags if any(isinstance(p, dict) and t in p for p in parts)]
        if not tags:
            return joiner.join(str(p) for p in parts if p)
        main = joiner.join(_in(p, self.main, self.main) for p in parts if p)
        return {tag: main if tag == self.main else joiner.join(_in(p, tag, self.main) for p in parts if p)
                for tag in tags}


def _in(text: TranslatedText, tag: str, main: str) -> str:
    return text if isinstance(text, str) else text.get(tag, text[main])
