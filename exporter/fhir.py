"""FHIR Questionnaire (R4 4.0.1 by default, R5 on request) for a form, with Coform metadata in extensions.

Sections are `group` items; questions keep their field id as `linkId`; a repeating group is a group with
`repeats: true`. Hints are child `display` items with the SDC item control `flyover`. Conditions become
`enableWhen`, whose semantics match Coform's: `=` is true when some answer equals the value (a multi
choice "includes"), `!=` when no answer does (so it is true when unanswered), and an answer to a
disabled question counts as none.

FHIR can only AND or OR one list of `enableWhen`, but nested items are enabled only when their parents
are. So a condition is written in conjunctive normal form: its single-answer tests joined by AND go on
one level, each OR-clause on its own level, and each level but the item's own is a wrapper group with
no text (linkId '<field>.when-N') around the item. The result is exact; only a condition whose normal
form would need more than MAX_CLAUSES levels is reported (EXPORT_001) and left always enabled, with
`required` dropped and the condition kept in words.

Generated linkIds contain a '.', which Coform ids cannot, so they never collide with a field id.

A form in several languages (docs/format.md "Languages") keeps its main language in `text`, `display`,
`title`, `description` and `purpose`, sets `language` to the main language's tag, and carries each other
language's text in HL7's translation extension on the element's `_text` (or `_display`, `_title`, ...),
with sub-extensions `lang` and `content`. Texts not yet translated carry no extension: readers fall back
to the main text, as Coform does.
"""

from __future__ import annotations

import math
import re
from typing import Any

from exporter.base import ExportFile, ExportResult, Subject, coform_url, file_stem, register
from exporter.json_schema import pretty_json
from forms.conditions import describe
from forms.consent import consent_questions
from forms.errors import Code, Issue
from forms.languages import text_in, translated
from forms.model import Condition, Field, Form, Section

HL7 = "http://hl7.org/fhir/StructureDefinition/"
TRANSLATION = HL7 + "translation"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
STATUS = {"draft": "draft", "in_review": "draft", "published": "active", "retired": "retired"}
PLAIN_TYPES = {"short_text": "string", "long_text": "text", "date": "date", "yes_no": "boolean",
               "scale": "integer", "guidance": "display", "repeating_group": "group"}
MAX_CLAUSES = 8
LINE_WIDTH = 120  # characters: enough for one extension ({"url": ..., "valueCode": ...}) per line
# Element order of Questionnaire.item in the FHIR definitions (R5 adds answerConstraint), for readers.
ITEM_ORDER = ("extension", "linkId", "text", "_text", "type", "enableWhen", "enableBehavior", "required", "repeats",
              "maxLength", "answerConstraint", "answerOption", "item")
VERSIONS = {"R4": "R4", "4.0.1": "R4", "R5": "R5", "5.0.0": "R5"}


@register("fhir", ("form",), "FHIR Questionnaire (R4 by default, R5 on request) with Coform metadata in extensions")
def export_fhir(subject: Subject) -> ExportResult:
    form = subject.document
    assert isinstance(form, Form), "fhir takes forms only"
    version = VERSIONS.get(subject.fhir_version)
    if version is None:
        raise ValueError(f"FHIR version {subject.fhir_version!r} is not one Coform writes (R4 or R5)")
    resource, warnings = questionnaire(form, version)
    text = pretty_json(resource, LINE_WIDTH) + "\n"
    name = f"{file_stem(form)}.questionnaire{'.r5' if version == 'R5' else ''}.json"
    return ExportResult((ExportFile(name, text.encode("utf-8"), "application/fhir+json"),), tuple(warnings))


def questionnaire(form: Form, version: str = "R4") -> tuple[dict[str, Any], list[Issue]]:
    """The Questionnaire resource as JSON-ready dicts, and what FHIR could not say."""
    return _Builder(form, version).build()


def fhir_id(form_id: str) -> str:
    """A FHIR id allows letters, digits, '-' and '.': Coform's '_' becomes '-'."""
    return form_id.replace("_", "-")


def machine_name(form_id: str) -> str:
    """'care-act-needs-assessment' → 'CareActNeedsAssessment' (que-0: [A-Z][A-Za-z0-9_]*)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", form_id) if part)


def code_system(form: Form, field: Field) -> str:
    return f"{coform_url()}/CodeSystem/{form.id}-{field.id}"


def coding(form: Form, field: Field, value: str) -> dict[str, str]:
    """An option as a Coding: its statutory code list and code where it has one, else the form's own list."""
    option = next((o for o in field.options if o.value == value), None)
    system, code = option.coding() if option is not None else (None, value)
    return {"system": system or code_system(form, field), "code": code,
            "display": option.label if option is not None else value}


