"""XLSForm (.xlsx) → Coform form: groups become sections, and whatever does not fit is reported."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from forms.errors import Code, Issue
from forms.importers import xpath
from forms.importers.naming import Ids, is_id, readable, slug
from forms.importers.shared import (
    ImportResult,
    Known,
    NotConvertible,
    combine,
    dump_form,
    label_text,
    options_list,
    purpose_for,
)
from forms.importers.workbook import (
    COLUMN_FIXES,
    MAPPED,
    MEDIA,
    METADATA,
    PLAIN,
    Row,
    RowType,
    Sheet,
    choice_lists,
    parse_type,
    read_workbook,
)
from forms.importers.xlsform_languages import Languages, choose_languages
from forms.vocabulary import CODE_COLUMN, CODE_SYSTEM_COLUMN

_PIPED = re.compile(r"\$\{\s*[^}]+\}")


@dataclass(slots=True)
class _Frame:
    kind: str  # section | group | repeat
    name: str
    fields: list[dict]
    cond: dict | None = None  # pushed down to every field inside (sections cannot hold show_if)
    scope: tuple[str, ...] = ()
    owner: dict = field(default_factory=dict)  # the section or repeating_group field itself
    row: int = 0  # where it begins, for reports about it


def import_xlsform(data: bytes, filename: str) -> ImportResult:
    sheets, issues = read_workbook(data)
    if issues:
        return ImportResult("", tuple(issues))
    if "survey" not in sheets:
        return ImportResult("", (Code.IMPORT_UNREADABLE.issue(
            filename, problem="the workbook has no 'survey' sheet",
            fix="An XLSForm keeps its questions in a sheet named 'survey'; rename the sheet or "
                "check this is the right file."),))
    settings = sheets["settings"].rows[0] if "settings" in sheets and sheets["settings"].rows else None
    languages, language_issues = choose_languages(sheets, settings.get("default_language") if settings else None)
    issues += language_issues
    lists, choice_issues = choice_lists(sheets.get("choices"), languages)
    survey = _Survey(sheets["survey"], lists, languages)
    survey.run()
    issues += choice_issues + _other_choice_columns(sheets.get("choices"), languages) + survey.issues
    if not any(section["fields"] for section in survey.sections):
        return ImportResult("", (*issues, Code.IMPORT_UNREADABLE.issue(
            "survey", problem="no question in the survey sheet could be imported",
            fix="Check the 'type' and 'label' columns of the survey sheet.")))
    title = label_text(settings.get("form_title")) if settings else None
    form_id = slug(settings.get("form_id")) if settings and settings.get("form_id") else ""
    stem = Path(filename).stem
    form = {
        "kind": "form", "id": form_id if is_id(form_id) else (slug(stem) if is_id(slug(stem)) else "imported-form"),
        "title": title or readable(stem), "version": 1, "status": "draft",
        "purpose": purpose_for("XLSForm", Path(filename).name), "sections": survey.sections,
    }
    if languages.tags and languages.tags != ["en"]:
        form["languages"] = languages.tags
    if settings:
        issues += _settings_report(sheets["settings"], settings)
    return ImportResult(dump_form(form), tuple(issues))


def _settings_report(sheet: Sheet, row: Row) -> list[Issue]:
    used = {"form_title", "form_id", "default_language", "allow_choice_duplicates"}
    return [Code.IMPORT_DROPPED.issue(
        sheet.name, row.number, col, where=f"{sheet.name} row {row.number}",
        what=f"the setting {key} '{value}'", fix="Coform does not use this setting; no change is needed.")
        for key, (value, col) in row.cells.items() if key not in used]


def _other_choice_columns(sheet: Sheet | None, languages: Languages) -> list[Issue]:
    if sheet is None:
        return []
    used = {"list_name", "name", "label", sheet.key("label"), CODE_SYSTEM_COLUMN, CODE_COLUMN} | sheet.dropped
    used |= {key for keys in languages.columns.get(sheet.name, {}).values() for key in keys.values()}
    out = []
    for col in sheet.columns:
        key = col.base if col.lang is None else f"{col.base}::{col.lang}"
        if key not in used and any(row.get(key) is not None for row in sheet.rows):
            out.append(Code.IMPORT_DROPPED.issue(
                sheet.name, sheet.header_row, col.index, where=f"{sheet.name} column '{col.raw}'",
                what="this column", fix=COLUMN_FIXES.get(col.base, "Coform options hold a value and a label only.")))
    return out


class _Survey:
    """Walks the survey rows once, keeping a stack of open groups and repeats."""

    def __init__(self, sheet: Sheet, lists: dict, languages: Languages) -> None:
        self.sheet, self.lists, self.languages = sheet, lists, languages
        self.translated = {key for keys in languages.columns.get(sheet.name, {}).values() for key in keys.values()}
        self.ids = Ids({str(r.get("name")) for r in sheet.rows if is_id(str(r.get("name")))})
        self.known: dict[str, Known] = {}
        self.issues: list[Issue] = []
        self.sections: list[dict] = []
        self.stack: list[_Frame] = []
        self.loose: _Frame | None = None  # the open default section for rows outside any group
        self.defaults = 0

    # --- reporting helpers ------------------------------------------------------------------
    def where(self, row: Row) -> str:
        name = row.get("name")
        return f"survey row {row.number}" + (f" ('{name}')" if name is not None else "")

    def report(self, code: Code, row: Row, key: str = "", **facts: object) -> None:
        self.issues.append(code.issue(self.sheet.name, row.number, row.column(key) if key else 0,
                                      where=self.where(row), **facts))

    def text(self, row: Row, base: str) -> str | None:
        return label_text(row.get(self.sheet.key(base)))

    def texts(self, row: Row, base: str, main: str | None = None) -> str | dict[str, str] | None:
        """The text in every language the form has (MAIN stands in for a missing main-language text)."""
        return self.languages.texts(self.sheet.name, row, base, main or self.text(row, base))

    # --- structure ------------------------------------------------------------------------
    def run(self) -> None:
        for row in self.sheet.rows:
            if row.get("type") is None:
                if any(k != "name" for k in row.cells):
                    self.report(Code.IMPORT_DROPPED, row, what="this row (it has no type)",
                                fix="Give the row a type such as 'text', or delete it.")
                continue
            rtype = parse_type(row.get("type"))
            if rtype.kind in ("begin_group", "begin_repeat", "begin_loop"):
                self.begin(row, rtype.kind, rtype.list_name)
            elif rtype.kind in ("end_group", "end_repeat", "end_loop"):
                self.end(row)
            else:
                self.question(row, rtype)
        while self.stack:
            frame = self.stack[-1]
            self.issues.append(Code.IMPORT_DROPPED.issue(
                self.sheet.name, frame.row, 1, where=f"survey row {frame.row} ('{frame.name}')",
                what="the missing end row", fix="Add an 'end group' or 'end repeat' row; it was closed at the end."))
            self.close()
        self.sections[:] = [s for s in self.sections if s["fields"]]

    def claim(self, row: Row, fallback: str) -> str:
        name = row.get("name")
        new = self.ids.claim(name, fallback)
        if name is not None and new != str(name):
            self.report(Code.IMPORT_RENAMED, row, "name", old=name, new=new)
        return new

    def frame(self) -> _Frame:
        if self.stack:
            return self.stack[-1]
        if self.loose is None:
            first = not self.defaults
            section = {"id": self.ids.invent("questions" if first else "more-questions"),
                       "title": "Questions" if first else "More questions", "fields": []}
            self.defaults += 1
            self.sections.append(section)
            self.loose = _Frame("section", section["id"], section["fields"], owner=section)
        return self.loose

    def label(self, row: Row, what: str) -> str:
        label = self.text(row, "label")
        if label is None:
            label = readable(str(row.get("name") or what))
            self.report(Code.IMPORT_NO_LABEL, row, "name", what=what, label=label)
        return label

    def relevant(self, row: Row, scope: tuple[str, ...]) -> dict | None:
        expression = row.get("relevant")
        if expression is None:
            return None
        try:
            return xpath.condition(str(expression), self.resolve, scope)
        except NotConvertible:
            self.report(Code.IMPORT_CONDITION, row, "relevant", expression=expression)
            return None

    def resolve(self, name: str) -> Known:
        if name not in self.known:
            raise NotConvertible(f"'{name}' is not a question before this one")
        return self.known[name]

    def begin(self, row: Row, kind: str, list_name: str) -> None:
        used = {"type", "name", self.sheet.key("label"), "relevant"}
        parent = self.stack[-1] if self.stack else None
        scope = parent.scope if parent else ()
        own = self.relevant(row, scope)
        if kind == "begin_group" and parent is None:
            self.loose = None
            title = self.label(row, "the group")
            section = {"id": self.claim(row, title), "title": self.texts(row, "label", title), "fields": []}
            self.sections.append(section)
            self.stack.append(_Frame("section", str(row.get("name")), section["fields"], own, (), section, row.number))
        elif kind == "begin_group":
            assert parent is not None
            cond = combine("all", [parent.cond, own])
            heading = self.text(row, "label")
            if heading:
                note = {"id": self.claim(row, heading), "label": self.texts(row, "label"), "type": "guidance"}
                parent.fields.append({**note, **({"show_if": cond} if cond else {})})
            self.report(Code.IMPORT_DROPPED, row, "type", what=f"the group inside '{parent.name}'",
                        fix=f"Its questions now sit directly in '{parent.name}'"
                            + (", after a guidance field with its heading." if heading else "."))
            self.stack.append(_Frame("group", str(row.get("name")), parent.fields, cond, scope, row=row.number))
        else:
            target = self.frame()
            label = self.label(row, "the repeat")
            group = {"id": self.claim(row, label), "label": self.texts(row, "label", label),
                     "type": "repeating_group", "fields": []}
            cond = combine("all", [target.cond, own])
            if cond:
                group["show_if"] = cond
            count = row.get("repeat_count")
            if isinstance(count, int) and count > 0:
                group["min_items"] = group["max_items"] = count
                used.add("repeat_count")
            if kind == "begin_loop":
                self.report(Code.IMPORT_TYPE_MAPPED, row, "type", source_type=f"a loop over the list '{list_name}'",
                            target_type="repeating_group (one item per answer, added by hand)")
            target.fields.append(group)
            self.known[str(row.get("name"))] = Known(group["id"], "repeating_group", scope=target.scope)
            self.stack.append(_Frame("repeat", str(row.get("name")), group["fields"], None,
                                     (*target.scope, group["id"]), group, row.number))
        self.leftovers(row, used)

    def end(self, row: Row) -> None:
        if not self.stack:
            self.report(Code.IMPORT_DROPPED, row, "type", what="this end row (no group or repeat is open)",
                        fix="Check each 'begin' row has one matching 'end' row.")
            return
        self.close()

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.kind == "group" or frame.fields:
            return
        if frame.kind == "section":
            self.sections.remove(frame.owner)
        else:
            holder = self.stack[-1].fields if self.stack else self.frame().fields
            holder.remove(frame.owner)
        self.issues.append(Code.IMPORT_DROPPED.issue(
            self.sheet.name, frame.row, 1, where=f"survey row {frame.row} ('{frame.name}')", what="this empty group",
            fix="Nothing inside it could be imported, so it was left out."))

    # --- questions --------------------------------------------------------------------------
    def question(self, row: Row, rtype: RowType) -> None:
        kind = rtype.kind
        name = str(row.get("name")) if row.get("name") is not None else ""
        if kind in METADATA or kind.startswith("uri:") or kind in MEDIA or kind in (
                "calculate", "hidden", "xml-external", "csv-external"):
            what = ("the metadata field (the app records it by itself)" if kind in METADATA or kind.startswith("uri:")
                    else f"the {kind} question" if kind in MEDIA else f"the {kind} field"
                    + (f" ({row.get('calculation')})" if row.get("calculation") is not None else ""))
            fix = COLUMN_FIXES["calculation"] if kind == "calculate" else (
                "Coform records text and answers only; ask for a description instead if it matters."
                if kind in MEDIA else "No change is needed unless the case record needs this value.")
            self.report(Code.IMPORT_DROPPED, row, "type", what=what, fix=fix)
            return
        if kind == "note" and self.text(row, "label") is None:
            self.report(Code.IMPORT_DROPPED, row, "type", what="the note (it has no text)",
                        fix="Write the note's text in the label column if it should be shown.")
            self.leftovers(row, {"type", "name"})
            return
        target = self.frame()
        used = {"type", "name", self.sheet.key("label"), self.sheet.key("hint"), "required", "relevant"}
        label = self.label(row, "the question")
        item: dict = {"id": self.claim(row, label), "label": self.texts(row, "label", label)}
        item["type"], values = self.field_type(row, rtype, item, used)
        hint = self.texts(row, "hint")
        if hint:
            item["hint"] = hint
        required = row.get("required")
        if required is True or str(required).strip().lower() in ("yes", "true", "true()"):
            if item["type"] != "guidance":
                item["required"] = True
        elif required is not None and str(required).strip().lower() not in ("no", "false", "false()"):
            used.discard("required")
        cond = combine("all", [target.cond, self.relevant(row, target.scope)])
        if cond:
            item["show_if"] = cond
        for key in ("label", "hint"):
            text = self.text(row, key)
            if text and _PIPED.search(text):
                self.report(Code.IMPORT_DROPPED, row, self.sheet.key(key),
                            what=f"the answer inserted into the {key} ({_PIPED.search(text).group(0)})",
                            fix="Coform text is fixed; reword it so it reads well without the answer.")
        self.constraint(row, item, used)
        target.fields.append(item)
        self.known[name] = Known(item["id"], item["type"], values, target.scope, item.get("min"), item.get("max"))
        if rtype.or_other and "options" in item:
            self.specify_other(row, item, target)
        self.leftovers(row, used)

    def field_type(self, row: Row, rtype: RowType, item: dict, used: set[str]) -> tuple[str, dict]:
        kind, list_name = rtype.kind, rtype.list_name
        appearance = str(row.get("appearance") or "").lower()
        if kind in ("select_one", "select_multiple", "rank"):
            choices = self.lists.get(list_name, [])
            if not choices:
                self.report(Code.IMPORT_TYPE_MAPPED, row, "type", target_type="short_text",
                            source_type=f"{kind} with the list '{list_name}', which has no choices")
                return "short_text", {}
            options = [(v, label) for v, label, _ in choices]
            values = {str(r.get("name")): v for v, _, r in choices}
            if rtype.or_other and "other" not in values.values():
                options.append(("other", "Other"))
                values["other"] = "other"
            if kind == "rank":
                self.report(Code.IMPORT_TYPE_MAPPED, row, "type", source_type="rank", target_type="multi_choice")
            elif kind == "select_one" and sorted(v.lower() for v in values) == ["no", "yes"]:
                return "yes_no", {}
            item["options"] = options_list(options)
            codes = [(r.get(CODE_SYSTEM_COLUMN), r.get(CODE_COLUMN)) for _, _, r in choices]
            if any(system for system, _ in codes):  # a statutory code list, as Coform's XLSForm export writes it
                item["options"] = [{"value": v, "label": label, **({"code_system": str(system)} if system else {}),
                                    **({"code": str(code)} if system and code not in (None, "") else {})}
                                   for (v, label), (system, code) in zip(options, codes, strict=False)]
            return ("single_choice" if kind == "select_one" else "multi_choice"), values
        if kind in PLAIN:
            target = PLAIN[kind]
            if kind in ("integer", "int"):
                item["integer"] = True
            if target == "short_text" and ("multiline" in appearance or _int(row.get("rows")) > 1):
                used.update({"appearance", "rows"})
                target = "long_text"
            return target, {}
        target = MAPPED.get(kind, "short_text")
        source = f"the {'unknown ' if kind not in MAPPED else ''}type '{row.get('type')}'"
        self.report(Code.IMPORT_TYPE_MAPPED, row, "type", source_type=source, target_type=target)
        if kind == "range":
            # XLSForm's own defaults are start=1, end=10; odd parameters keep them and are reported.
            params = dict(re.findall(r"(\w+)\s*=\s*(\S+)", str(row.get("parameters") or "")))
            low, high = _number(params.get("start", 1)), _number(params.get("end", 10))
            if low is not None and high is not None and low < high and set(params) <= {"start", "end"}:
                used.add("parameters")
            else:
                low, high = 1, 10
            item["min"], item["max"] = low, high
        return target, {}

    def constraint(self, row: Row, item: dict, used: set[str]) -> None:
        expression = row.get("constraint")
        if expression is None:
            return
        try:
            keys = xpath.bounds(str(expression), item["type"], bool(item.get("integer")))
        except NotConvertible:
            return  # left unused: reported with the other leftovers, with its message
        item.update(keys)
        used.add("constraint")

    def specify_other(self, row: Row, item: dict, target: _Frame) -> None:
        other = {"id": self.ids.invent(f"{item['id']}_other"), "label": "Specify other.", "type": "short_text",
                 "show_if": combine("all", [target.cond, {"field": item["id"], "equals": "other"}])}
        target.fields.append(other)
        self.known[f"{row.get('name')}_other"] = Known(other["id"], "short_text", scope=target.scope)

    def leftovers(self, row: Row, used: set[str]) -> None:
        """Report every filled cell this import did not use (other languages are reported once)."""
        for key, (value, col) in row.cells.items():
            if key in used or key in self.sheet.dropped or key in self.translated:
                continue
            base = key.split("::", 1)[0]
            label = next((c.raw for c in self.sheet.columns if c.index == col), key)
            self.issues.append(Code.IMPORT_DROPPED.issue(
                self.sheet.name, row.number, col, where=self.where(row), what=f"the {label} '{value}'",
                fix=COLUMN_FIXES.get(base, "Add it by hand if the Coform form needs it.")))


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def _number(text: object) -> int | float | None:
    try:
        number = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    # A whole float beyond 15 digits stays a float: as an int it could be longer than the reader takes.
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
