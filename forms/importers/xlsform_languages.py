"""An XLSForm's languages: `label::Welsh (cy)` columns → language tags, the main language, and texts per language.

pyxform's rules (xlsform.org, "Multiple language support"): a column `label::LANG` (or `label:LANG`)
holds the text in LANG, written as a name with its code in brackets (`Welsh (cy)`), a bare code
(`cy`) or a bare name (`Welsh`); an unsuffixed column holds the `default_language` of the settings
sheet. Coform keeps the label and hint of every language it can give a tag (docs/format.md
"Languages"); other translated columns (constraint messages, media) keep the main language only,
and a language with no tag Coform can find is reported (IMPORT_011) and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forms.errors import Code, Issue
from forms.importers.shared import label_text
from forms.vocabulary import LANGUAGE_NAMES, LANGUAGE_TAG

TRANSLATED = ("label", "hint")  # the columns whose every language becomes a Coform text per language
_BRACKETED = re.compile(r"^(.*?)\s*\(\s*([^()]+?)\s*\)$")
_ENGLISH = re.compile(r"^(english|en)\b|\(en\)|^en$", re.I)
_BY_NAME = {name.lower(): tag for tag, name in LANGUAGE_NAMES.items()}


def tag_of(language: str) -> str | None:
    """The BCP 47 tag of a column's language ('Welsh (cy)', 'cy', 'Welsh', 'english'), or None."""
    text = " ".join(language.split())
    bracketed = _BRACKETED.match(text)
    if bracketed and LANGUAGE_TAG.fullmatch(bracketed.group(2)):
        # 'Easy Read (en)': a private-use variant written with its registered language (exporter/xlsform.py)
        named = _BY_NAME.get(bracketed.group(1).lower())
        if named is not None and "-x-" in named and named.split("-x-")[0] == bracketed.group(2):
            return named
        return bracketed.group(2)
    if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", text) and (len(text) <= 3 or "-" in text):
        return text
    return _BY_NAME.get(text.lower())


@dataclass(slots=True)
class Languages:
    """The form's language tags (main first) and, for each sheet, which column holds which language."""

    tags: list[str] = field(default_factory=list)
    columns: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # sheet → base → tag → key

    @property
    def main(self) -> str:
        return self.tags[0] if self.tags else "en"

    def texts(self, sheet: str, row, base: str, main_text: str | None) -> str | dict[str, str] | None:
        """The row's BASE text: plain when the form has one language, else {tag: text} with the main first."""
        if main_text is None or len(self.tags) < 2:
            return main_text
        out = {self.main: main_text}
        for tag, key in self.columns.get(sheet, {}).get(base, {}).items():
            text = label_text(row.get(key))
            if tag != self.main and text is not None:
                out[tag] = text
        return out if len(out) > 1 else main_text


def choose_languages(sheets: dict, preferred: object) -> tuple[Languages, list[Issue]]:
    """Every sheet's main-language column per base (Sheet.chosen), the other languages' label and hint
    columns (Languages.columns), and a report of each column left out (Sheet.dropped)."""
    default = tag_of(str(preferred)) if preferred not in (None, "") else None
    found: list[str] = []  # tags in the order their columns first appear
    issues: list[Issue] = []
    tags_by_sheet: dict[str, dict[int, str | None]] = {}
    for name, sheet in sheets.items():
        tags = tags_by_sheet.setdefault(name, {})
        for col in sheet.columns:
            if col.lang is None:
                continue
            tag = tag_of(col.lang)
            tags[col.index] = tag
            if tag is None and col.base in TRANSLATED:
                issues.append(Code.IMPORT_LANGUAGE_UNKNOWN.issue(
                    sheet.name, sheet.header_row, col.index, where=f"{sheet.name} column '{col.raw}'",
                    language=col.lang))
            elif tag is not None and col.base in TRANSLATED and tag not in found:
                found.append(tag)
    has_unsuffixed = any(c.base in TRANSLATED and c.lang is None for s in sheets.values() for c in s.columns)
    # The unsuffixed column is the settings' default language (pyxform's rule), else taken as English.
    unsuffixed = default or ("en" if "en" not in found else None)
    if found and has_unsuffixed and unsuffixed and unsuffixed not in found:
        found.insert(0, unsuffixed)
    # The main language: the settings' default, else English (not Easy Read, which is also 'en-...'), else the first.
    main = default if default in found else "en" if "en" in found else (found[0] if found else None)
    languages = Languages([main, *(t for t in found if t != main)] if main else [])
    for name, sheet in sheets.items():
        per_base: dict[str, list] = {}
        for col in sheet.columns:
            per_base.setdefault(col.base, []).append(col)
        for base, cols in per_base.items():
            if any(c.lang for c in cols):
                issues += _assign(sheet, base, cols, tags_by_sheet[name], unsuffixed, languages)
    return languages, issues


def _assign(sheet, base: str, cols: list, tags: dict[int, str | None], unsuffixed: str | None,
            languages: Languages) -> list[Issue]:
    """Which of BASE's columns holds the main language, which the others, and which are left out."""
    main = languages.main
    tagged = [(c, unsuffixed if c.lang is None else tags.get(c.index)) for c in cols]
    translated = base in TRANSLATED and len(languages.tags) > 1
    pick = (next((c for c, t in tagged if t == main), None) or next((c for c in cols if c.lang is None), None)
            or next((c for c in cols if c.lang and _ENGLISH.search(c.lang)), None) or cols[0])
    sheet.chosen[base] = _key(pick)
    issues: list[Issue] = []
    if translated and next(t for c, t in tagged if c is pick) != main:
        issues.append(Code.IMPORT_NO_MAIN_TEXT.issue(
            sheet.name, sheet.header_row, pick.index, where=f"{sheet.name} column '{pick.raw}'", part=base,
            main=main, used=pick.raw))
    kept = languages.columns.setdefault(sheet.name, {}).setdefault(base, {})
    for col, tag in tagged:
        if col is pick:
            continue
        if base in TRANSLATED and tag is None and col.lang is not None:
            sheet.dropped.add(_key(col))  # reported once as IMPORT_011
            continue
        if translated and tag in languages.tags and tag not in kept and tag != main:
            kept[tag] = _key(col)
            continue
        sheet.dropped.add(_key(col))
        issues.append(Code.IMPORT_DROPPED.issue(
            sheet.name, sheet.header_row, col.index, where=f"{sheet.name} column '{col.raw}'",
            what=f"the {col.lang or 'default-language'} text",
            fix=f"Coform keeps every language of labels and hints only; this import used '{pick.raw}' "
                "for this column. Add translations by hand if they are needed."))
    return issues


def _key(col) -> str:
    return col.base if col.lang is None else f"{col.base}::{col.lang}"