_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&])")
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Plain text for a FHIR `markdown` element: reads exactly as written, never as links, HTML or headings.

    CommonMark shows a backslash-escaped punctuation character as itself, so escaping changes nothing a
    reader sees; only the characters that could start markup are escaped, to keep the JSON readable.
    """
    escaped = _MARKDOWN_ANYWHERE.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), escaped)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in ITEM_ORDER if key in item}


def _item_control(code: str) -> dict[str, Any]:
    return {"valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


def translation(versions: dict[str, str]) -> dict[str, Any]:
    """The `_text` (or `_display`, ...) element carrying a text's other languages: {tag: text}, in tag order."""
    return {"extension": [{"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": tag},
                                                             {"url": "content", "valueString": text}]}
                          for tag, text in versions.items()]}


class _Builder:
    def __init__(self, form: Form, version: str) -> None:
        self.form = form
        self.version = version
        self.others = form.languages[1:]
        self.fields = {p.field.id: p.field for p in form.walk()}
        self.warnings: list[Issue] = []

    def build(self) -> tuple[dict[str, Any], list[Issue]]:
        form = self.form
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "id": fhir_id(form.id),
            "url": f"{coform_url()}/Questionnaire/{fhir_id(form.id)}",
            "version": str(form.version),
            "name": machine_name(form.id),
            "title": form.title,
            "status": STATUS[form.status],
        }
        if form.languages != ("en",):
            resource = {"resourceType": "Questionnaire", "id": resource["id"], "language": form.languages[0],
                        **resource}
        self.add(resource, "_title", translated(form, "title", self.others))
        if form.owner:
            resource["publisher"] = form.owner
        purpose = {tag: markdown_text(text) for tag, text in translated(form, "purpose", self.others).items()}
        resource["description"] = markdown_text(form.purpose)
        self.add(resource, "_description", purpose)
        resource["purpose"] = markdown_text(form.purpose)
        self.add(resource, "_purpose", purpose)
        resource["item"] = [self.section(section) for section in form.sections]
        return resource, self.warnings

    @staticmethod
    def add(element: dict[str, Any], key: str, versions: dict[str, str]) -> dict[str, Any]:
        """ELEMENT with the translation extension under KEY (`_text`, ...) when a text has other languages."""
        if versions:
            element[key] = translation(versions)
        return element

    def display(self, link_id: str, obj: Section | Field, key: str, control: str | None = None) -> dict[str, Any]:
        """A display item for a translatable text (an intro, a hint, a scale's end label)."""
        return _ordered(self.add(_display(link_id, getattr(obj, key), control), "_text",
                                 translated(obj, key, self.others)))

    def section(self, section: Section) -> dict[str, Any]:
        # A section may share its id with a field; the generated suffix keeps linkIds unique (que-2).
        link = f"{section.id}.section" if section.id in self.fields else section.id
        children = [self.display(f"{section.id}.intro", section, "intro")] if section.intro else []
        for field in section.fields:
            children.append(self.field(field))
            children += self.consent(field)
        return _ordered(self.add({"linkId": link, "text": section.title, "type": "group", "item": children},
                                 "_text", translated(section, "title", self.others)))

    # --- one field --------------------------------------------------------------------------------
    def field(self, f: Field) -> dict[str, Any]:
        item: dict[str, Any] = {"linkId": f.id, "text": f.label, "type": self.item_type(f)}
        self.add(item, "_text", translated(f, "label", self.others))
        extensions = self.limits(f)
        if f.required and f.type != "guidance":
            item["required"] = True
        if f.type in ("multi_choice", "repeating_group"):
            item["repeats"] = True
        if f.max_length is not None:
            item["maxLength"] = f.max_length
        if f.options:
            if self.version == "R5":
                item["answerConstraint"] = "optionsOnly"
            item["answerOption"] = [{"valueCoding": self.add(coding(self.form, f, o.value), "_display",
                                                             translated(o, "label", self.others))}
                                    for o in f.options]
        children = [item for child in f.fields for item in (self.field(child), *self.consent(child))]
        if f.type == "scale":
            for control, key in (("lower", "min_label"), ("upper", "max_label")):
                if getattr(f, key):
                    children.append(self.display(f"{f.id}.{control}", f, key, control))
        if f.hint and f.type == "guidance":
            item["text"] = f"{f.label}\n\n{f.hint}"  # display items cannot hold a hint item (que-1)
            labels, hints = translated(f, "label", self.others), translated(f, "hint", self.others)
            item.pop("_text", None)
            main = self.form.languages[0]
            self.add(item, "_text", {tag: f"{text_in(f, 'label', tag, main)}\n\n{text_in(f, 'hint', tag, main)}"
                                     for tag in self.others if tag in labels or tag in hints})
        elif f.hint:
            children.insert(0, self.display(f"{f.id}.hint", f, "hint", "flyover"))
        if children:
            item["item"] = children
        extensions += self.metadata(f)
        if extensions:
            item["extension"] = extensions
        return self.conditional(f, _ordered(item))

    def consent(self, f: Field) -> list[dict[str, Any]]:
        """The person's yes or no to each agency the answer goes to only by agreement, enabled once it is given."""
        return [_ordered({
            "linkId": q.id, "text": q.label, "type": "boolean", "required": True,
            "enableWhen": [{"question": f.id, "operator": "exists", "answerBoolean": True}],
            "item": [_display(f"{q.id}.hint", q.hint, "flyover")],
            "extension": [_coform("consent_for", "valueString", f.id), _coform("shared_with", "valueCode", q.agency),
                          _coform("purpose", "valueCode", "legal_evidence"),
                          _coform("completed_by", "valueCode", "person"),
                          _coform("lawful_basis", "valueCode", "consent")],
        }) for q in consent_questions(f)]

    def item_type(self, f: Field) -> str:
        if f.type in ("single_choice", "multi_choice"):
            return "coding" if self.version == "R5" else "choice"
        if f.type == "number":
            return "integer" if f.integer else "decimal"
        return PLAIN_TYPES[f.type]

    def limits(self, f: Field) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if f.type == "scale":
            out.append({"url": HL7 + "questionnaire-itemControl", **_item_control("slider")})
            out.append({"url": HL7 + "questionnaire-sliderStepValue", "valueInteger": 1})
        for key, name in (("min", "minValue"), ("max", "maxValue")):
            value = getattr(f, key)
            if value is None:
                continue
            if value == "today":  # fhir.resources cannot read `_valueDate`, so SDC's expression form is used
                out.append({"url": f"{SDC}sdc-questionnaire-{name}Expression",
                            "valueExpression": {"language": "text/fhirpath", "expression": "today()"}})
            elif f.type == "date":
                out.append({"url": HL7 + name, "valueDate": value})
            elif f.type == "scale" or f.integer:  # whole answers only: round a fractional limit inwards
                whole = math.ceil(value) if key == "min" else math.floor(value)
                out.append({"url": HL7 + name, "valueInteger": whole})
            else:
                out.append({"url": HL7 + name, "valueDecimal": value})
        if f.pattern:
            out.append({"url": HL7 + "regex", "valueString": f.pattern})
        for key, name in (("min_selected", "minOccurs"), ("max_selected", "maxOccurs"),
                          ("min_items", "minOccurs"), ("max_items", "maxOccurs")):
            value = getattr(f, key)
            if value is not None and (value > 1 or name == "maxOccurs"):  # minOccurs means more than one
                out.append({"url": HL7 + f"questionnaire-{name}", "valueInteger": value})
        return out

    def metadata(self, f: Field) -> list[dict[str, Any]]:
        """Coform metadata: why the answer is recorded, who gives it, and its data protection basis."""
        out = []
        if f.show_if is not None:
            out.append(_coform("condition", "valueString", describe(f.show_if, fields=self.fields)))
        if not f.records:
            return out
        for key in ("purpose", "completed_by", "data_category", "special_category", "lawful_basis",
                    "processing_condition"):
            value = getattr(f, key)
            if value is not None:
                out.append(_coform(key, "valueCode", value))
        out.append(_coform("own_words", "valueBoolean", f.own_words))
        out.append(_coform("visible_to_person", "valueBoolean", f.visible_to_person))
        out += [_coform("shared_with", "valueCode", agency) for agency in f.shared_with]  # agency ids
        out += [_coform("shared_by_consent", "valueCode", agency) for agency in f.consent_agencies]
        for key in ("retention", "statutory_item"):
            value = getattr(f, key)
            if value:
                out.append(_coform(key, "valueString", value))
        return out

    # --- conditions -------------------------------------------------------------------------------
    def conditional(self, f: Field, item: dict[str, Any]) -> dict[str, Any]:
        """The item with its enableWhen, inside wrapper groups when the condition needs more than one level."""
        if f.show_if is None:
            return item
        words = describe(f.show_if, fields=self.fields)
        clauses = self.clauses(f.show_if, positive=True)
        if clauses is None or any(not clause for clause in clauses):
            self.warnings.append(Code.EXPORT_CONDITION_TOO_COMPLEX.issue(
                "", *f.at("show_if"), where=f"field '{f.id}'", condition=words,
                standard=f"FHIR {self.version} enableWhen",
                effect="the item is always enabled and not marked required"))
            item.pop("required", None)
            return item
        units = [clause[0] for clause in clauses if len(clause) == 1]
        levels = ([units] if units else []) + [clause for clause in clauses if len(clause) > 1]
        if not levels:
            return item  # the condition always holds
        *outer, inner = levels
        item = _ordered({**item, **_enable(inner, "all" if inner is units else "any")})
        for number in range(len(outer), 0, -1):  # .when-1 is the outermost wrapper
            level = outer[number - 1]
            item = _ordered({"extension": [_coform("condition", "valueString", words)],
                             "linkId": f"{f.id}.when-{number}", "type": "group",
                             **_enable(level, "all" if level is units else "any"), "item": [item]})
        return item

    def clauses(self, c: Condition, positive: bool) -> list[list[dict[str, Any]]] | None:
        """The condition (or its negation) as AND of OR-clauses of enableWhen entries; None if too big."""
        op = c.op
        if op == "not":
            return self.clauses(c.children[0], not positive)
        if op in ("all", "any"):
            parts = [self.clauses(child, positive) for child in c.children]
            if any(p is None for p in parts):
                return None
            if (op == "all") == positive:
                return _simplify([clause for p in parts for clause in p])
            return _distribute(parts)
        target = self.fields[c.field or ""]
        if op == "answered":
            return [[{"question": target.id, "operator": "exists", "answerBoolean": bool(c.value) == positive}]]
        if op == "in":  # in = any of equals; its negation = all of not equals
            tests = [self.test(target, "=" if positive else "!=", v) for v in c.value]
            return [tests] if positive else [[t] for t in tests]
        equal = (op == "equals") == positive
        return [[self.test(target, "=" if equal else "!=", c.value)]]

    def test(self, target: Field, operator: str, value: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {"question": target.id, "operator": operator}
        if target.type == "yes_no":
            entry["answerBoolean"] = bool(value)
        elif target.type in ("single_choice", "multi_choice"):
            entry["answerCoding"] = coding(self.form, target, str(value))
        elif target.type in ("number", "scale"):
            whole = isinstance(value, int) or float(value).is_integer()
            integer_question = target.type == "scale" or target.integer
            entry["answerInteger" if integer_question and whole else "answerDecimal"] = \
                int(value) if integer_question and whole else value
        elif target.type == "date":
            entry["answerDate"] = str(value)
        else:
            entry["answerString"] = str(value)
        return entry


def _simplify(clauses: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]] | None:
    """Drop repeated tests, always-true clauses (x = v or x != v) and clauses implied by smaller ones."""
    out: list[list[dict[str, Any]]] = []
    for clause in clauses:
        unique = []
        for test in clause:
            if test not in unique:
                unique.append(test)
        if any(_opposite(a, b) for a in unique for b in unique):
            continue
        if unique not in out:
            out.append(unique)
    out = [c for c in out if not any(o is not c and all(t in c for t in o) and len(o) < len(c) for o in out)]
    return out if len(out) <= MAX_CLAUSES else None


