"""The frozen model of forms and workflows, built from YAML by `forms.schema`.

Every object keeps the (line, column) of its own start and of each key's value (`locs`), so
checks that run on the model can still point at the exact place in the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from dataclasses import field as _meta
from types import MappingProxyType
from typing import Any

Loc = tuple[int, int]
_NO_LOCS: Mapping[str, Loc] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Translations:
    """A text's versions in the form's other languages: (key, language tag, text), sorted.

    The object's own attribute (`label`, `title`, ...) holds the text in the form's first language;
    this holds the rest (docs/format.md "Languages"). A sorted tuple keeps it hashable and makes
    equality ignore the order the YAML was written in.
    """

    items: tuple[tuple[str, str, str], ...] = ()

    def get(self, key: str, language: str) -> str | None:
        for k, lang, text in self.items:
            if k == key and lang == language:
                return text
        return None

    def of(self, key: str) -> dict[str, str]:
        """{language: text} for one key, in no particular order."""
        return {lang: text for k, lang, text in self.items if k == key}

    def __bool__(self) -> bool:
        return bool(self.items)


NO_TRANSLATIONS = Translations()


@dataclass(frozen=True, slots=True)
class Option:
    """One answer of a choice: a stable value and the label people read."""

    value: str
    label: str
    loc: Loc = _meta(default=(0, 0), compare=False)
    code_system: str | None = None  # the statutory code list the option belongs to (a URI), when there is one
    code: str | None = None  # its code in that list, when it is not the value itself
    translations: Translations = NO_TRANSLATIONS

    def coding(self) -> tuple[str | None, str]:
        """(system, code) as a statutory return carries the answer: the value when no other code is given."""
        return self.code_system, self.code if self.code is not None else self.value


@dataclass(frozen=True, slots=True)
class Condition:
    """A show_if condition. Leaf ops name a field; group ops (all, any, not) hold children.

    Positions never take part in equality, so moving text around a file changes no comparison.
    """

    op: str
    field: str | None = None
    value: Any = None
    children: tuple[Condition, ...] = ()
    loc: Loc = _meta(default=(0, 0), compare=False)

    def fields(self) -> Iterator[tuple[str, Condition]]:
        """Every (field id, leaf condition) this condition depends on."""
        if self.field is not None:
            yield self.field, self
        for child in self.children:
            yield from child.fields()


@dataclass(frozen=True, slots=True)
class Field:
    """One question (or guidance text, or repeating group of questions) of a form."""

    id: str
    label: str
    type: str
    hint: str | None = None
    required: bool = False
    show_if: Condition | None = None
    purpose: str = "practice"
    completed_by: str = "practitioner"
    own_words: bool = False
    data_category: str = "personal"
    special_category: str | None = None
    lawful_basis: str | None = None
    processing_condition: str | None = None
    visible_to_person: bool = True
    shared_with: tuple[str, ...] = ()
    shared_by_consent: tuple[str, ...] = ()  # those of shared_with written with `needs_consent: true`
    sharing_decided_by: str = "service"  # `person`: the person agrees, or not, to each agency in shared_with
    retention: str | None = None
    estimated_seconds: int | None = None
    statutory_item: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    pattern: str | None = None
    min: Any = None
    max: Any = None
    integer: bool = False
    min_selected: int | None = None
    max_selected: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    fields: tuple[Field, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    expected_items: int | None = None
    example: Any = None  # a sample answer (a tuple of option values for multi_choice), for the example record
    translations: Translations = NO_TRANSLATIONS
    # Keys whose value came from the form's `defaults:` rather than the field (the guided editor keeps them so).
    from_defaults: tuple[str, ...] = field(default=(), compare=False, repr=False)
    loc: Loc = (0, 0)
    locs: Mapping[str, Loc] = field(default_factory=lambda: _NO_LOCS, compare=False, repr=False)

    @property
    def records(self) -> bool:
        """Does this field record an answer? (Guidance shows text; a group holds other fields.)"""
        return self.type not in ("guidance", "repeating_group")

    @property
    def consent_agencies(self) -> tuple[str, ...]:
        """The agencies the answer goes to only if the person agrees (in shared_with order)."""
        if self.sharing_decided_by == "person":
            return self.shared_with
        return tuple(a for a in self.shared_with if a in self.shared_by_consent)

    def own(self, key: str) -> Any:
        """The value the field itself gives KEY: None when it only has the form's default."""
        return None if key in self.from_defaults else getattr(self, key)

    def at(self, key: str) -> Loc:
        """Where a key's value is written (or the field itself when the key is absent)."""
        return self.locs.get(key, self.loc)

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True, slots=True)
class Retired:
    """A field id a published version no longer has: never to be reused, so stored answers keep one meaning."""

    id: str
    since_version: int  # the first version without it
    was: str = ""  # what the question asked, for people reading old records
    loc: Loc = (0, 0)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a form; in the studio, one page of a big form."""

    id: str
    title: str
    fields: tuple[Field, ...]
    intro: str | None = None
    loc: Loc = (0, 0)
    translations: Translations = NO_TRANSLATIONS
    locs: Mapping[str, Loc] = field(default_factory=lambda: _NO_LOCS, compare=False, repr=False)

    def at(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)


@dataclass(frozen=True, slots=True)
class Placed:
    """A field with where it sits: its section and, inside a repeating group, the group."""

    field: Field
    section: Section
    group: Field | None
    order: int


@dataclass(frozen=True, slots=True)
class Form:
    """A recording form: metadata and sections of fields."""

    id: str
    title: str
    version: int
    purpose: str
    sections: tuple[Section, ...]
    status: str = "draft"
    owner: str | None = None
    loc: Loc = (1, 1)
    locs: Mapping[str, Loc] = field(default_factory=lambda: _NO_LOCS, compare=False, repr=False)
    kind: str = "form"
    budget_minutes: float | None = None  # practitioner minutes the form may take, worst case
    retired: tuple[Retired, ...] = ()  # field ids removed in earlier versions (docs/format.md "Stable ids")
    # `defaults:` as written; the schema has already given them to every personal-data field without its own.
    default_lawful_basis: str | None = None
    default_retention: str | None = None
    controller: str | None = None  # who decides what happens to the record (the data controller)
    contact: str | None = None  # how the person gets in touch about their information
    audience: str = "adult"
    languages: tuple[str, ...] = ("en",)  # language tags; the first is the one the plain attributes hold
    translations: Translations = NO_TRANSLATIONS

    def at(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)

    def walk(self) -> Iterator[Placed]:
        """Every field in document order, repeating-group children right after their group."""
        order = 0
        for section in self.sections:
            stack: list[tuple[Iterator[Field], Field | None]] = [(iter(section.fields), None)]
            while stack:
                fields, group = stack[-1]
                item = next(fields, None)
                if item is None:
                    stack.pop()
                    continue
                yield Placed(item, section, group, order)
                order += 1
                if item.fields:
                    stack.append((iter(item.fields), item))

    def field_map(self) -> dict[str, Placed]:
        """Field id → placed field (the first one, should ids be duplicated)."""
        out: dict[str, Placed] = {}
        for placed in self.walk():
            out.setdefault(placed.field.id, placed)
        return out


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """How long a step may take: an amount of working days, days or hours."""

    unit: str
    amount: float
    starts: str | None = None  # the event that starts the clock, in words ("the contact is received")
    if_missed: str | None = None  # what happens when the time runs out, in words ("the team manager is told")

    def describe(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        unit = self.unit.replace("_", " ")
        return f"{amount} {unit[:-1] if amount == 1 else unit}"


@dataclass(frozen=True, slots=True)
class Transition:
    """A way out of a step, with the situation in which it is taken."""

    to: str
    when: str | None = None
    loc: Loc = _meta(default=(0, 0), compare=False)
    condition: Condition | None = None  # `if`: the same condition as show_if, over a form's answers
    answers_of: str | None = None  # the form whose answers `if` reads (default: the step's own form)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a workflow: who acts, with which form, within what time."""

    id: str
    title: str
    actor: str | None = None
    form: str | None = None
    time_limit: TimeLimit | None = None
    next: tuple[Transition, ...] = ()
    end: bool = False
    description: str | None = None
    loc: Loc = (0, 0)
    locs: Mapping[str, Loc] = field(default_factory=lambda: _NO_LOCS, compare=False, repr=False)

    def at(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)


@dataclass(frozen=True, slots=True)
class Workflow:
    """A workflow: steps joined by transitions from a start to one or more ends."""

    id: str
    title: str
    version: int
    purpose: str
    start: str
    steps: tuple[Step, ...]
    status: str = "draft"
    owner: str | None = None
    loc: Loc = (1, 1)
    locs: Mapping[str, Loc] = field(default_factory=lambda: _NO_LOCS, compare=False, repr=False)
    kind: str = "workflow"
    budget_minutes: float | None = None  # practitioner minutes any one path may take, worst case

    def at(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)

    def step_map(self) -> dict[str, Step]:
        out: dict[str, Step] = {}
        for step in self.steps:
            out.setdefault(step.id, step)
        return out


Document = Form | Workflow
