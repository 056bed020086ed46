"""What a derivation check returns: a status per line, the first wrong step, a verdict.

Line statuses:

* ``given``: a premise or a definition (``L = ...``); not checked.
* ``ok``: follows from the lines before it; ``relation`` says how (``equal``,
  ``diff a``, ``integrate a``, ``stationary a``, ``equivalent a``, ``coefficients x``,
  ``identity``, ``subs 3 into 1``, ``limit n oo``).
* ``implies``: follows from the previous equation but is not equivalent to it: it gains
  solutions (e.g. after squaring both sides).
* ``implied-by``: implies the previous equation but loses solutions (e.g. after dividing
  by something that may be zero).
* ``wrong``: does not follow; the message says how it differs from what would follow.
* ``unreadable``: the line could not be parsed; the message says why.
* ``undecided``: could not be confirmed either way (e.g. undefined on the domain).

Every status except ``given`` and ``ok`` breaks the chain of equivalences, so the first
such line is ``first_wrong_step`` (a 0-based index into ``steps``). Blank lines get no
result, so each step also carries ``line``: its 1-based number as the learner sees it (the
editor row, the steps file line); every message counts lines that way, and
``first_wrong_line`` is the first wrong step's ``line``. The verdict is ``invalid`` when some line is
unreadable or the input as a whole cannot be checked (too long, too slow), ``correct``
when every line is given or ok and the last line reaches the goal, else ``incorrect``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from studyapp.checking.verdict import CheckResult, Failure, Verdict


class StepStatus(StrEnum):
    GIVEN = "given"
    OK = "ok"
    IMPLIES = "implies"
    IMPLIED_BY = "implied-by"
    WRONG = "wrong"
    UNREADABLE = "unreadable"
    UNDECIDED = "undecided"


GOOD = frozenset({StepStatus.GIVEN, StepStatus.OK})


@dataclass(frozen=True)
class StepResult:
    status: StepStatus
    message: str
    relation: str | None = None
    interpreted: str | None = None  # how the line was read (None: unreadable)
    line: int | None = None  # 1-based, counting blank lines, as the learner sees it

    @property
    def good(self) -> bool:
        return self.status in GOOD

    def to_dict(self) -> dict:
        return {
            "status": str(self.status),
            "message": self.message,
            "relation": self.relation,
            "interpreted": self.interpreted,
            "line": self.line,
        }


@dataclass(frozen=True)
class DerivationResult(CheckResult):
    verdict: Verdict  # never undecided: a line that cannot be decided breaks the chain
    first_wrong_step: int | None  # 0-based index into steps of the first that breaks the chain
    steps: tuple[StepResult, ...] = ()
    goal_reached: bool | None = None  # None when no goal was given or not checked
    message: str = ""

    @property
    def first_wrong_line(self) -> int | None:
        """The learner's 1-based line number of ``first_wrong_step``."""
        if self.first_wrong_step is None or self.first_wrong_step >= len(self.steps):
            return None
        return self.steps[self.first_wrong_step].line

    def to_dict(self) -> dict:
        data = asdict(self)
        data["steps"] = [step.to_dict() for step in self.steps]
        data["first_wrong_line"] = self.first_wrong_line
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DerivationResult:
        steps = tuple(
            StepResult(
                StepStatus(s["status"]), s["message"], s.get("relation"), s.get("interpreted"),
                s.get("line"),
            )
            for s in data.get("steps", ())
        )
        return cls(
            Verdict(data["verdict"]), data.get("first_wrong_step"), steps, data.get("goal_reached"),
            data.get("message", ""),
        )

    @classmethod
    def invalid(cls, message: str) -> DerivationResult:
        return cls(Verdict.INVALID, None, (), None, message)

    @classmethod
    def from_failure(cls, failure: Failure) -> DerivationResult:
        return cls(failure.verdict, None, (), None, failure.message)


def conclude(steps: list[StepResult], goal: tuple[bool, str] | None) -> DerivationResult:
    """The verdict and summary message for these line results and the goal check."""
    first = next((i for i, step in enumerate(steps) if not step.good), None)
    reached = None if goal is None else goal[0]
    unreadable = next((i for i, s in enumerate(steps) if s.status is StepStatus.UNREADABLE), None)
    if unreadable is not None:
        verdict = Verdict.INVALID
        message = f"line {_number(steps, unreadable)} could not be read: {steps[unreadable].message}"
    elif first is not None:
        verdict = Verdict.INCORRECT
        message = _breaks(_number(steps, first), steps[first])
    elif reached is False:
        verdict = Verdict.INCORRECT
        message = goal[1]
    else:
        verdict = Verdict.CORRECT
        message = "every line follows" + (" and the goal is reached" if reached else "")
    return DerivationResult(verdict, first, tuple(steps), reached, message)


def _number(steps: list[StepResult], index: int) -> int:
    return steps[index].line or index + 1


_BREAKS = {
    StepStatus.WRONG: "does not follow",
    StepStatus.IMPLIES: "is not equivalent to what came before",
    StepStatus.IMPLIED_BY: "is not equivalent to what came before",
}


def _breaks(number: int, step: StepResult) -> str:
    """``line 4 does not follow: …``, saying the status once when the message says it too."""
    message = step.message
    if message.startswith(("does not follow", "follows from")):
        return f"line {number} {message}"
    if message.startswith("not equivalent"):
        return f"line {number} is {message}"
    return f"line {number} {_BREAKS.get(step.status, 'could not be confirmed')}: {message}"