def _distribute(parts: list[list[list[dict[str, Any]]]]) -> list[list[dict[str, Any]]] | None:
    """OR of CNFs as one CNF: every way of taking one clause from each part."""
    result: list[list[dict[str, Any]]] = [[]]
    for part in parts:
        product = [left + right for left in result for right in part]
        simplified = _simplify(product) if len(product) <= MAX_CLAUSES ** 2 else None
        if simplified is None:
            return None
        result = simplified
    return result


def _opposite(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["question"] != b["question"]:
        return False
    if a["operator"] == "exists" and b["operator"] == "exists":
        return a["answerBoolean"] != b["answerBoolean"]
    same_value = {k: v for k, v in a.items() if k != "operator"} == {k: v for k, v in b.items() if k != "operator"}
    return same_value and {a["operator"], b["operator"]} == {"=", "!="}


def _enable(tests: list[dict[str, Any]], behaviour: str) -> dict[str, Any]:
    out: dict[str, Any] = {"enableWhen": tests}
    if len(tests) > 1:
        out["enableBehavior"] = behaviour  # que-12: needed once there is more than one
    return out


def _display(link_id: str, text: str, control: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link_id, "text": text, "type": "display"}
    if control:
        item["extension"] = [{"url": HL7 + "questionnaire-itemControl", **_item_control(control)}]
    return _ordered(item)


def _coform(name: str, kind: str, value: Any) -> dict[str, Any]:
    return {"url": f"{coform_url()}/StructureDefinition/{name}", kind: value}
