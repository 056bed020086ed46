"""Answers as learners type them, graded through the sandboxed API the TUI calls.

The cases live in ``typed_answers.txt`` (format described at its top): for a wide sample
of the bundled exercises, equivalent forms in many notations, common wrong answers and
malformed input, each with the verdict a careful tutor gives. Hostile input is generated
here and tried on a few exercises of each kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from studyapp.checking import GradeResult
from studyapp.checking.exercises import grade_exercise
from studyapp.content.loader import load_content
from studyapp.content.model import Exercise

CORPUS = Path(__file__).with_name("typed_answers.txt")
CONTENT = Path(__file__).resolve().parents[3] / "content"
VERDICTS = {"correct": "correct", "wrong": "incorrect", "invalid": "invalid"}
FEEDBACK_MARK = "  =>"


@dataclass(frozen=True)
class Case:
    exercise_id: str
    verdict: str
    answer: str
    feedback: str | None
    line: int


def read_corpus(path: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    exercise_id = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            exercise_id = line[1:-1]
            continue
        word, _, rest = line.partition(": ")
        if word not in VERDICTS or not exercise_id:
            raise ValueError(f"{path.name}:{number}: expected `correct|wrong|invalid: answer`")
        answer, _, feedback = rest.partition(FEEDBACK_MARK)
        cases.append(Case(exercise_id, VERDICTS[word], answer, feedback.strip() or None, number))
    return cases


CASES = read_corpus()
EXERCISES = {
    item.id: item for item in load_content([CONTENT]).items() if isinstance(item, Exercise)
}


def feedback_text(result: GradeResult) -> str:
    """Everything the learner is shown about the answer: verdict message, notes, preview."""
    notes = result.details.get("notes", [])
    return " | ".join([result.message, result.interpreted or "", *notes])


def test_the_corpus_is_wide() -> None:
    exercise_ids = {case.exercise_id for case in CASES}
    kinds = {str(EXERCISES[i].kind) for i in exercise_ids}
    decks = {EXERCISES[i].deck_id for i in exercise_ids}
    assert len(exercise_ids) >= 60 and kinds == {"symbolic", "numeric"}
    assert decks == {exercise.deck_id for exercise in EXERCISES.values()}
    assert all(sum(c.exercise_id == i for c in CASES) >= 9 for i in exercise_ids)


BY_EXERCISE = {
    i: [c for c in CASES if c.exercise_id == i] for i in dict.fromkeys(c.exercise_id for c in CASES)
}


@pytest.mark.parametrize("exercise_id", BY_EXERCISE)
def test_typed_answers_get_the_tutors_verdict(exercise_id: str) -> None:
    """One test per exercise (the corpus has over a thousand answers): every mismatch listed."""
    mismatches = []
    for case in BY_EXERCISE[exercise_id]:
        result = grade_exercise(EXERCISES[exercise_id], case.answer)
        shown = feedback_text(result)
        if result.verdict != case.verdict or (case.feedback and case.feedback not in shown):
            mismatches.append(f"line {case.line}: {case.answer!r} {result.verdict}: {shown}")
    assert not mismatches, "\n".join(mismatches)


HOSTILE = [
    "",
    "   ",
    "=",
    "idk",
    "?",
    "()",
    "((",
    "x" * 10_000,
    "131072 bytes " + "and so on " * 1000,
    "(" * 1000 + "1" + ")" * 1000,
    "-" * 5000 + "1",
    "__import__('os').system('true')",
    "().__class__.__bases__[0]",
    "lambda: 1",
    "exec('1')",
    "9**9**9**9",
    "1e999999",
    "factorial(10**100)",
    "\x00\x01",
    "1 +* 2",
]
HOSTILE_ON = [
    "adaboost-alpha",
    "dpo-loss",
    "xgb-leaf-weight",
    "llama3-8b-kv-token",
    "hallucination-factscore",
    "llama-65b-days",
]


@pytest.mark.parametrize("exercise_id", HOSTILE_ON)
@pytest.mark.parametrize("answer", HOSTILE, ids=lambda answer: repr(answer[:20]))
def test_hostile_input_is_invalid_with_a_message(exercise_id: str, answer: str) -> None:
    result = grade_exercise(EXERCISES[exercise_id], answer)
    assert result.verdict == "invalid"
    assert result.message
