"""Refusals: the one exception every workshop action raises, with catalog issues that say what, where and how to fix it.

Plain Python with no database: the pure rules (`workshops.voting`), the queries and the service all
refuse the same way, and the command line and the studio catch this one type.
"""

from __future__ import annotations

from forms.errors import Code, Issue


class WorkshopError(Exception):
    """An action was refused; `issues` say what, where and how to fix it."""

    keep_writes = False  # True when what was written must be kept although the action failed

    def __init__(self, *issues: Issue) -> None:
        super().__init__("; ".join(i.sentence() for i in issues))
        self.issues = issues


class WrongJoinCode(WorkshopError):
    """A join code that opens nothing; the failed attempt is kept, so guessing can be limited."""

    keep_writes = True


def refuse(code: Code, where: str = "", **facts: object) -> WorkshopError:
    """One catalog issue as a refusal, located at the argument or option WHERE names."""
    return WorkshopError(code.issue(where, 0, 0, **facts))
