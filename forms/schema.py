"""Read YAML values into the model, reporting every structural problem (keys, kinds, allowed values).

One pass over the located tree from `forms.reader`: unknown keys, missing keys, wrong kinds of
value, values outside the vocabulary, bad identifiers and per-type rules. The result is a
best-effort model even when there are errors, so later checks can still report what they see.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from forms import vocabulary as V
from forms.errors import Code, Issue, shown
from forms.model import (
    NO_TRANSLATIONS,
    Condition,
    Document,
    Field,
    Form,
    Option,
    Retired,
    Section,
    Step,
    TimeLimit,
    Transition,
    Translations,
    Workflow,
)
from forms.reader import LocList, LocMap
from forms.suggest import closest, did_you_mean

_KIND_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text", type(None): "empty"}


def _kind(value: object) -> str:
    if isinstance(value, LocMap):
        return "a mapping"
    if isinstance(value, LocList):
        return "a list"
    name = _KIND_NAMES.get(type(value), type(value).__name__)
    return f"{name} ({value!r})" if isinstance(value, (bool, int, float)) else name


def build(data: LocMap) -> tuple[Document | None, list[Issue]]:
    """Turn a read YAML mapping into a Form or Workflow, with every structural issue found."""
    builder = _Builder()
    return builder.document(data), builder.issues


class _Builder:
    __slots__ = ("issues", "languages", "languages_broken", "tag_locs", "translated")

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.languages: tuple[str, ...] | None = None  # a form's declared languages; None: none declared
        self.languages_broken = False
        # Texts in the other languages, by the mapping (its id) of the object they belong to.
        self.translated: dict[int, list[tuple[str, str, str]]] = {}
        # Where each of those texts is written ("label:cy" → line, column), so lints in that language point at it.
        self.tag_locs: dict[int, dict[str, tuple[int, int]]] = {}

    # --- helpers ---------------------------------------------------------------------
    def report(self, code: Code, at: tuple[int, int], **facts: object) -> None:
        self.issues.append(code.issue("", at[0], at[1], **facts))

    def check_keys(self, m: LocMap, allowed: Sequence[str], required: Sequence[str], owner: str) -> None:
        if len(m.keys() - set(allowed)):
            for key in m:
                if key not in allowed:
                    match = closest(key, allowed)
                    fix = f"Rename it '{match}'." if match else f"Remove it, or use one of: {', '.join(allowed)}."
                    self.report(Code.SCHEMA_UNKNOWN_KEY, m.key_at(key), key=key, owner=owner,
                                suggestion=f". Did you mean '{match}'?" if match else "", fix=fix)
        for key in required:
            if key not in m:
                self.report(Code.SCHEMA_MISSING_KEY, (m.line, m.column), key=key, owner=owner,
                            example=V.EXAMPLES.get(key, "..."))

    def text(self, m: LocMap, key: str, owner: str, translatable: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if translatable and isinstance(value, LocMap):
            return self.per_language(m, key, value, owner)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            # A decimal would lose its written form ('1.10' reads as 1.1), so it must be quoted.
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="text",
                        found=_kind(value), fix=f"Write {key} as text, in quotes if it is a number or contains ': '.")
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
                        expected="a list of language tags", found=_kind(value),
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

    def boolean(self, m: LocMap, key: str, owner: str, default: bool) -> bool:
        value = m.get(key, default)
        if isinstance(value, bool):
            return value
        if value is None:
            return default
        words = ("yes", "no", "on", "off", "y", "n")
        hint = " ('yes' and 'no' are read as text)" if str(value).lower() in words else ""
        self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="true or false",
                    found=_kind(value), fix=f"Write '{key}: true' or '{key}: false'{hint}.")
        return default

    def integer(self, m: LocMap, key: str, owner: str, minimum: int = 0) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner,
                        expected=f"a whole number of {minimum} or more", found=_kind(value),
                        fix=f"Write a whole number, for example '{key}: {max(minimum, 1)}'.")
            return None
        return value

    def number(self, m: LocMap, key: str, owner: str) -> float | int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="a finite number",
                        found=_kind(value), fix=f"Write a number, for example '{key}: 0'.")
            return None
        return value

    def retired(self, m: LocMap, at: tuple[int, int]) -> Retired:
        self.check_keys(m, V.RETIRED_KEYS, V.RETIRED_REQUIRED, f"retired id '{m.get('id', '?')}'")
        return Retired(id=self.ident_key(m, "id"), since_version=self.integer(m, "since_version", "a retired id", 1)
                       or 1, was=self.text(m, "was", "a retired id") or "", loc=m.value_at("id") if "id" in m else at)

    def budget(self, m: LocMap, owner: str) -> float | None:
        """`budget_minutes`: a number of minutes above zero, or nothing."""
        value = self.number(m, "budget_minutes", owner)
        if value is not None and not value > 0:
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("budget_minutes"), key="budget_minutes", owner=owner,
                        expected="a number of minutes above 0", found=_kind(value),
                        fix="Write the practitioner minutes it may take at most, for example 'budget_minutes: 20'.")
            return None
        return value

    def one_of(self, m: LocMap, key: str, allowed: Sequence[str], default: str | None) -> str | None:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or value not in allowed:
            self.report(Code.SCHEMA_NOT_ALLOWED, m.value_at(key), key=key, value=shown(value),
                        suggestion=did_you_mean(value, allowed), allowed=", ".join(allowed))
            return default
        return value

    def ident(self, value: object, at: tuple[int, int]) -> str:
        if isinstance(value, str) and V.ID_PATTERN.fullmatch(value):
            return value
        text = "" if value is None else str(value)
        # Only words get a suggestion: a slug made from a mapping's repr would be nonsense.
        suggestion = f", for example '{V.slug(text)}'" if isinstance(value, (str, int, float)) and text else ""
        self.report(Code.ID_BAD, at, value=shown(value if isinstance(value, (str, dict, list)) else text),
                    suggestion=suggestion)
        return text

    def ident_key(self, m: LocMap, key: str) -> str:
        if key not in m:
            return ""
        return self.ident(m[key], m.value_at(key))

    def id_list(self, m: LocMap, key: str, owner: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected="a list",
                        found=_kind(value), fix=f"Write '{key}: [first, second]'.")
            return ()
        return tuple(self.ident(item, value.at(i)) for i, item in enumerate(value))

    def mappings(self, m: LocMap, key: str, owner: str, what_one: str) -> list[tuple[LocMap, tuple[int, int]]]:
        """The list of mappings under a key (sections, fields, steps), reporting anything else."""
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at(key), key=key, owner=owner, expected=f"a list of {key}",
                        found=_kind(value), fix=f"Write each {what_one} as an item starting with '- id:'.")
            return []
        if not value:
            self.report(Code.FORM_EMPTY, m.value_at(key), owner=owner, what=key, what_one=what_one)
        out = []
        for i, item in enumerate(value):
            if isinstance(item, LocMap):
                out.append((item, value.at(i)))
            else:
                self.report(Code.SCHEMA_WRONG_KIND, value.at(i), key=key, owner=owner,
                            expected=f"a mapping ({what_one} with 'id:' and other keys)", found=_kind(item),
                            fix=f"Write the {what_one} as keys, e.g. '- id: ...' on one line and the rest below.")
        return out

    def locs(self, m: LocMap) -> MappingProxyType:
        """Where each key's value is written; for a text in several languages also each translation's
        place, as "label:cy" (call it after the mapping's texts are read)."""
        tagged = self.tag_locs.pop(id(m), None)
        return MappingProxyType({**m.value_marks, **tagged} if tagged else m.value_marks)

    # --- documents -------------------------------------------------------------------
    def document(self, m: LocMap) -> Document | None:
        kind = m.get("kind")
        if kind == "form":
            return self.form(m)
        if kind == "workflow":
            return self.workflow(m)
        if "kind" not in m:
            self.report(Code.SCHEMA_MISSING_KEY, (m.line, m.column), key="kind", owner="the file", example="form")
        else:
            self.report(Code.FORM_KIND, m.value_at("kind"), found=shown(kind), suggestion=did_you_mean(kind, V.KINDS))
        return None

    def version(self, m: LocMap) -> int:
        value = m.get("version", 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report(Code.FORM_VERSION, m.value_at("version"), found=_kind(value))
            return 1
        return value

    def form(self, m: LocMap) -> Form:
        self.check_keys(m, V.FORM_KEYS, V.FORM_REQUIRED, "the form")
        languages = self.language_list(m)
        self.languages = languages if "languages" in m else None
        sections = tuple(self.section(s, at) for s, at in self.mappings(m, "sections", "the form", "section"))
        defaults = self.defaults(m)
        if defaults:
            sections = tuple(dataclasses.replace(s, fields=_with_defaults(s.fields, defaults)) for s in sections)
        return Form(
            id=self.ident_key(m, "id"), title=self.text(m, "title", "the form", True) or "",
            version=self.version(m), purpose=self.text(m, "purpose", "the form", True) or "",
            sections=sections, status=self.one_of(m, "status", V.STATUSES, "draft") or "draft",
            owner=self.text(m, "owner", "the form"), loc=(m.line, m.column),
            budget_minutes=self.budget(m, "the form"),
            retired=tuple(self.retired(r, at) for r, at in self.mappings(m, "retired", "the form", "retired id")),
            default_lawful_basis=defaults.get("lawful_basis"), default_retention=defaults.get("retention"),
            controller=self.text(m, "controller", "the form"), contact=self.text(m, "contact", "the form", True),
            audience=self.one_of(m, "audience", V.AUDIENCES, "adult") or "adult",
            languages=languages, translations=self.taken(m), locs=self.locs(m),
        )

    def defaults(self, m: LocMap) -> dict[str, str]:
        """`defaults: {lawful_basis, retention}`: the values a personal-data field takes when it says none."""
        value = m.get("defaults")
        if value is None:
            return {}
        if not isinstance(value, LocMap):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("defaults"), key="defaults", owner="the form",
                        expected="a mapping", found=_kind(value),
                        fix="Write 'defaults: {lawful_basis: public_task, retention: 8 years after care ends}'.")
            return {}
        self.check_keys(value, V.DEFAULTS_KEYS, (), "the form's defaults")
        out = {"lawful_basis": self.one_of(value, "lawful_basis", V.LAWFUL_BASES, None),
               "retention": self.text(value, "retention", "the form's defaults")}
        return {key: text for key, text in out.items() if text}

    def section(self, m: LocMap, at: tuple[int, int]) -> Section:
        owner = f"section {shown(m.get('id', '?'))}"
        self.check_keys(m, V.SECTION_KEYS, V.SECTION_REQUIRED, owner)
        fields = tuple(self.field(f, a) for f, a in self.mappings(m, "fields", owner, "field"))
        return Section(
            id=self.ident_key(m, "id"), title=self.text(m, "title", owner, True) or "", fields=fields,
            intro=self.text(m, "intro", owner, True), loc=at, locs=self.locs(m), translations=self.taken(m),
        )

    def field(self, m: LocMap, at: tuple[int, int]) -> Field:
        fid = m.get("id", "?")
        owner = f"field {shown(fid)}"
        self.check_keys(m, V.FIELD_KEYS, V.FIELD_REQUIRED, owner)
        ftype = m.get("type")
        if ftype is not None and ftype not in V.FIELD_TYPES:
            self.report(Code.FIELD_UNKNOWN_TYPE, m.value_at("type"), field=fid, type=shown(ftype),
                        suggestion=did_you_mean(ftype, V.FIELD_TYPES), allowed=", ".join(V.FIELD_TYPES))
        known_type = ftype in V.FIELD_TYPES
        if known_type:
            for key, types in V.TYPE_KEYS.items():
                if key in m and ftype not in types:
                    self.report(Code.FIELD_KEY_NOT_FOR_TYPE, m.key_at(key), field=fid, key=key, type=ftype,
                                types=", ".join(types))
        options = self.options(m, fid) if "options" in m and ftype in V.CHOICE_TYPES else ()
        if known_type and ftype in V.CHOICE_TYPES and "options" not in m:
            self.report(Code.FIELD_OPTIONS_REQUIRED, at, field=fid, type=ftype)
        children: tuple[Field, ...] = ()
        if ftype == "repeating_group":
            group = self.mappings(m, "fields", owner, "field")
            children = tuple(self.field(f, a) for f, a in group)
            if "fields" not in m:
                self.report(Code.FIELD_GROUP_EMPTY, at, field=fid)
        values: dict[str, Any] = {}
        for key in m:  # only the keys present: most fields use a handful of the thirty or so
            parse = _FIELD_VALUES.get(key)
            if parse is not None:
                value = parse(self, m, key, owner)
                if value is not None:
                    values[key] = value
        if "shared_with" in m:
            values["shared_with"], values["shared_by_consent"] = self.shared_with(m, owner)
        if "example" in m and ftype in V.TYPE_KEYS["example"]:
            values["example"] = self.example(m, fid, ftype, options)
        if "show_if" in m:
            values["show_if"] = self.condition(m["show_if"], m.value_at("show_if"))
        if "processing_condition" in m:
            values["processing_condition"] = self.processing_condition(m, fid)
        if "pattern" in m:
            values["pattern"] = self.pattern(m, fid)
        if "min" in m or "max" in m:
            values["min"], values["max"] = self.bounds(m, fid, ftype)
        if ftype == "repeating_group" and "estimated_seconds" in m:
            self.report(Code.FIELD_KEY_NOT_FOR_TYPE, m.key_at("estimated_seconds"), field=fid,
                        key="estimated_seconds", type=ftype, types="the fields inside the group")
        field = Field(
            id=self.ident_key(m, "id"), label=values.pop("label", ""),
            type=ftype if isinstance(ftype, str) else "", options=options, fields=children,
            loc=at, locs=self.locs(m), translations=self.taken(m), **values,
        )
        self.field_rules(field, m)
        return field

    def field_rules(self, f: Field, m: LocMap) -> None:
        """Rules across keys of one field: ranges, option counts, special category pairing."""
        for low_key, high_key in (("min", "max"), ("min_selected", "max_selected"), ("min_items", "max_items")):
            low, high = getattr(f, low_key), getattr(f, high_key)
            if low is not None and high is not None and _comparable(low, high) and low > high:
                self.report(Code.FIELD_RANGE, m.value_at(low_key), field=f.id, low_key=low_key, low=low,
                            high_key=high_key, high=high)
        for key in ("min_selected", "max_selected"):
            value = getattr(f, key)
            if value is not None and f.options and value > len(f.options):
                self.report(Code.FIELD_TOO_FEW_OPTIONS, m.value_at(key), field=f.id, key=key, value=value,
                            count=len(f.options))
        if f.consent_agencies and not f.visible_to_person:
            self.report(Code.FIELD_CONSENT_NOT_SHOWN, m.value_at("visible_to_person"), field=f.id,
                        agencies=", ".join(f.consent_agencies))
        if f.sharing_decided_by == "person" and not f.shared_with:
            self.report(Code.FIELD_PERSON_DECIDES_NOBODY, m.value_at("sharing_decided_by"), field=f.id)
        coded = next((o for o in f.options if o.code_system is not None), None)
        if coded is not None and f.statutory_item is None:  # a code list needs the return item it serves
            self.report(Code.FIELD_CODE_SYSTEM_WITHOUT_ITEM, coded.loc, field=f.id)
        if f.data_category == "special_category" and f.special_category is None:
            self.report(Code.FIELD_SPECIAL_CATEGORY, m.value_at("data_category"), field=f.id,
                        problem="data_category is special_category but 'special_category' does not say which",
                        fix="Add 'special_category:' with one of: " + ", ".join(V.SPECIAL_CATEGORIES) + ".")
        elif f.special_category is not None and f.data_category != "special_category":
            self.report(Code.FIELD_SPECIAL_CATEGORY, m.value_at("special_category"), field=f.id,
                        problem=f"special_category is set but data_category is '{f.data_category}'",
                        fix="Set 'data_category: special_category', or remove 'special_category'.")

    def shared_with(self, m: LocMap, owner: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """`shared_with`: agency ids, or `{agency: gp, needs_consent: true}`; (all agencies, those by consent)."""
        value = m["shared_with"]
        if value is None:
            return (), ()
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("shared_with"), key="shared_with", owner=owner,
                        expected="a list", found=_kind(value), fix="Write 'shared_with: [gp, police]'.")
            return (), ()
        agencies: dict[str, int] = {}
        by_consent: list[str] = []
        for i, item in enumerate(value):
            at = value.at(i)
            consent = False
            if isinstance(item, LocMap):
                self.check_keys(item, V.SHARED_WITH_KEYS, ("agency",), f"an agency {owner} is shared with")
                if "agency" not in item:
                    continue
                at = item.value_at("agency")
                agency = self.ident(item["agency"], at)
                consent = self.boolean(item, "needs_consent", f"agency '{agency}'", False)
            else:
                agency = self.ident(item, at)
            if agency in agencies:
                self.report(Code.ID_DUPLICATE, at, what="agency in shared_with", value=shown(agency),
                            first=agencies[agency])
                continue
            agencies[agency] = at[0]
            if consent:
                by_consent.append(agency)
        return tuple(agencies), tuple(by_consent)

    def example(self, m: LocMap, fid: object, ftype: str, options: tuple[Option, ...]) -> Any:
        """`example`: a sample answer the field would accept, or a located FIELD_013 and nothing."""
        value = m["example"]
        values = tuple(o.value for o in options)
        if ftype in ("short_text", "long_text"):
            ok, expected = isinstance(value, str) and bool(value.strip()), "some text"
        elif ftype in ("number", "scale"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            expected = "a number"
        elif ftype == "date":
            ok, expected = isinstance(value, str) and _is_iso_date(value), "a date written YYYY-MM-DD, in quotes"
        elif ftype == "yes_no":
            ok, expected = isinstance(value, bool), "true or false"
        elif ftype == "single_choice":
            ok, expected = isinstance(value, str) and value in values, "one of the options: " + ", ".join(values)
        else:
            picked = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, LocList) else None
            ok = bool(picked) and all(isinstance(v, str) and v in values for v in picked)
            expected = "a list of the options: " + ", ".join(values)
            value = picked if ok else value
        if not ok:
            self.report(Code.FIELD_BAD_EXAMPLE, m.value_at("example"), field=fid, value=shown(value),
                        expected=expected)
            return None
        return value

    def bounds(self, m: LocMap, fid: str, ftype: object) -> tuple[Any, Any]:
        if ftype == "date":
            return self.date_bound(m, "min", fid), self.date_bound(m, "max", fid)
        if ftype in ("number", "scale"):
            return self.number(m, "min", f"field '{fid}'"), self.number(m, "max", f"field '{fid}'")
        return m.get("min"), m.get("max")

    def date_bound(self, m: LocMap, key: str, fid: str) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if value == "today":
            return value
        if isinstance(value, str):
            try:
                _dt.date.fromisoformat(value)
                return value
            except ValueError:
                pass
        self.report(Code.FIELD_BAD_DATE, m.value_at(key), field=fid, key=key, found=_kind(value))
        return None

    def pattern(self, m: LocMap, fid: str) -> str | None:
        value = self.text(m, "pattern", f"field '{fid}'")
        if value is None:
            return None
        try:
            re.compile(value)
        except re.error as exc:
            self.report(Code.FIELD_BAD_PATTERN, m.value_at("pattern"), field=fid, problem=str(exc))
        return value

    def processing_condition(self, m: LocMap, fid: str) -> str | None:
        value = m.get("processing_condition")
        if value is None:
            return None
        if value not in V.PROCESSING_CONDITIONS:
            self.report(Code.FIELD_BAD_CONDITION_LETTER, m.value_at("processing_condition"), field=fid, value=value)
            return None
        return value

    def options(self, m: LocMap, fid: str) -> tuple[Option, ...]:
        value = m["options"]
        owner = f"field {shown(fid)}"
        if not isinstance(value, LocList):
            self.report(Code.SCHEMA_WRONG_KIND, m.value_at("options"), key="options", owner=owner, expected="a list",
                        found=_kind(value), fix="Write 'options: [first, second]'.")
            return ()
        if not value:
            self.report(Code.FIELD_OPTIONS_REQUIRED, m.value_at("options"), field=fid, type=m.get("type"))
        out: list[Option] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(value):
            at = value.at(i)
            if isinstance(item, LocMap):
                self.check_keys(item, V.OPTION_KEYS, ("value",), f"an option of field '{fid}'")
                raw = item.get("value")
                label = self.text(item, "label", f"an option of field '{fid}'", True)
                at_value = item.value_at("value")
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                raw, label, at_value = item, None, at
            else:
                self.report(Code.SCHEMA_WRONG_KIND, at, key="options", owner=owner,
                            expected="plain values or {value, label} mappings", found=_kind(item),
                            fix="Write each option as a word such as 'parent', or as '{value: parent, label: Parent}'.")
                continue
            if raw is None:
                continue
            option_value = self.ident(raw if isinstance(raw, (str, dict, list)) else str(raw), at_value)
            if option_value in seen:
                self.report(Code.ID_DUPLICATE, at_value, what="option value", value=shown(option_value),
                            first=seen[option_value])
                continue
            seen[option_value] = at_value[0]
            system, code = self.coding(item, fid, option_value) if isinstance(item, LocMap) else (None, None)
            translations = self.taken(item) if isinstance(item, LocMap) else NO_TRANSLATIONS
            self.tag_locs.pop(id(item), None)  # an option keeps one place; its label's translations point there
            out.append(Option(option_value, label or V.readable(option_value), at, system, code, translations))
        return tuple(out)

    def coding(self, item: LocMap, fid: str, value: str) -> tuple[str | None, str | None]:
        """An option's statutory code list and code: both optional, the code only with its list."""
        owner = f"an option of field '{fid}'"
        system, code = self.text(item, "code_system", owner), self.text(item, "code", owner)
        if system is not None and not V.CODE_SYSTEM_PATTERN.fullmatch(system):
            self.report(Code.FIELD_CODE_SYSTEM_NOT_URI, item.value_at("code_system"), field=fid, value=shown(system))
            system = None
        if code is not None and system is None and "code_system" not in item:
            self.report(Code.FIELD_CODE_WITHOUT_SYSTEM, item.value_at("code"), field=fid, value=value)
        return system, code

    # --- conditions ------------------------------------------------------------------
    def condition(self, value: object, at: tuple[int, int]) -> Condition | None:
        if not isinstance(value, LocMap):
            self.report(Code.COND_SHAPE, at, problem=f"it is {_kind(value)}, not a mapping")
            return None
        allowed = ("field", *V.CONDITION_LEAF_OPS, *V.CONDITION_GROUP_OPS)
        self.check_keys(value, allowed, (), "a condition")
        groups = [op for op in V.CONDITION_GROUP_OPS if op in value]
        leaves = [op for op in V.CONDITION_LEAF_OPS if op in value]
        loc = (value.line, value.column)
        if groups:
            if len(groups) > 1 or leaves or "field" in value:
                self.report(Code.COND_SHAPE, loc, problem=f"'{groups[0]}' must stand alone in its mapping")
                return None
            op = groups[0]
            inner = value[op]
            if op == "not":
                child = self.condition(inner, value.value_at(op))
                return Condition("not", children=(child,), loc=loc) if child else None
            if not isinstance(inner, LocList) or not inner:
                self.report(Code.COND_SHAPE, value.value_at(op), problem=f"'{op}' needs a list of conditions")
                return None
            children = tuple(c for i, item in enumerate(inner) if (c := self.condition(item, inner.at(i))))
            return Condition(op, children=children, loc=loc) if len(children) == len(inner) else None
        if "field" not in value:
            self.report(Code.COND_SHAPE, loc, problem="it does not say which field it depends on ('field:')")
            return None
        if len(leaves) != 1:
            problem = "it needs exactly one of equals, not_equals, in, answered" if not leaves else \
                f"it has {', '.join(leaves)}; use one, or combine conditions with 'all' or 'any'"
            self.report(Code.COND_SHAPE, loc, problem=problem)
            return None
        op = leaves[0]
        field_id = self.ident(value["field"], value.value_at("field"))
        operand = value[op]
        at_op = value.value_at(op)
        if op == "in":
            if not isinstance(operand, LocList) or not operand:
                self.report(Code.COND_SHAPE, at_op, problem="'in' needs a list of values, e.g. in: [a, b]")
                return None
            if any(isinstance(item, (LocMap, LocList)) for item in operand):
                self.report(Code.COND_SHAPE, at_op, problem="'in' takes plain values only")
                return None
            operand = tuple(operand)
        elif op == "answered":
            if not isinstance(operand, bool):
                self.report(Code.COND_SHAPE, at_op, problem="'answered' must be true or false")
                return None
        elif isinstance(operand, (LocMap, LocList)) or operand is None:
            self.report(Code.COND_SHAPE, at_op, problem=f"'{op}' needs one plain value")
            return None
        return Condition(op, field=field_id, value=operand, loc=loc)

    # --- workflows -------------------------------------------------------------------
    def workflow(self, m: LocMap) -> Workflow:
        self.check_keys(m, V.WORKFLOW_KEYS, V.WORKFLOW_REQUIRED, "the workflow")
        steps = tuple(self.step(s, at) for s, at in self.mappings(m, "steps", "the workflow", "step"))
        return Workflow(
            id=self.ident_key(m, "id"), title=self.text(m, "title", "the workflow") or "",
            version=self.version(m), purpose=self.text(m, "purpose", "the workflow") or "",
            start=self.ident_key(m, "start"), steps=steps,
            status=self.one_of(m, "status", V.STATUSES, "draft") or "draft",
            owner=self.text(m, "owner", "the workflow"), loc=(m.line, m.column), locs=self.locs(m),
            budget_minutes=self.budget(m, "the workflow"),
        )

    def step(self, m: LocMap, at: tuple[int, int]) -> Step:
        sid = m.get("id", "?")
        owner = f"step {shown(sid)}"
        self.check_keys(m, V.STEP_KEYS, V.STEP_REQUIRED, owner)
        transitions = []
        for t, _ in self.mappings(m, "next", owner, "transition"):
            self.check_keys(t, V.TRANSITION_KEYS, ("to",), f"a 'next' of step '{sid}'")
            if "to" in t:
                condition = self.condition(t["if"], t.value_at("if")) if "if" in t else None
                transitions.append(Transition(self.ident_key(t, "to"), self.text(t, "when", owner), t.value_at("to"),
                                              condition, self.ident_key(t, "answers_of") or None))
        return Step(
            id=self.ident_key(m, "id"), title=self.text(m, "title", owner) or "",
            actor=self.ident_key(m, "actor") or None, form=self.ident_key(m, "form") or None,
            time_limit=self.time_limit(m, str(sid)), next=tuple(transitions),
            end=self.boolean(m, "end", owner, False), description=self.text(m, "description", owner),
            loc=at, locs=self.locs(m),
        )

    def time_limit(self, m: LocMap, sid: str) -> TimeLimit | None:
        value = m.get("time_limit")
        if value is None:
            return None
        at = m.value_at("time_limit")
        if not isinstance(value, LocMap):
            self.report(Code.WORKFLOW_TIME_LIMIT, at, step=sid, problem=f"is {_kind(value)}, not a mapping")
            return None
        units = [key for key in value if key in V.TIME_UNITS]
        others = [key for key in value if key not in V.TIME_UNITS and key not in V.TIME_LIMIT_TEXT]
        if others or len(units) != 1:
            match = closest(others[0], (*V.TIME_UNITS, *V.TIME_LIMIT_TEXT)) if others else None
            problem = (f"has '{others[0]}'" + (f" (did you mean '{match}'?)" if match else "")) if others else \
                "needs exactly one unit"
            self.report(Code.WORKFLOW_TIME_LIMIT, at, step=sid, problem=problem)
            return None
        amount = value[units[0]]
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
            self.report(Code.WORKFLOW_TIME_LIMIT, value.value_at(units[0]), step=sid,
                        problem=f"'{units[0]}' must be a positive number, not {_kind(amount)}")
            return None
        words: dict[str, str | None] = {}
        for key, what in V.TIME_LIMIT_TEXT.items():
            text = value.get(key)
            if text is not None and (isinstance(text, (bool, LocMap, LocList)) or not str(text).strip()):
                self.report(Code.WORKFLOW_TIME_LIMIT_TEXT, value.value_at(key), step=sid, key=key,
                            found=_kind(text) if str(text).strip() else "empty text", what=what,
                            example=V.TIME_LIMIT_EXAMPLES[key])
                text = None
            words[key] = None if text is None else str(text)
        return TimeLimit(units[0], amount, **words)


def _tag_meant(tag: str, declared: Sequence[str]) -> str:
    """Two-letter tags are too short for the usual similarity cut-off: one letter off is a typo."""
    near = [d for d in declared if len(d) == len(tag) and sum(a != b for a, b in zip(d, tag, strict=True)) == 1]
    return f". Did you mean '{near[0]}'?" if near else did_you_mean(tag, declared)


def _translatable(b: _Builder, m: LocMap, key: str, owner: str) -> str | None:
    return b.text(m, key, owner, True)


def _text(b: _Builder, m: LocMap, key: str, owner: str) -> str | None:
    return b.text(m, key, owner)


def _flag(default: bool):
    return lambda b, m, key, owner: b.boolean(m, key, owner, default)


def _count(minimum: int):
    return lambda b, m, key, owner: b.integer(m, key, owner, minimum)


def _word(allowed: tuple[str, ...]):
    return lambda b, m, key, owner: b.one_of(m, key, allowed, None)


# How each simple field key is read; a None result leaves the model's default in place.
_FIELD_VALUES = {
    "label": _translatable, "hint": _translatable, "retention": _text, "statutory_item": _text,
    "min_label": _translatable, "max_label": _translatable,
    "required": _flag(False), "own_words": _flag(False), "integer": _flag(False), "visible_to_person": _flag(True),
    "purpose": _word(V.PURPOSES), "completed_by": _word(V.COMPLETED_BY), "data_category": _word(V.DATA_CATEGORIES),
    "special_category": _word(V.SPECIAL_CATEGORIES), "lawful_basis": _word(V.LAWFUL_BASES),
    "estimated_seconds": _count(0), "min_selected": _count(0), "min_items": _count(0), "expected_items": _count(0),
    "max_length": _count(1), "max_selected": _count(1), "max_items": _count(1),
    "sharing_decided_by": _word(V.SHARING_DECIDERS),
}


def _with_defaults(fields: tuple[Field, ...], defaults: dict[str, str]) -> tuple[Field, ...]:
    """FIELDS with the form's defaults filled in where a personal-data field has no value of its own."""
    out = []
    for f in fields:
        values: dict[str, Any] = {}
        if f.fields:
            values["fields"] = _with_defaults(f.fields, defaults)
        if f.records and f.data_category != "none":
            filled = {key: value for key, value in defaults.items() if getattr(f, key) is None}
            values.update(filled, from_defaults=tuple(filled))
        out.append(dataclasses.replace(f, **values) if values else f)
    return tuple(out)


def _is_iso_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _comparable(low: object, high: object) -> bool:
    if isinstance(low, str) or isinstance(high, str):
        return isinstance(low, str) and isinstance(high, str) and "today" not in (low, high)
    return isinstance(low, (int, float)) and isinstance(high, (int, float))
