"""Checks of a Questionnaire that fhir.resources does not make: code values, linkIds, enableWhen and options.

fhir.resources checks the shape of a resource (element names, cardinality, primitive types) but not
the codes a required binding allows nor the resource's invariants (que-0 to que-13). These checks
cover what a Coform export can get wrong. Each problem names its rule: the FHIR invariant ('que-2')
or a short name for a rule of the element's definition or binding. One rule is Coform's, stricter
than FHIR's que-5: answer options belong to choice (R4) or coding (R5) questions only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Questionnaire.item.type, required binding to the item-type value set; 'question' is abstract in both.
ITEM_TYPES = {
    "R4": frozenset({"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
                     "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}),
    "R5": frozenset({"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
                     "text", "url", "coding", "attachment", "reference", "quantity"}),
}
# Coform's own rule, stricter than que-5 (which also allows options on integer, date, time and string):
# options belong to choice questions only.
CHOICE_TYPES = {"R4": frozenset({"choice", "open-choice"}), "R5": frozenset({"coding"})}
STATUSES = frozenset({"draft", "active", "retired", "unknown"})
OPERATORS = frozenset({"exists", "=", "!=", ">", "<", ">=", "<="})
ORDERED = frozenset({"decimal", "integer", "date", "dateTime", "time", "string", "text", "quantity"})
# que-10: maxLength only on simple question types (R5 replaced open-choice with coding).
MAX_LENGTH_TYPES = {"R4": frozenset({"boolean", "decimal", "integer", "string", "text", "url", "open-choice"}),
                    "R5": frozenset({"boolean", "decimal", "integer", "string", "text", "url", "coding"})}
ANSWER_CONSTRAINTS = frozenset({"optionsOnly", "optionsOrType", "optionsOrString"})
# The enableWhen answer[x] each question type is compared with.
ANSWER_KEYS = {
    "boolean": {"answerBoolean"}, "decimal": {"answerDecimal", "answerInteger"},
    "integer": {"answerInteger", "answerDecimal"}, "date": {"answerDate"}, "dateTime": {"answerDateTime"},
    "time": {"answerTime"}, "string": {"answerString"}, "text": {"answerString"}, "url": {"answerString"},
    "choice": {"answerCoding"}, "open-choice": {"answerCoding", "answerString"}, "coding": {"answerCoding"},
    "quantity": {"answerQuantity"}, "reference": {"answerReference"},
}
LIMIT_VALUES = {"integer": "valueInteger", "decimal": "valueDecimal", "date": "valueDate"}
ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
NAME = re.compile(r"[A-Z][A-Za-z0-9_]{0,254}")
HL7 = "http://hl7.org/fhir/StructureDefinition/"


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: which rule, where (a path such as item[0].item[2]) and what is wrong."""

    rule: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule} {self.message}"


def check_questionnaire(resource: Mapping[str, Any], version: str = "R4") -> list[Problem]:
    """Every problem found, in document order; an empty list means the checks pass."""
    problems: list[Problem] = []
    add = problems.append
    if resource.get("resourceType") != "Questionnaire":
        add(Problem("resource", "Questionnaire", f"resourceType is {resource.get('resourceType')!r}"))
    if resource.get("status") not in STATUSES:
        add(Problem("status", "Questionnaire.status", f"{resource.get('status')!r} is not a publication status"))
    if "id" in resource and not ID.fullmatch(str(resource["id"])):
        add(Problem("id", "Questionnaire.id", f"{resource['id']!r} is not a FHIR id"))
    if "name" in resource and not NAME.fullmatch(str(resource["name"])):
        add(Problem("que-0", "Questionnaire.name", f"{resource['name']!r} is not usable as a machine name"))
    for path, extension in _extensions(resource, "Questionnaire"):
        problems += _check_extension(extension, path)
    items = list(_walk(resource.get("item") or [], "item"))
    seen: dict[str, str] = {}
    for path, item in items:
        link = item.get("linkId")
        if not isinstance(link, str) or not link or len(link) > 255:
            add(Problem("linkId", path, f"linkId {link!r} must be text of 1 to 255 characters"))
        elif link in seen:
            add(Problem("que-2", path, f"linkId {link!r} is also used at {seen[link]}"))
        else:
            seen[link] = path
    earlier: dict[Any, dict] = {}
    for path, item in items:
        problems += _check_item(item, path, version)
        for number, rule in enumerate(item.get("enableWhen") or []):
            problems += _check_enable_when(rule, f"{path}.enableWhen[{number}]", earlier)
        earlier.setdefault(item.get("linkId"), item)
    return problems


def _walk(items: list[Any], path: str) -> Iterator[tuple[str, dict]]:
    """(path, item) in document order: an item, then the items nested in it."""
    for index, item in enumerate(items):
        if isinstance(item, dict):
            here = f"{path}[{index}]"
            yield here, item
            yield from _walk(item.get("item") or [], f"{here}.item")


def _extensions(element: Mapping[str, Any], path: str) -> Iterator[tuple[str, dict]]:
    for index, extension in enumerate(element.get("extension") or []):
        yield f"{path}.extension[{index}]", extension


