"""What a change means for a vendor: breaking or compatible, and the version bump it calls for.

A change is *breaking* when records or systems built on the old version need work: a field or
section removed, an id changed, a type changed (short text → long text is the one widening that
is not), an option value removed, a field made required (or a new required field), validation
tightened, a field moved between sections or in or out of a repeating group (its path in an XForm
or a FHIR group changes). Everything else is *compatible*: `minor` when something is added or
loosened or the data-protection facts change, `patch` for wording only. The rules are written
out in docs/format.md ("Compatibility and version bumps"); this module is their one home.
"""

from __future__ import annotations

MAJOR, MINOR, PATCH, NONE = "major", "minor", "patch", "none"
BREAKING, COMPATIBLE = "breaking", "compatible"
_RANK = {NONE: 0, PATCH: 1, MINOR: 2, MAJOR: 3}

# Kinds of change whose level never depends on the values (the rest are decided below).
FIXED = {
    "form_title": PATCH, "form_purpose": PATCH, "form_owner": PATCH, "form_status": PATCH, "form_id": MAJOR,
    "form_version": NONE, "kind": MAJOR,
    "section_added": MINOR, "section_removed": MAJOR, "section_title": PATCH, "section_intro": PATCH,
    "section_order": PATCH, "field_order": PATCH,
    "field_removed": MAJOR, "field_renamed": MAJOR, "field_moved": MAJOR, "field_label": PATCH,
    "field_hint": PATCH, "field_own_words": MINOR, "field_visible_to_person": MINOR, "field_shared_with": MINOR,
    # Data-protection facts change what a vendor must do with the data, not the shape of a record.
    "field_purpose": MINOR, "field_completed_by": MINOR, "field_data_category": MINOR,
    "field_special_category": MINOR, "field_lawful_basis": MINOR, "field_processing_condition": MINOR,
    "field_retention": MINOR, "field_statutory_item": MINOR,
    "workflow_title": PATCH, "workflow_purpose": PATCH, "workflow_status": PATCH, "workflow_owner": PATCH,
    "workflow_version": NONE, "workflow_start": MAJOR,
    "step_added": MINOR, "step_removed": MAJOR, "step_title": PATCH, "step_description": PATCH,
    "step_actor": MINOR, "step_form": MAJOR, "step_time_limit": MINOR, "step_end": MINOR,
    # Languages: a record is the same in every language, so only what systems show changes.
    "form_languages": MINOR, "translation": PATCH,
}

# For each limit: +1 when a larger value is stricter, -1 when a smaller one is; 0 when it only words or
# estimates something. A limit appearing (None → value) is stricter; disappearing is looser.
_LIMITS = {"max_length": -1, "pattern": 1, "min": 1, "max": -1, "integer": 1, "min_selected": 1,
           "max_selected": -1, "min_items": 1, "max_items": -1, "min_label": 0, "max_label": 0,
           "expected_items": 0, "estimated_seconds": 0}


def of_kind(kind: str) -> str:
    """The level of a change whose level depends only on its kind (unknown kinds count as minor)."""
    return FIXED.get(kind, MINOR)


def of_type(old: str, new: str) -> str:
    return MINOR if (old, new) == ("short_text", "long_text") else MAJOR


def of_required(now_required: bool) -> str:
    return MAJOR if now_required else MINOR


def of_added_field(required: bool) -> str:
    """A new optional field is an addition; a new required one makes every earlier record incomplete."""
    return MAJOR if required else MINOR


def of_condition(required: bool, old_condition: object, new_condition: object) -> str:
    """A condition decides when a required answer is required: narrowing that is compatible, anything else not."""
    if not required:
        return MINOR
    return MINOR if old_condition is None and new_condition is not None else MAJOR


def of_limit(key: str, old: object, new: object) -> str:
    """Tightened validation is breaking (answers that were valid may no longer be); loosened is minor."""
    direction = _LIMITS.get(key, 1)
    if direction == 0:
        return PATCH
    if old is None or new is None:
        return MAJOR if old is None else MINOR
    if key == "pattern":
        return MAJOR  # two patterns cannot be compared in general: a changed pattern may refuse old answers
    if key == "integer":
        return MAJOR if new and not old else MINOR
    try:
        stricter = (new > old) if direction > 0 else (new < old)  # type: ignore[operator]
    except TypeError:
        return MAJOR
    return MAJOR if stricter else MINOR


def of_limits(changes: list[tuple[str, object, object]]) -> str:
    return highest(of_limit(key, old, new) for key, old, new in changes)


def highest(levels) -> str:
    """The largest level among LEVELS (NONE for none)."""
    return max(levels, key=_RANK.__getitem__, default=NONE)


def compatibility(level: str) -> str:
    return BREAKING if level == MAJOR else COMPATIBLE


def sentence(level: str, breaking: int) -> str:
    """The verdict for a vendor in words, with the version bump it calls for."""
    if level == MAJOR:
        return (f"Breaking for systems built on the old version: {breaking} change{'s' if breaking != 1 else ''} "
                "marked 'Breaking' need work in records or systems (a major version).")
    if level == MINOR:
        return ("Compatible: records and systems built on the old version keep working; something was added or "
                "loosened (a minor version).")
    if level == PATCH:
        return "Compatible: only wording or order changes (a patch version)."
    return ""
