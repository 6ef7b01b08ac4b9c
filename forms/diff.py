"""Semantic diff: what changed between two versions of a form or workflow, in plain English,
always with the change in burden figures ("saves about 14 practitioner minutes ...") and what each
change means for a vendor (breaking or compatible, by the rules of `forms.compatibility`).

The texts in a form's other languages are compared by `forms.diff_languages`; the burden sentences are
written by `forms.diff_burden`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from forms import compatibility as compat
from forms import diff_languages as languages
from forms import vocabulary as V
from forms.burden import form_burden, workflow_burden
from forms.conditions import describe as describe_condition
from forms.diff_burden import budget_crossing, burden_sentence, path_sentence
from forms.model import Field, Form, Placed, Workflow

# Metadata keys compared one by one, with how to say their name.
_META = (
    ("purpose", "purpose"), ("completed_by", "who completes it"), ("data_category", "data category"),
    ("special_category", "special category"), ("lawful_basis", "lawful basis"),
    ("processing_condition", "Article 9 condition"), ("retention", "retention"),
    ("statutory_item", "statutory return item"), ("hint", "hint"),
)
_VALIDATION = ("max_length", "pattern", "min", "max", "integer", "min_selected", "max_selected",
               "min_label", "max_label", "min_items", "max_items", "expected_items", "estimated_seconds")


@dataclass(frozen=True, slots=True)
class Change:
    """One change: a kind (for programs), what it is about, and a sentence (for people)."""

    kind: str
    text: str
    field: str | None = None
    section: str | None = None
    step: str | None = None
    level: str = ""  # major | minor | patch when it depends on the values; else the kind decides
    language: str | None = None  # the language tag, for a change to one language's texts or to the languages

    @property
    def bump(self) -> str:
        """The version bump this change calls for on its own: major, minor, patch (or none)."""
        return self.level or compat.of_kind(self.kind)

    @property
    def compatibility(self) -> str:
        return compat.compatibility(self.bump)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "text": self.text, "compatibility": self.compatibility}
        for key in ("field", "section", "step", "language"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True, slots=True)
class DiffResult:
    """All changes, the burden before and after, and a one-sentence summary of the burden change."""

    changes: tuple[Change, ...]
    summary: str
    before: Mapping[str, object]
    after: Mapping[str, object]

    @property
    def version_bump(self) -> str:
        """major for any breaking change, minor for an addition, patch for wording only, none for no change."""
        return compat.highest(c.bump for c in self.changes)

    @property
    def compatibility(self) -> str:
        return compat.compatibility(self.version_bump)

    @property
    def compatibility_sentence(self) -> str:
        breaking = sum(1 for c in self.changes if c.compatibility == compat.BREAKING)
        return compat.sentence(self.version_bump, breaking)

    def lines(self) -> list[str]:
        """The report as the command line prints it: each change (breaking ones marked), then the verdicts."""
        out = [f"- {'Breaking: ' if c.compatibility == compat.BREAKING else ''}{c.text}" for c in self.changes]
        return (out or ["No changes."]) + [line for line in (self.summary, self.compatibility_sentence) if line]

    @property
    def touched_fields(self) -> tuple[str, ...]:
        """Field ids a change touches (for grouping competing proposals)."""
        return tuple(sorted({c.field for c in self.changes if c.field}))

    def as_dict(self) -> dict[str, object]:
        return {"changes": [c.as_dict() for c in self.changes], "summary": self.summary,
                "compatibility": self.compatibility, "version_bump": self.version_bump,
                "burden": {"before": dict(self.before), "after": dict(self.after)}}


def diff(old: Form | Workflow, new: Form | Workflow, forms: Mapping[str, Form] | None = None) -> DiffResult:
    """Compare two documents of the same kind (a form with a form, a workflow with a workflow)."""
    if isinstance(old, Form) and isinstance(new, Form):
        return diff_forms(old, new)
    if isinstance(old, Workflow) and isinstance(new, Workflow):
        return diff_workflows(old, new, forms or {})
    change = Change("kind", f"A {old.kind} was replaced by a {new.kind}; they cannot be compared field by field.")
    return DiffResult((change,), "", {}, {})


def _q(text: object) -> str:
    return f"'{text}'"


def _name(f: Field) -> str:
    return _q(f.label or f.id)


# --- forms -----------------------------------------------------------------------------
def diff_forms(old: Form, new: Form) -> DiffResult:
    changes: list[Change] = []
    # The main language's texts are the plain attributes: compare them in one language, and name it
    # when the form has several (other languages' changes come from `forms.diff_languages`).
    said_languages = [Change(**c) for c in languages.language_changes(old, new)]
    old, new = languages.same_main(old, new)
    lang = languages.main_named(old, new)
    for key, what in (("title", "title"), ("purpose", "purpose"), ("owner", "owner"), ("status", "status")):
        a, b = getattr(old, key), getattr(new, key)
        if key in ("title", "purpose"):
            what += lang
        if a != b:
            changes.append(Change(f"form_{key}", f"The form's {what} changes from {_q(a)} to {_q(b)}."
                                  if a and b else f"The form's {what} is now {_q(b)}." if b else
                                  f"The form no longer has an {what}."))
    if old.id != new.id:
        changes.append(Change("form_id", f"The form's id changes from {_q(old.id)} to {_q(new.id)}."))
    if old.version != new.version:
        changes.append(Change("form_version", f"Version {old.version} becomes version {new.version}."))
    changes += said_languages
    changes += _section_changes(old, new, lang)
    changes += _field_changes(old, new, lang)
    changes += [Change(**c) for c in languages.text_changes(old, new)]
    before, after = form_burden(old), form_burden(new)
    return DiffResult(tuple(changes), burden_sentence(before, after), before.as_dict(), after.as_dict())


def _section_changes(old: Form, new: Form, lang: str = "") -> list[Change]:
    out = []
    old_s = {s.id: s for s in old.sections}
    new_s = {s.id: s for s in new.sections}
    for s in new.sections:
        if s.id not in old_s:
            out.append(Change("section_added", f"New section {_q(s.title)} with {len(s.fields)} question(s).",
                              section=s.id))
            continue
        before = old_s[s.id]
        if before.title != s.title:
            out.append(Change("section_title", f"Section {_q(before.title)} is renamed {_q(s.title)}{lang}.",
                              section=s.id))
        if (before.intro or "") != (s.intro or ""):
            text = f"Section {_q(s.title)} " + (f"has new guidance at the top{lang}." if s.intro else
                                                f"no longer has guidance at the top{lang}.")
            out.append(Change("section_intro", text, section=s.id))
    for s in old.sections:
        if s.id not in new_s:
            out.append(Change("section_removed", f"Section {_q(s.title)} is removed.", section=s.id))
    kept_old = [s.id for s in old.sections if s.id in new_s]
    kept_new = [s.id for s in new.sections if s.id in old_s]
    if kept_old != kept_new:
        order = ", ".join(_q(new_s[i].title) for i in kept_new)
        out.append(Change("section_order", f"Sections are reordered: {order}."))
    for s in new.sections:
        if s.id in old_s:
            before = [f.id for f in old_s[s.id].fields]
            after = [f.id for f in s.fields]
            common_before = [i for i in before if i in after]
            common_after = [i for i in after if i in before]
            if common_before != common_after:
                labels = {f.id: f.label for f in s.fields}
                order = ", ".join(_q(labels[i]) for i in common_after)
                out.append(Change("field_order", f"Questions in section {_q(s.title)} are reordered: {order}.",
                                  section=s.id))
    return out


def _field_changes(old: Form, new: Form, lang: str = "") -> list[Change]:
    out: list[Change] = []
    old_f = {p.field.id: p for p in old.walk()}
    new_f = {p.field.id: p for p in new.walk()}
    added = [p for fid, p in new_f.items() if fid not in old_f]
    removed = [p for fid, p in old_f.items() if fid not in new_f]
    # A field whose id changed but whose question did not is a rename, not a removal and an addition.
    renamed: dict[str, str] = {}
    by_question = {(p.field.label, p.field.type): p for p in removed}
    for p in added:
        match = by_question.pop((p.field.label, p.field.type), None)
        if match is not None:
            renamed[p.field.id] = match.field.id
    for p in added:
        if p.field.id in renamed:
            old_id = renamed[p.field.id]
            out.append(Change("field_renamed", f"Question {_name(p.field)} keeps its wording but its id changes "
                                               f"from {_q(old_id)} to {_q(p.field.id)}.", field=p.field.id))
            out += _compare_field(old_f[old_id], p, new, lang)
            continue
        where = f"in the repeating group {_name(p.group)}" if p.group else f"in section {_q(p.section.title)}"
        noun = "guidance" if p.field.type == "guidance" else "question"
        extra = " (required)" if p.field.required else ""
        out.append(Change("field_added", f"New {noun} {_name(p.field)} {where}{extra}.", field=p.field.id,
                          section=p.section.id, level=compat.of_added_field(p.field.required)))
    gone = set(renamed.values())
    for p in removed:
        if p.field.id in gone:
            continue
        noun = "Guidance" if p.field.type == "guidance" else "Question"
        out.append(Change("field_removed", f"{noun} {_name(p.field)} is removed from section "
                                           f"{_q(p.section.title)}.", field=p.field.id, section=p.section.id))
    for fid, p in new_f.items():
        if fid in old_f:
            out += _compare_field(old_f[fid], p, new, lang)
    return out


def _compare_field(before: Placed, after: Placed, new_form: Form, lang: str = "") -> list[Change]:
    a, b = before.field, after.field
    fid = b.id
    name = _name(b)
    out: list[Change] = []

    def add(kind: str, text: str, level: str = "") -> None:
        out.append(Change(kind, text, field=fid, section=after.section.id, level=level))

    if a.label != b.label:
        add("field_label", f"Question {_name(a)} is reworded as {name}{lang}.")
    if a.type != b.type:
        add("field_type", f"{name} now asks you to {_asks(b)} (until now: {_asks(a)}).",
            compat.of_type(a.type, b.type))
    if a.required != b.required:
        add("field_required", f"{name} will now be required." if b.required else
            f"{name} will no longer be required.", compat.of_required(bool(b.required)))
    if before.section.id != after.section.id:
        add("field_moved", f"{name} moves from section {_q(before.section.title)} to {_q(after.section.title)}.")
    if (before.group.id if before.group else None) != (after.group.id if after.group else None):
        add("field_moved", f"{name} moves " + (f"into the repeating group {_name(after.group)}." if after.group
                                               else "out of its repeating group."))
    if a.show_if != b.show_if:
        level = compat.of_condition(bool(b.required), a.show_if, b.show_if)
        if b.show_if is None:
            add("field_condition", f"{name} will always be shown.", level)
        else:
            text = describe_condition(b.show_if, new_form)
            add("field_condition", f"{name} will only be shown when {text}." if a.show_if is None else
                f"{name} will now be shown when {text}.", level)
    for key, what in _META:
        x, y = getattr(a, key), getattr(b, key)
        if key == "hint":
            what += lang
        if x != y:
            if key == "completed_by":
                add("field_completed_by", f"{name} no longer says who fills it in." if y is None else
                    f"{name} will be filled in by {_who(y)}" + (f" (until now: {_who(x)})." if x else "."))
            elif y is None:
                add(f"field_{key}", f"{name} no longer has a {what}.")
            else:
                add(f"field_{key}", f"{name}: {what} changes from {_say(x)} to {_say(y)}."
                    if x is not None else f"{name}: {what} is now {_say(y)}.")
    if a.own_words != b.own_words:
        add("field_own_words", f"{name} will be recorded in the person's own words." if b.own_words else
            f"{name} will no longer be recorded in the person's own words.")
    if a.visible_to_person != b.visible_to_person:
        add("field_visible_to_person", f"The person will be able to see {name} in their record."
            if b.visible_to_person else f"The person will no longer see {name} in their record.")
    if a.shared_with != b.shared_with:
        gained = [x for x in b.shared_with if x not in a.shared_with]
        lost = [x for x in a.shared_with if x not in b.shared_with]
        parts = ([f"now shared with {', '.join(gained)}"] if gained else []) + \
                ([f"no longer shared with {', '.join(lost)}"] if lost else [])
        add("field_shared_with", f"{name} is {' and '.join(parts) or 'shared in a different order'}.")
    if a.consent_agencies != b.consent_agencies:
        asked = [x for x in b.consent_agencies if x not in a.consent_agencies]
        not_asked = [x for x in a.consent_agencies if x not in b.consent_agencies and x in b.shared_with]
        parts = ([f"the person will be asked before it is shared with {', '.join(asked)}"] if asked else []) + \
                ([f"the person will no longer be asked before it is shared with {', '.join(not_asked)}"]
                 if not_asked else [])
        if parts:
            add("field_shared_with", f"{name}: {' and '.join(parts)}.")
    if _plain_options(a) != _plain_options(b):
        out += [Change("field_options", t, field=fid, section=after.section.id, level=level)
                for t, level in _option_changes(a, b, lang)]
    changed = [k for k in _VALIDATION if getattr(a, k) != getattr(b, k)]
    if changed:
        details = ", ".join(f"{k.replace('_', ' ')}{lang if k in ('min_label', 'max_label') else ''} "
                            f"{_say(getattr(a, k))} → {_say(getattr(b, k))}" for k in changed)
        add("field_validation", f"{name}: {details}.",
            compat.of_limits([(k, getattr(a, k), getattr(b, k)) for k in changed]))
    return out


def _asks(f: Field) -> str:
    n = len(f.options)
    return V.ASKS_YOU_TO[f.type].format(n=V.NUMBER_WORDS[n] if n < len(V.NUMBER_WORDS) else n)


def _who(role: str) -> str:
    return V.WHO_FILLS.get(role, _say(role))


def _say(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _q(str(value).replace("_", " ")) if isinstance(value, str) else str(value)


def _plain_options(f: Field) -> tuple[tuple[object, ...], ...]:
    """The options as the main language has them: a translation changed alone is told by `forms.diff_languages`."""
    return tuple((o.value, o.label, o.code_system, o.code) for o in f.options)


def _option_changes(a: Field, b: Field, lang: str = "") -> list[tuple[str, str]]:
    old = {o.value: o for o in a.options}
    new = {o.value: o for o in b.options}
    name = _name(b)
    out = []
    added = [o.label for v, o in new.items() if v not in old]
    removed = [o.label for v, o in old.items() if v not in new]
    relabelled = [(old[v].label, o.label) for v, o in new.items() if v in old and old[v].label != o.label]
    if added:
        out.append((f"{name} gains the option(s) {', '.join(_q(x) for x in added)}.", compat.MINOR))
    if removed:
        out.append((f"{name} loses the option(s) {', '.join(_q(x) for x in removed)}.", compat.MAJOR))
    for x, y in relabelled:
        out.append((f"{name}: option {_q(x)} is now worded {_q(y)}{lang}.", compat.PATCH))
    # A new statutory code changes what the return reports for answers already held.
    recoded = [o for v, o in new.items() if v in old and old[v].coding() != o.coding()]
    for o in recoded:
        system, code = o.coding()
        where = f"code {_q(code)} in {system}" if system else "no statutory code"
        out.append((f"{name}: option {_q(o.label)} now has {where}.", compat.MAJOR))
    if not (added or removed or relabelled or recoded):
        out.append((f"{name}: the options are reordered.", compat.PATCH))
    return out


# --- workflows -------------------------------------------------------------------------
def diff_workflows(old: Workflow, new: Workflow, forms: Mapping[str, Form]) -> DiffResult:
    out: list[Change] = []
    for key in ("title", "purpose", "start", "status", "owner", "version"):
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            out.append(Change(f"workflow_{key}", f"The workflow's {key} changes from {_say(a)} to {_say(b)}."))
    old_s, new_s = old.step_map(), new.step_map()
    for sid, s in new_s.items():
        if sid not in old_s:
            out.append(Change("step_added", f"New step {_q(s.title)}" + (f" for the {s.actor.replace('_', ' ')}"
                                                                          if s.actor else "") + ".", step=sid))
            continue
        a = old_s[sid]
        name = _q(s.title)
        if a.title != s.title:
            out.append(Change("step_title", f"Step {_q(a.title)} is renamed {name}.", step=sid))
        if a.actor != s.actor:
            out.append(Change("step_actor", f"{name} is now done by {_say(s.actor)} instead of {_say(a.actor)}.",
                              step=sid))
        if a.form != s.form:
            out.append(Change("step_form", f"{name} now uses the form {_say(s.form)} instead of {_say(a.form)}.",
                              step=sid))
        if a.time_limit != s.time_limit:
            limit = s.time_limit.describe() if s.time_limit else "no time limit"
            was = a.time_limit.describe() if a.time_limit else "no time limit"
            if limit != was:
                out.append(Change("step_time_limit", f"{name} now has {limit} (was {was}).", step=sid))
            for key, what in (("starts", "clock now starts when"), ("if_missed", "time running out now means")):
                before = getattr(a.time_limit, key) if a.time_limit else None
                after = getattr(s.time_limit, key) if s.time_limit else None
                if before != after and (after or before):
                    out.append(Change("step_time_limit", f"{name}: the {what} {_say(after)} (was {_say(before)}).",
                                      step=sid))
        if a.end != s.end:
            out.append(Change("step_end", f"{name} is {'now' if s.end else 'no longer'} an end of the workflow.",
                              step=sid))
        old_next = {t.to: t for t in a.next}
        new_next = {t.to: t for t in s.next}
        for to in [t for t in new_next if t not in old_next]:
            out.append(Change("step_next", f"{name} can now lead to {_q(to)}.", step=sid))
        for to in [t for t in old_next if t not in new_next]:
            out.append(Change("step_next", f"{name} no longer leads to {_q(to)}.", step=sid, level=compat.MAJOR))
        for to in [t for t in new_next if t in old_next]:
            if old_next[to].when != new_next[to].when:
                out.append(Change("step_next", f"{name} now leads to {_q(to)} when {_say(new_next[to].when)} "
                                               f"(was {_say(old_next[to].when)}).", step=sid))
            before, after = old_next[to], new_next[to]
            if (before.condition, before.answers_of) != (after.condition, after.answers_of):
                # A changed rule re-routes cases in systems built on it; a first rule only adds precision.
                said = describe_condition(after.condition) if after.condition else "no condition"
                out.append(Change("step_next", f"{name} now leads to {_q(to)} if {said} (the condition changed).",
                                  step=sid, level=compat.MINOR if before.condition is None else compat.MAJOR))
        if a.description != s.description:
            out.append(Change("step_description", f"{name} has a new description.", step=sid))
    for sid, s in old_s.items():
        if sid not in new_s:
            out.append(Change("step_removed", f"Step {_q(s.title)} is removed.", step=sid))
    before, after = workflow_burden(old, forms), workflow_burden(new, forms)
    summary = path_sentence(before.longest_path, after.longest_path)
    crossing = budget_crossing(before.over_budget, after.over_budget,
                               after.budget_minutes or before.budget_minutes, "workflow")
    if crossing:
        summary += f" It {crossing} along its heaviest path."
    return DiffResult(tuple(sorted(out, key=lambda c: (c.step or "", c.kind))), summary,
                      before.as_dict(), after.as_dict())
