"""The verdict on an exercise that names an answer test (``test: sigfigs 3``, ``factored``).

The exercise is graded as usual (equivalence or the numeric tolerance, with its declared
wrong answers and diagnoses) and by its test, and the two results are combined:

* a declared wrong answer keeps its own feedback, whatever the test says;
* the test decides the verdict; a test that looks only at how the answer is written
  (``expanded``, ``lowest-terms``, ...) also needs the usual comparison to pass;
* an answer of the right value in the wrong form or precision is ``incorrect`` with the
  test's message and mistake ``precision`` or ``form``, or with the feedback of a declared wrong answer
  written in that same form (``wrong: x*(2*x - 6) | a factor 2 is left in the bracket``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from studyapp.checking.verdict import GradeResult, Verdict
from studyapp.content.answer_test_spec import FORM_ONLY_TESTS, PRECISION_TESTS, read_test
from studyapp.content.model import WrongAnswer

# tests that first want the answer equivalent: when it is not, the usual grading says why
_EQUIVALENCE_FIRST = (
    "same-form",
    "identical",
    "factored",
    "single-fraction",
    "partial-fractions",
    "completed-square",
)
# runs a named answer test on the typed text: (test, expected text) → result
RunTest = Callable[[str, str], GradeResult]


def combine(
    test: str, expected: str, usual: GradeResult, wrong_answers: Sequence[WrongAnswer], run: RunTest
) -> GradeResult:
    """One verdict from the usual grading and ``test`` against ``expected`` (see above)."""
    if usual.mistake == "declared":
        return usual
    name, _ = read_test(test)
    if name in FORM_ONLY_TESTS and usual.verdict != Verdict.CORRECT:
        return usual
    tested = run(test, expected)
    result = GradeResult(
        tested.verdict,
        tested.message or tested.verdict,
        interpreted=tested.interpreted or usual.interpreted,
        expected=usual.expected,
        mistake=tested.mistake,
        details={**usual.details, **tested.details, "test": test},
    )
    if usual.verdict == Verdict.CORRECT and result.verdict == Verdict.INCORRECT:
        result.mistake = "precision" if name in PRECISION_TESTS else "form"
        result.retry_allowed = name in PRECISION_TESTS
        declared = _declared_form(wrong_answers, run)
        if declared is not None:
            result.mistake, result.message = "declared", declared
    elif result.verdict == usual.verdict == Verdict.INCORRECT and name in _EQUIVALENCE_FIRST:
        result.mistake, result.message = usual.mistake, usual.message  # the sharper diagnosis
    return result


def _declared_form(wrong_answers: Sequence[WrongAnswer], run: RunTest) -> str | None:
    """The message of a declared wrong answer that the typed answer writes in the same form."""
    for wrong in wrong_answers:
        if run("same-form", wrong.expression).verdict == Verdict.CORRECT:
            return wrong.message
    return None
