"""Reading a workflow for `forms.schema`: its steps, their transitions and time limits."""

from __future__ import annotations

from forms import vocabulary as V
from forms.errors import Code, shown
from forms.model import Step, TimeLimit, Transition, Workflow
from forms.reader import LocList, LocMap
from forms.schema_field_keys import FieldKeyReader
from forms.schema_values import kind_of
from forms.suggest import closest


class WorkflowReader(FieldKeyReader):
    """Workflows, steps and time limits."""

    __slots__ = ()

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
            self.report(Code.WORKFLOW_TIME_LIMIT, at, step=sid, problem=f"is {kind_of(value)}, not a mapping")
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
                        problem=f"'{units[0]}' must be a positive number, not {kind_of(amount)}")
            return None
        words: dict[str, str | None] = {}
        for key, what in V.TIME_LIMIT_TEXT.items():
            text = value.get(key)
            if text is not None and (isinstance(text, (bool, LocMap, LocList)) or not str(text).strip()):
                self.report(Code.WORKFLOW_TIME_LIMIT_TEXT, value.value_at(key), step=sid, key=key,
                            found=kind_of(text) if str(text).strip() else "empty text", what=what,
                            example=V.TIME_LIMIT_EXAMPLES[key])
                text = None
            words[key] = None if text is None else str(text)
        return TimeLimit(units[0], amount, **words)
