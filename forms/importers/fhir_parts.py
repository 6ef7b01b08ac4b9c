"""Reading pieces of FHIR JSON: extensions, value sets, answer options, old shapes, leftovers."""

from __future__ import annotations

import json
import re

from forms.importers.naming import option_value, unique
from forms.importers.shared import label_text

# UCUM codes people would not recognise, for units shown in a hint.
UCUM_WORDS = {"[in_i]": "inches", "[ft_i]": "feet", "[lb_av]": "pounds", "[oz_av]": "ounces",
              "[degF]": "degrees Fahrenheit", "Cel": "degrees Celsius", "a": "years", "mo": "months",
              "wk": "weeks", "d": "days", "h": "hours", "min": "minutes", "kg/m2": "kg/m²"}


def items(obj: object, key: str) -> list:
    """obj[key] when it is a list, else []: damaged resources must not stop an import."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def mapping(obj: object, key: str) -> dict:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def short_url(url: object) -> str:
    """'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl' → 'questionnaire-itemControl'."""
    return str(url).rstrip("/").rsplit("/", 1)[-1].split("|", 1)[0]


def extensions(obj: dict) -> list[dict]:
    found = obj.get("extension")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def extension(obj: dict, name: str) -> dict | None:
    return next((e for e in extensions(obj) if short_url(e.get("url")) == name), None)


def extension_code(obj: dict, name: str) -> str | None:
    ext = extension(obj, name)
    if ext is None:
        return None
    concept = mapping(ext, "valueCodeableConcept")
    codings = [c for c in items(concept, "coding") if isinstance(c, dict)]
    found = codings[0].get("code") if codings else concept.get("text") or ext.get("valueCode")
    return found if isinstance(found, str) else None


def unit_text(item: dict) -> str:
    """The unit(s) an answer is given in, as a person would read them: 'kg', 'meters or centimeters'."""
    units = []
    for ext in extensions(item):
        if short_url(ext.get("url")) in ("questionnaire-unit", "questionnaire-unitOption"):
            coding = mapping(ext, "valueCoding")
            if isinstance(coding, dict) and (coding.get("display") or coding.get("code")):
                code = str(coding.get("code"))
                units.append(str(coding.get("display") or UCUM_WORDS.get(code, code)))
    return " or ".join(units)


def _value_summary(ext: dict) -> str:
    """A short, readable note of an extension's value, for the import report."""
    for key, value in ext.items():
        if not key.startswith("value"):
            continue
        if isinstance(value, dict):
            if "expression" in value:
                return str(value.get("expression"))
            codings = value.get("coding")
            if isinstance(codings, list) and codings and isinstance(codings[0], dict):
                return str(codings[0].get("code") or codings[0].get("display") or value.get("text") or "")
            return str(value.get("code") or value.get("display") or value.get("name") or value.get("value") or "")
        text = str(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return ""


def details(obj: dict, used: set[str]) -> list[str]:
    """Plain descriptions of what an item or the Questionnaire holds that Coform has no place for."""
    parts: list[str] = []
    codes = [c for c in items(obj, "code") if isinstance(c, dict)] if "code" not in used else []
    if codes:
        systems = sorted({short_url(c.get("system")) for c in codes if c.get("system")})
        listed = ", ".join(str(c.get("code")) for c in codes)
        parts.append(f"the code {listed}" + (f" ({', '.join(systems)})" if systems else ""))
    for key, value in obj.items():
        if key in used or key in ("code", "extension", "modifierExtension") or value in (None, [], {}):
            continue
        if key.startswith("_"):
            names = [short_url(e.get("url")) for e in extensions(value)] if isinstance(value, dict) else []
            if names and all(name == "translation" for name in names):
                continue  # texts in other languages: read by forms.importers.fhir_languages
            parts.append(f"the formatting of its {key[1:]} ({', '.join(names) or 'extension'})")
        elif key == "copyright":
            parts.append("the copyright notice")
        elif key == "version":
            parts.append(f"the version '{value}'")
        elif key == "readOnly" and value is True:
            parts.append("that the answer cannot be changed (readOnly)")
        elif key != "readOnly":
            parts.append(f"its {key}")
    for ext in extensions(obj) + [e for e in items(obj, "modifierExtension") if isinstance(e, dict)]:
        name = short_url(ext.get("url"))
        if name in used:
            continue
        value = _value_summary(ext)
        parts.append(f"the extension {name}" + (f" ({value})" if value else ""))
    return parts


class ValueSets:
    """The value sets contained in the Questionnaire, found by '#id' or by canonical url."""

    def __init__(self, doc: dict) -> None:
        self.by_ref: dict[str, dict] = {}
        for resource in items(doc, "contained"):
            if isinstance(resource, dict) and resource.get("resourceType") == "ValueSet":
                if resource.get("id"):
                    self.by_ref[f"#{resource['id']}"] = resource
                if resource.get("url"):
                    self.by_ref[str(resource["url"])] = resource

    def concepts(self, ref: str) -> list[tuple[str, str]] | None:
        """[(code, display)] of the value set, or None when it is not in the file."""
        resource = self.by_ref.get(ref) or self.by_ref.get(ref.split("|", 1)[0])
        if resource is None:
            return None
        found: list[tuple[str, str]] = []
        _expansion(items(mapping(resource, "expansion"), "contains"), found)
        if not found:
            for include in items(mapping(resource, "compose"), "include"):
                for concept in items(include, "concept"):
                    if isinstance(concept, dict) and concept.get("code") is not None:
                        found.append((str(concept["code"]), str(concept.get("display") or concept["code"])))
        return found or None


def _expansion(contains: list, found: list[tuple[str, str]]) -> None:
    for entry in contains:
        if not isinstance(entry, dict):
            continue
        if entry.get("code") is not None and not entry.get("abstract"):
            found.append((str(entry["code"]), str(entry.get("display") or entry["code"])))
        _expansion(items(entry, "contains"), found)


def old_version(doc: dict) -> str:
    """'DSTU2' or 'STU3' when the resource has the shape of those versions, else ''."""
    if "group" in doc:
        return "R2 (DSTU2)"
    stack = list(items(doc, "item"))
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        if "option" in item or "options" in item or any(
                k.startswith("initial") and k[7:8].isupper() for k in item):
            return "STU3"
        for rule in items(item, "enableWhen"):
            if isinstance(rule, dict) and ("hasAnswer" in rule or "operator" not in rule):
                return "STU3"
        stack.extend(items(item, "item"))
    return ""

# --- answers, limits and hints of one question --------------------------------------------


def answer_options(item: dict, valuesets: ValueSets) -> list[tuple[str, str, list[str], object]] | None:
    """[(option value, label, answer keys, the label's `_display` with any translations)] from answerOption
    or a contained value set."""
    raw: list[tuple[str, list[str], object]] = []  # (label, keys conditions may use, `_display`)
    for option in items(item, "answerOption"):
        if not isinstance(option, dict):
            continue
        coding = option.get("valueCoding")
        if isinstance(coding, dict):
            code, display = coding.get("code"), coding.get("display")
            raw.append((str(display or code or "Option"), [str(k) for k in (code, display) if k is not None],
                        coding.get("_display") if display else None))
            continue
        value = next((v for k, v in option.items() if k.startswith("value")), None)
        if isinstance(value, dict):  # valueReference
            value = value.get("display") or value.get("reference")
        if value is not None:
            raw.append((label_text(value) or str(value) or "Option", [str(value), label_text(value) or ""], None))
    if not raw and item.get("answerValueSet"):
        concepts = valuesets.concepts(str(item["answerValueSet"]))
        if concepts is None:
            return None
        raw = [(str(display or code), [str(code), str(display)], None) for code, display in concepts]
    if not raw:
        return None
    out, taken = [], set()
    for label, keys, shadow in raw:
        label = label.strip() or "Option"
        value = unique(option_value(label), taken)
        taken.add(value)
        out.append((value, label, keys, shadow))
    return out


def limits(item: dict, field: dict, used: set[str]) -> None:
    """min, max and pattern from the minValue, maxValue and regex extensions, where they fit the type."""
    for name, key in (("minValue", "min"), ("maxValue", "max")):
        ext = extension(item, name)
        if ext is None:
            continue
        value = next((v for k, v in ext.items() if k.startswith("value")), None)
        if field["type"] == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            field[key] = value
            used.add(name)
        elif field["type"] == "date" and isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            field[key] = value[:10]
            used.add(name)
    ext = extension(item, "regex")
    if ext is not None and field["type"] == "short_text" and compiles(ext.get("valueString")):
        field["pattern"] = ext["valueString"]
        used.add("regex")
    low, high = field.get("min"), field.get("max")
    if low is not None and high is not None and type(low) is type(high) and low > high:
        del field["min"], field["max"]
        used.difference_update({"minValue", "maxValue"})


def extra_hint(item: dict, field: dict, used: set[str]) -> str:
    """The unit and entry format, which a person needs to answer, carried as hint text."""
    parts = []
    unit = unit_text(item)
    if unit and field["type"] == "number":
        parts.append(f"Unit: {unit}")
        used.update({"questionnaire-unit", "questionnaire-unitOption"})
    entry = extension(item, "entryFormat")
    if entry is not None and isinstance(entry.get("valueString"), str):
        parts.append(f"Format: {entry['valueString']}")
        used.add("entryFormat")
    return "\n".join(parts)


def compiles(pattern: object) -> bool:
    if not isinstance(pattern, str):
        return False
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def describe_rule(rule: object) -> str:
    if not isinstance(rule, dict):
        return str(rule)
    key = next((k for k in rule if k.startswith("answer")), "")
    value = rule.get(key)
    if isinstance(value, dict):
        value = value.get("code") or value.get("display") or value.get("value")
    return f"{rule.get('question')} {rule.get('operator')} {json.dumps(value)}"


def link_ids(items: list) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            out.append(str(item.get("linkId")))
            if isinstance(item.get("item"), list):
                out += link_ids(item["item"])
    return out
