"""FHIR Questionnaire (R4 or R5 JSON) → Coform form: groups become sections, the rest is reported."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from forms.errors import Code, Issue
from forms.importers.fhir_languages import Languages
from forms.importers.fhir_parts import (
    ValueSets,
    answer_options,
    describe_rule,
    details,
    extension,
    extension_code,
    extra_hint,
    items,
    limits,
    link_ids,
    mapping,
    old_version,
)
from forms.importers.naming import Ids, is_id, readable, slug
from forms.importers.shared import (
    ImportResult,
    Known,
    NotConvertible,
    answered,
    combine,
    compare,
    dump_form,
    label_text,
    options_list,
    purpose_for,
    unreadable,
)
from forms.reader import MAX_DIGITS

PLAIN = {"boolean": "yes_no", "decimal": "number", "integer": "number", "date": "date",
         "string": "short_text", "text": "long_text"}
MAPPED = {"dateTime": "date", "time": "short_text", "url": "short_text", "reference": "short_text",
          "quantity": "number"}
CHOICE = {"choice", "open-choice", "coding"}
HELP_CONTROLS = {"help", "flyover"}
MAX_DEPTH = 30
# Spelled out: the purpose is read by people who may not know the acronym.
SOURCE_NAME = "Fast Healthcare Interoperability Resources (FHIR) Questionnaire"
_LINK_ID = re.compile(r'"linkId"\s*:\s*("(?:[^"\\]|\\.)*")')


class _BadNumber(ValueError):
    """A JSON number Coform cannot use: NaN or Infinity (Python's json accepts them), or too long."""

    def __init__(self, literal: str, what: str, why: str) -> None:
        super().__init__(why)
        self.literal, self.what, self.why = literal, what, why


def _constant(literal: str) -> float:
    raise _BadNumber(literal, f"the value {literal}", "JSON has no such number; FHIR forbids it")


def _integer(literal: str) -> int:
    # Checked before int(): Python refuses more than 4,300 digits with a bare ValueError.
    digits = len(literal.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _BadNumber(literal, f"a number of {digits:,} digits", f"Coform reads at most {MAX_DIGITS} digits")
    return int(literal)


def _decimal(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _BadNumber(literal, f"the number {literal[:40]}", "it is too large to hold: infinity")
    return number


def _place_of(text: str, literal: str) -> tuple[int, int]:
    """Line and column of the literal as a JSON value (after ':', '[' or ','); (1, 1) if not found."""
    match = re.search(r"[:\[,]\s*(" + re.escape(literal) + r")(?![\w.])", text)
    if match is None:
        return 1, 1
    start = match.start(1)
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


def import_questionnaire(data: bytes, filename: str) -> ImportResult:
    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text, parse_constant=_constant, parse_int=_integer, parse_float=_decimal)
    except _BadNumber as exc:
        line, column = _place_of(text, exc.literal)
        return ImportResult("", (Code.IMPORT_BAD_NUMBER.issue(filename, line, column, what=exc.what, why=exc.why),))
    except UnicodeDecodeError:
        return unreadable("it is not UTF-8 text", "Export the Questionnaire as JSON (UTF-8) and import that file.")
    except json.JSONDecodeError as exc:
        return ImportResult("", (Code.IMPORT_UNREADABLE.issue(
            filename, exc.lineno, exc.colno, problem=f"it is not valid JSON ({exc.msg})",
            fix="Export the Questionnaire as JSON (XML is not supported) and import that file."),))
    except RecursionError:
        return unreadable("the JSON is nested too deeply", "Check this is a FHIR Questionnaire export.")
    if not isinstance(doc, dict) or doc.get("resourceType") != "Questionnaire":
        found = (f"a {doc.get('resourceType')} resource" if isinstance(doc, dict) and doc.get("resourceType")
                 else "JSON without a resourceType" if isinstance(doc, dict) else f"a JSON {type(doc).__name__}")
        return unreadable(f"it is {found}, not a FHIR Questionnaire",
                          "Export the Questionnaire resource itself (not a Bundle or another resource).")
    version = old_version(doc)
    if version:
        return unreadable(f"it is a FHIR {version} Questionnaire; Coform reads R4 and R5",
                          "Convert it to R4 first (for example with the HL7 FHIR converter) and import again.")
    if not isinstance(doc.get("item"), list) or not doc["item"]:
        return unreadable("the Questionnaire has no items", "Check this is the right Questionnaire.")
    walk = _Walk(doc, text)
    walk.run()
    if not any(section["fields"] for section in walk.sections):
        return ImportResult("", (*walk.issues, Code.IMPORT_UNREADABLE.issue(
            problem="no item of the Questionnaire could be imported", fix="Check its items have types and text.")))
    stem = Path(filename).stem
    # The resource id is usually a readable slug already; a CamelCase name is split into words.
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", str(doc.get("name") or ""))
    candidates = (doc.get("id"), name, doc.get("title"), stem)
    form_id = next((s for s in (slug(c or "") for c in candidates) if is_id(s)), "imported-form")
    languages = walk.languages
    title = label_text(doc.get("title"))
    purpose = label_text(doc.get("purpose"))
    form: dict = {
        "kind": "form", "id": form_id,
        "title": languages.text(title, doc.get("_title")) if title else label_text(doc.get("name")) or readable(stem),
        "version": 1, "status": "draft",
        "purpose": languages.text(purpose, doc.get("_purpose")) if purpose else purpose_for(
            SOURCE_NAME, Path(filename).name),
    }
    if languages.tags != ["en"]:
        form["languages"] = languages.tags
    if label_text(doc.get("publisher")):
        form["owner"] = label_text(doc.get("publisher"))
    form["sections"] = [s for s in walk.sections if s["fields"]]
    return ImportResult(dump_form(form), tuple(walk.root_report() + walk.issues))


class _Walk:
    """Walks the items in order, so a condition can only name a question already imported."""

    def __init__(self, doc: dict, text: str) -> None:
        self.doc = doc
        self.valuesets = ValueSets(doc)
        self.ids = Ids({i for i in link_ids(doc["item"]) if is_id(i)})
        self.known: dict[str, Known] = {}
        self.issues: list[Issue] = []
        self.sections: list[dict] = []
        self.loose: list[dict] | None = None  # fields of the open default section
        self.defaults = 0
        self.languages = Languages(doc, lambda lang: self.issues.append(Code.IMPORT_LANGUAGE_UNKNOWN.issue(
            "Questionnaire", 1, 1, where="a translation in the Questionnaire", language=lang)))
        # Where each linkId is written, so reports point at a line of the file (json keeps none).
        self.places: dict[str, tuple[int, int]] = {}
        line, counted = 1, 0
        for match in _LINK_ID.finditer(text):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            try:
                link_id = json.loads(match.group(1))
            except ValueError:
                continue
            self.places.setdefault(str(link_id), (line, match.start() - text.rfind("\n", 0, match.start())))

    def report(self, code: Code, item: dict, path: str, **facts: object) -> None:
        link_id = str(item.get("linkId", ""))
        line, column = self.places.get(link_id, (0, 0))
        where = f"item '{link_id}'" if link_id else path
        self.issues.append(code.issue(path, line, column, where=where, **facts))

    def root_report(self) -> list[Issue]:
        parts = details(self.doc, {"resourceType", "id", "meta", "text", "contained", "url", "identifier",
                                   "version", "name", "title", "status", "date", "publisher", "purpose",
                                   "item", "useContext", "jurisdiction", "contact", "subjectType",
                                   "experimental", "lastReviewDate", "approvalDate", "effectivePeriod",
                                   *(("language",) if self.languages.declared else ())})
        if not parts:
            return []
        return [Code.IMPORT_DROPPED.issue(
            "Questionnaire", 1, 1, where="the Questionnaire", what="; ".join(parts),
            fix="Add anything the form needs by hand (a copyright notice belongs in the purpose or an intro).")]

    # --- structure --------------------------------------------------------------------------
    def run(self) -> None:
        for index, item in enumerate(self.doc["item"]):
            path = f"item[{index}]"
            if not isinstance(item, dict) or self.hidden(item, path):
                continue
            if item.get("type") == "group":
                self.loose = None
                self.section(item, path)
            else:
                if self.loose is None:
                    first = not self.defaults
                    self.defaults += 1
                    section = {"id": self.ids.invent("questions" if first else "more-questions"),
                               "title": "Questions" if first else "More questions", "fields": []}
                    self.sections.append(section)
                    self.loose = section["fields"]
                self.item(item, path, self.loose, None, (), "the form", 1)

    def section(self, item: dict, path: str) -> None:
        title = self.text(item)
        if title is None:
            title = f"Part {len(self.sections) + 1}"
            self.report(Code.IMPORT_NO_LABEL, item, path, what="the group", label=title)
        cond = self.enable_when(item, path, ())
        self.report_group(item, path)
        section = {"id": self.claim(item, path, title), "title": self.texts(item, title), "fields": []}
        self.sections.append(section)
        if item.get("repeats") in (True, "true"):
            # Sections do not repeat: the section holds one repeating group named after it.
            self.group(item, path, section["fields"], cond, (), 1, self.ids.invent(f"{section['id']}_items"))
            return
        self.children(item, path, section["fields"], cond, (), title, 1)

    def children(self, item: dict, path: str, fields: list, cond: dict | None, scope: tuple,
                 container: str, depth: int) -> None:
        for index, child in enumerate(items(item, "item")):
            if isinstance(child, dict) and not self.is_help(child):
                self.item(child, f"{path}.item[{index}]", fields, cond, scope, container, depth + 1)

    def group(self, item: dict, path: str, fields: list, cond: dict | None, scope: tuple, depth: int,
              given_id: str = "") -> None:
        label = self.text(item) or self.untitled(item, path, "the repeating group")
        field: dict = {"id": given_id or self.claim(item, path, label), "label": self.texts(item, label),
                       "type": "repeating_group", "fields": []}
        if cond:
            field["show_if"] = cond
        fields.append(field)
        self.known.setdefault(str(item.get("linkId")), Known(field["id"], "repeating_group", scope=scope))
        self.children(item, path, field["fields"], None, (*scope, field["id"]), label, depth)
        if not field["fields"]:
            fields.remove(field)
            self.report(Code.IMPORT_DROPPED, item, path, what="this empty repeating group",
                        fix="Nothing inside it could be imported, so it was left out.")

    def item(self, item: dict, path: str, fields: list, inherited: dict | None, scope: tuple,
             container: str, depth: int) -> None:
        if self.hidden(item, path):
            return
        if depth > MAX_DEPTH:
            self.report(Code.IMPORT_DROPPED, item, path, what="this item (nested too deeply)",
                        fix="Coform forms are at most a few levels deep; add it by hand.")
            return
        kind = item.get("type")
        cond = combine("all", [inherited, self.enable_when(item, path, scope)])
        if kind == "group":
            self.report_group(item, path)
            if item.get("repeats") in (True, "true"):
                self.group(item, path, fields, cond, scope, depth)
                return
            heading = self.text(item)
            if heading:
                fields.append({"id": self.claim(item, path, heading), "label": self.texts(item, heading),
                               "type": "guidance",
                               **({"show_if": cond} if cond else {})})
            self.report(Code.IMPORT_DROPPED, item, path, what=f"the group inside '{container}'",
                        fix=f"Its questions now sit directly in '{container}'"
                            + (", after a guidance field with its heading." if heading else "."))
            self.children(item, path, fields, cond, scope, container, depth)
            return
        if kind == "display":
            text = self.text(item)
            if text:
                field = {"id": self.claim(item, path, text), "label": self.texts(item, text), "type": "guidance"}
                fields.append({**field, **({"show_if": cond} if cond else {})})
                self.report_details(item, path, set())
            return
        field = self.question(item, path, scope)
        if field is None:
            return
        if cond:
            field["show_if"] = cond
        fields.append(field)
        # Sub-items of a question follow it, and are shown only when it is.
        self.children(item, path, fields, cond, scope, container, depth)

    # --- questions --------------------------------------------------------------------------
    def question(self, item: dict, path: str, scope: tuple) -> dict | None:
        kind = str(item.get("type"))
        if kind == "attachment":
            self.report(Code.IMPORT_DROPPED, item, path, what="the attachment question",
                        fix="Coform records text and answers only; ask for a description instead if it matters.")
            return None
        label = self.text(item) or self.untitled(item, path, "the question")
        field: dict = {"id": self.claim(item, path, label), "label": self.texts(item, label)}
        used: set[str] = set()
        repeats = item.get("repeats") in (True, "true") or extension(item, "questionnaire-answerRepeats") is not None
        values: dict[str, str] = {}
        has_options = bool(item.get("answerOption") or item.get("answerValueSet"))
        if kind in CHOICE or (has_options and kind in ("string", "integer", "date", "time")):
            options = answer_options(item, self.valuesets)
            if options is None:
                source = (f"a question ({kind}) whose answers come from the value set {item['answerValueSet']}"
                          if item.get("answerValueSet") else f"a question ({kind}) with no list of answers in the file")
                self.report(Code.IMPORT_TYPE_MAPPED, item, path, source_type=source, target_type="short_text")
                field["type"] = "short_text"
            else:
                field["type"] = "multi_choice" if repeats else "single_choice"
                field["options"] = options_list([(v, self.languages.text(label, shadow))
                                                 for v, label, _, shadow in options])
                values = {key: v for v, _, keys, _ in options for key in keys}
                repeats = False
                constraint = item.get("answerConstraint")
                open_ended = kind == "open-choice" or constraint in ("optionsOrString", "optionsOrType")
                if open_ended or kind not in CHOICE | {"string"}:
                    source = f"a question ({kind}) that also accepts typed answers" if open_ended else \
                        f"a question ({kind}) with a list of answers"
                    self.report(Code.IMPORT_TYPE_MAPPED, item, path, source_type=source, target_type=field["type"])
        elif kind in PLAIN:
            field["type"] = PLAIN[kind]
            if kind == "integer":
                field["integer"] = True
        else:
            field["type"] = MAPPED.get(kind, "short_text")
            known = "" if kind in MAPPED else "unknown "
            self.report(Code.IMPORT_TYPE_MAPPED, item, path, source_type=f"the {known}type '{kind}'",
                        target_type=field["type"])
        if any(isinstance(o, dict) and o.get("initialSelected") for o in items(item, "answerOption")):
            self.report(Code.IMPORT_DROPPED, item, path, what="the answer selected at the start (initialSelected)",
                        fix="Coform has no default answers; mention the usual answer in the hint if it helps.")
        if repeats:
            self.report(Code.IMPORT_DROPPED, item, path, what="answering it more than once (repeats)",
                        fix="Make it a repeating group by hand if several answers are needed.")
        helps = [(i, c) for i, c in enumerate(items(item, "item")) if isinstance(c, dict) and self.is_help(c)]
        hints = [self.texts(child, self.text(child)) for _, child in helps]
        for index, child in helps:
            self.report_details(child, f"{path}.item[{index}]", {"questionnaire-itemControl"})
        if item.get("required") in (True, "true"):
            field["required"] = True
        limits(item, field, used)
        hints += [extra_hint(item, field, used)]
        hint = self.languages.join([h for h in hints if h])
        if hint:
            field["hint"] = hint
        if field["type"] in ("short_text", "long_text") and isinstance(item.get("maxLength"), int) \
                and not isinstance(item["maxLength"], bool) and item["maxLength"] >= 1:
            field["max_length"] = item["maxLength"]
            used.add("maxLength")
        self.expressions(item, path, used)
        self.report_details(item, path, used)
        self.known.setdefault(str(item.get("linkId")), Known(field["id"], field["type"], values, scope,
                                                                 field.get("min"), field.get("max")))
        return field

    def expressions(self, item: dict, path: str, used: set[str]) -> None:
        for name, what, fix in (
            ("sdc-questionnaire-calculatedExpression", "the calculation",
             "Coform does not calculate; work the value out in the case system or ask for it."),
            ("sdc-questionnaire-initialExpression", "the answer filled in from the record",
             "Coform does not prefill answers; the practitioner fills them in."),
            ("questionnaire-initialExpression", "the answer filled in from the record",
             "Coform does not prefill answers; the practitioner fills them in."),
        ):
            ext = extension(item, name)
            if ext is not None:
                expression = mapping(ext, "valueExpression").get("expression", "")
                self.report(Code.IMPORT_DROPPED, item, path, what=f"{what} ({expression})", fix=fix)
                used.add(name)
        if "initial" in item:
            self.report(Code.IMPORT_DROPPED, item, path, what="the initial answer",
                        fix="Coform has no default answers; mention the usual answer in the hint if it helps.")
            used.add("initial")

    # --- conditions -------------------------------------------------------------------------
    def enable_when(self, item: dict, path: str, scope: tuple) -> dict | None:
        ext = extension(item, "sdc-questionnaire-enableWhenExpression")
        if ext is not None:
            expression = mapping(ext, "valueExpression").get("expression", "")
            self.report(Code.IMPORT_CONDITION, item, path, expression=expression)
        rules = item.get("enableWhen")
        if not isinstance(rules, list) or not rules:
            return None
        joiner = "any" if item.get("enableBehavior") == "any" else "all"
        try:
            return combine(joiner, [self.rule(rule, scope) for rule in rules])
        except NotConvertible:
            text = f" {'or' if joiner == 'any' else 'and'} ".join(describe_rule(rule) for rule in rules)
            self.report(Code.IMPORT_CONDITION, item, path, expression=text)
            return None

    def rule(self, rule: object, scope: tuple) -> dict:
        if not isinstance(rule, dict) or str(rule.get("question")) not in self.known:
            raise NotConvertible("the question is not one before this item")
        target = self.known[str(rule["question"])]
        key = next((k for k in rule if k.startswith("answer")), "")
        value = rule.get(key)
        if rule.get("operator") == "exists":
            return answered(target, scope, yes=value is not False)
        if rule.get("operator") not in ("=", "!=") or key in ("answerQuantity", "answerReference", "answerAttachment"):
            raise NotConvertible("only =, != and exists can be converted")
        if isinstance(value, dict):  # answerCoding: match the option by code, else by display
            value = next((value[k] for k in ("code", "display") if value.get(k) is not None
                          and str(value[k]) in target.values), value.get("code"))
        return compare(target, scope, str(rule["operator"]), value)

    # --- small helpers ----------------------------------------------------------------------
    def text(self, item: dict) -> str | None:
        text = label_text(item.get("text"))
        prefix = label_text(item.get("prefix"))
        return f"{prefix} {text}" if text and prefix else text

    def texts(self, item: dict, main: str | None):
        """MAIN (the item's text, or what stands in for it) with the item's translations, if it has any."""
        prefix = label_text(item.get("prefix"))
        return self.languages.text(main, item.get("_text"), lambda text: f"{prefix} {text}" if prefix else text)

    def untitled(self, item: dict, path: str, what: str) -> str:
        label = readable(str(item.get("linkId") or "untitled"))
        self.report(Code.IMPORT_NO_LABEL, item, path, what=what, label=label)
        return label

    def claim(self, item: dict, path: str, fallback: str) -> str:
        link_id = item.get("linkId")
        new = self.ids.claim(link_id, fallback)
        if link_id is not None and new != str(link_id):
            self.report(Code.IMPORT_RENAMED, item, path, old=link_id, new=new)
        return new

    def is_help(self, item: dict) -> bool:
        return item.get("type") == "display" and extension_code(item, "questionnaire-itemControl") in HELP_CONTROLS

    def hidden(self, item: dict, path: str) -> bool:
        ext = extension(item, "questionnaire-hidden")
        if ext is None or ext.get("valueBoolean") is not True:
            return False
        self.report(Code.IMPORT_DROPPED, item, path, what="this hidden item",
                    fix="It is never shown to the person filling in the form; add it by hand if it matters.")
        return True

    def report_group(self, item: dict, path: str) -> None:
        if item.get("required") in (True, "true"):
            self.report(Code.IMPORT_DROPPED, item, path, what="the rule that the group must be answered",
                        fix="Mark the questions in it that must be answered 'required: true'.")
        self.report_details(item, path, set())

    def report_details(self, item: dict, path: str, used: set[str]) -> None:
        parts = details(item, used | _ITEM_KEYS)
        if parts:
            self.report(Code.IMPORT_DROPPED, item, path, what="; ".join(parts),
                        fix="Add it by hand if the Coform form needs it.")


_ITEM_KEYS = {"id", "linkId", "text", "type", "prefix", "required", "repeats", "answerOption", "answerValueSet",
              "enableWhen", "enableBehavior", "item", "initial", "answerConstraint",
              "questionnaire-hidden", "questionnaire-answerRepeats", "sdc-questionnaire-enableWhenExpression"}
