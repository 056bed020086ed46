"""A typed answer to an exercise, read the way the grader reads it (and the preview shows it).

Symbolic answers are read strictly over the exercise's variables, and a leading name
(``alpha = …``, ``f(x) = …``, ``dh_T/dh_0 = …``, ``E[θ] = …``) is dropped where an expression is asked.
Numeric answers are separated from their unit, words and working (:mod:`quantity`) and
read as arithmetic on numbers only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from studyapp.checking.reading.latex.plain import as_plain
from studyapp.checking.reading.parse import FunctionLike, ParsedAnswer, parse_answer
from studyapp.checking.reading.quantity import read_quantity
from studyapp.checking.reading.structure import balanced
from studyapp.content.model import Exercise, ExerciseKind

# a name (w, α, F_0, w*, w', w_new, LaTeX's \alpha and d_{in}), a call (f(x)) or a
# derivative (dh_T/dh_0) before `=`
_NAMED_VALUE = re.compile(
    r"^\s*((?:d[^\W\d]\w*/d)?\\?[^\W\d]\w*(?:_\{\w+\})?['*]?)\s*(?:\([^()=]*\))?\s*=(?!=)(.+)$",
    re.DOTALL,
)
_ASSIGNMENT = re.compile(r":=|←|⟵|<-(?=\s)")
# any other short label before `=` (E[θ], log p(x), ∂L/∂s, d/ds, ∫σ(x)dx): letters, brackets,
# primes and the marks of a derivative or an integral, but no arithmetic
_LABEL = re.compile(r"^\s*(?:[^\W\d]|[∂∫\\])[\w\s\[\](){}'′*/∂∫\\^]{0,30}$")


@dataclass(frozen=True)
class Reading:
    parsed: ParsedAnswer
    text: str  # the formula that was parsed (a numeric answer without its unit and words)
    notes: tuple[str, ...]  # how the answer was read, for the learner
    scale: Fraction = Fraction(1)  # numeric answers: the factor to the exercise's unit
    unit: str = ""  # numeric answers: the unit typed after the number

    @property
    def shown(self) -> str:
        """How the answer was read, in one line (``128 KiB``, ``½·ln((1 − e)/e)``)."""
        return f"{self.parsed.interpreted} {self.unit}".rstrip()


def named_value(answer: str, expression_expected: bool) -> tuple[str, str | None]:
    """``alpha = ½·log(…)`` where an expression is expected: the right-hand side, and the name.

    Learners often name what they give (``w = w - eta*g``, ``f(x) = …``); the name itself
    carries no information for an expression question.
    """
    if not expression_expected:
        return answer, None
    typed = answer
    answer = _ASSIGNMENT.sub("=", answer, count=1)  # w := …, w ← …: an update's new value
    match = _NAMED_VALUE.match(answer)
    if match is not None and "=" not in match.group(2):
        return match.group(2), answer[: answer.index("=")].strip()
    label, equals, value = answer.partition("=")
    # one `=`, not `==` or `=>`, and not inside the label (\sum_{k=1}^n k)
    one_value = equals and value.strip() and "=" not in value and value[:1] not in "<>"
    if one_value and _LABEL.match(label) and balanced(label):
        return value, label.strip()
    return typed, None


def name_note(named: str) -> str:
    return f"graded the right-hand side of `{named} = …`"


def read_numeric(answer: str, unit: str | None) -> Reading:
    """A number, or arithmetic on numbers, with what surrounds it. Raises InvalidAnswer."""
    quantity = read_quantity(as_plain(answer), unit)
    parsed = parse_answer(quantity.text, names=(), strict=True)
    notes = (*parsed.notes, *quantity.notes)
    return Reading(parsed, quantity.text, notes, quantity.scale, quantity.unit)


def read_symbolic(
    answer: str, names: Iterable[str], functions: Iterable[FunctionLike], expression: bool = True
) -> Reading:
    """A formula over the declared ``names``. Raises InvalidAnswer."""
    text, named = named_value(answer, expression)
    parsed = parse_answer(text, names=list(names), functions=list(functions), strict=True)
    notes = parsed.notes if named is None else (*parsed.notes, name_note(named))
    return Reading(parsed, text, notes)


def read_exercise_answer(exercise: Exercise, answer: str) -> Reading:
    """What the grader will read in ``answer`` to ``exercise`` (for a live preview)."""
    if exercise.kind == ExerciseKind.NUMERIC:
        return read_numeric(answer, exercise.unit)
    names = [v.name for v in exercise.variables]
    return read_symbolic(answer, names, exercise.functions, "=" not in exercise.answer)