def _check_extension(extension: Any, path: str) -> list[Problem]:
    values = [k for k in extension if k.startswith("value")] if isinstance(extension, dict) else []
    if not isinstance(extension, dict) or not extension.get("url"):
        return [Problem("extension", path, "an extension needs a url")]
    if (len(values) == 1) == bool(extension.get("extension")):  # ext-1: a value or extensions, not both
        return [Problem("ext-1", path, f"{extension['url']} needs exactly one value[x] or nested extensions")]
    return []


def _check_item(item: dict, path: str, version: str) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    kind = item.get("type")
    if kind not in ITEM_TYPES[version]:
        add(Problem("item-type", path, f"type {kind!r} is not in the FHIR {version} item-type value set"))
    children = item.get("item") or []
    if kind == "group" and not children:
        add(Problem("que-1", path, "a group must hold items"))
    if kind == "display" and children:
        add(Problem("que-1", path, "a display item cannot hold items"))
    if kind == "display" and ("required" in item or "repeats" in item):
        add(Problem("que-6", path, "a display item cannot be required or repeat"))
    if "maxLength" in item and kind not in MAX_LENGTH_TYPES[version]:
        add(Problem("que-10", path, f"maxLength does not apply to a {kind} item"))
    if item.get("answerOption") and kind not in CHOICE_TYPES[version]:
        add(Problem("answer-option", path, f"answerOption on a {kind} item; options belong to "
                                           f"{' or '.join(sorted(CHOICE_TYPES[version]))} items"))
    values = [_option_value(o) for o in item.get("answerOption") or []]
    if any(v is None for v in values) or len(values) != len(set(values)):
        add(Problem("answer-option", path, "every option needs a value (a Coding: a code) of its own"))
    if "answerConstraint" in item:
        if version == "R4":
            add(Problem("answer-constraint", path, "answerConstraint is an R5 element"))
        elif item["answerConstraint"] not in ANSWER_CONSTRAINTS or not (item.get("answerOption")
                                                                         or item.get("answerValueSet")):
            add(Problem("que-14", path, "answerConstraint needs a known code and answer options"))
    if len(item.get("enableWhen") or []) > 1 and "enableBehavior" not in item:
        add(Problem("que-12", path, "more than one enableWhen needs an enableBehavior"))
    if "enableBehavior" in item and item["enableBehavior"] not in ("all", "any"):
        add(Problem("enable-behavior", path, f"enableBehavior {item['enableBehavior']!r} is not all or any"))
    for ext_path, extension in _extensions(item, path):
        problems += _check_extension(extension, ext_path)
        url = extension.get("url") if isinstance(extension, dict) else None
        if url in (HL7 + "minValue", HL7 + "maxValue"):
            wanted = LIMIT_VALUES.get(str(kind))
            if wanted is None or wanted not in extension:
                add(Problem("min-max", ext_path, f"{url.rsplit('/', 1)[1]} of a {kind} item needs {wanted}"))
        if url in (HL7 + "questionnaire-minOccurs", HL7 + "questionnaire-maxOccurs") and not item.get("repeats"):
            add(Problem("occurs", ext_path, "minOccurs and maxOccurs apply to repeating items only"))
    return problems


def _option_value(option: Any) -> Any:
    """An answerOption's value, comparable and hashable: (system, code) for a Coding; None when missing."""
    values = [v for k, v in option.items() if k.startswith("value")] if isinstance(option, dict) else []
    if len(values) != 1:
        return None
    if isinstance(values[0], dict):
        return (values[0].get("system"), values[0]["code"]) if values[0].get("code") else None
    return values[0]


def _check_enable_when(rule: Any, path: str, earlier: Mapping[Any, dict]) -> list[Problem]:
    if not isinstance(rule, dict):
        return [Problem("enable-when", path, "an enableWhen must be an object")]
    question = rule.get("question")
    target = earlier.get(question)  # a parent question counts: it comes before the items nested under it
    if target is None:
        return [Problem("enable-when-target", path, f"question {question!r} is not an earlier question")]
    kind = target.get("type")
    if kind in ("group", "display"):
        return [Problem("enable-when-target", path, f"question {question!r} is a {kind}, which has no answer")]
    operator = rule.get("operator")
    answers = [k for k in rule if k.startswith("answer")]
    if operator not in OPERATORS:
        return [Problem("enable-when-operator", path, f"operator {operator!r} is not a FHIR operator")]
    if len(answers) != 1:
        return [Problem("enable-when-answer", path, "an enableWhen needs exactly one answer[x]")]
    answer = answers[0]
    if operator == "exists":
        return [] if answer == "answerBoolean" else [Problem("que-7", path, "'exists' needs answerBoolean")]
    if operator not in ("=", "!=") and kind not in ORDERED:
        return [Problem("enable-when-operator", path, f"operator {operator!r} cannot compare {kind} answers")]
    if answer not in ANSWER_KEYS.get(str(kind), set()):
        return [Problem("enable-when-answer", path, f"{answer} cannot be compared with a {kind} question")]
    if answer == "answerCoding" and target.get("answerOption"):
        coding = rule[answer] if isinstance(rule[answer], dict) else {}
        options = [o.get("valueCoding", {}) for o in target["answerOption"] if isinstance(o, dict)]
        if not any(o.get("code") == coding.get("code") and coding.get("system") in (None, o.get("system"))
                   for o in options):  # a Coding without a system is matched on its code
            return [Problem("enable-when-answer", path,
                            f"code {coding.get('code')!r} is not an option of question {question!r}")]
    return []
