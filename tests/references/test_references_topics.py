"""Every numeric exercise we ship or specify evaluates safely and agrees with its answer.

Sources: the content spec ../shared/topics.md (when the shared folder is beside the
repository) and the bundled decks in content/. Parameterised exercises must give finite
references for 20 seeded draws.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import sympy

from studyapp.checking.reading import parse_answer
from studyapp.content.loader import load_content
from studyapp.content.model import Exercise, ExerciseKind
from studyapp.references import (
    answer_value,
    draw_params,
    evaluate_reference,
    reference_problems,
)

REPO = Path(__file__).resolve().parents[2]
TOPICS = REPO.parent / "shared" / "topics.md"
BUNDLED = REPO / "content"
DRAWS = 20


def numeric_exercises(*folders: Path) -> list[Exercise]:
    content = load_content(list(folders))
    return [
        item
        for item in content.items()
        if isinstance(item, Exercise) and item.kind is ExerciseKind.NUMERIC
    ]


@pytest.fixture(scope="module")
def spec_exercises(tmp_path_factory: pytest.TempPathFactory) -> list[Exercise]:
    if not TOPICS.is_file():
        pytest.skip("../shared/topics.md is not beside the repository")
    folder = tmp_path_factory.mktemp("spec")
    shutil.copy(TOPICS, folder / "topics.md")
    exercises = numeric_exercises(folder)
    assert len(exercises) >= 100
    return exercises


@pytest.fixture(scope="module")
def bundled_exercises() -> list[Exercise]:
    exercises = numeric_exercises(BUNDLED)
    if not exercises:
        pytest.skip("no bundled numeric exercises yet")
    return exercises


def problems_of(exercises: list[Exercise]) -> list[str]:
    return [problem for exercise in exercises for problem in reference_problems(exercise)]


def draw_failures(exercises: list[Exercise]) -> list[str]:
    failures = []
    for exercise in (e for e in exercises if e.parameterised):
        for seed in range(DRAWS):
            value = evaluate_reference(exercise, draw_params(exercise, seed))
            if not math.isfinite(value):
                failures.append(f"{exercise.id} seed {seed}: {value}")
    return failures


def test_every_spec_answer_matches_its_reference(spec_exercises: list[Exercise]) -> None:
    assert problems_of(spec_exercises) == []


def test_every_spec_reference_agrees_to_1e9(spec_exercises: list[Exercise]) -> None:
    for exercise in spec_exercises:
        assert evaluate_reference(exercise) == pytest.approx(answer_value(exercise), rel=1e-9)


def test_spec_parameterised_exercises_draw_finite_references(
    spec_exercises: list[Exercise],
) -> None:
    assert sum(e.parameterised for e in spec_exercises) >= 30
    assert draw_failures(spec_exercises) == []


def test_every_bundled_answer_matches_its_reference(bundled_exercises: list[Exercise]) -> None:
    assert problems_of(bundled_exercises) == []


def test_bundled_parameterised_exercises_draw_finite_references(
    bundled_exercises: list[Exercise],
) -> None:
    assert draw_failures(bundled_exercises) == []


def test_answers_read_the_same_as_the_answer_parser_reads_them(
    spec_exercises: list[Exercise],
) -> None:
    # answer_value evaluates closed forms itself (floats, no sympy); the learner's typed
    # answer goes through parse_answer. Both readings of every answer must agree.
    for exercise in spec_exercises:
        parsed = float(sympy.N(parse_answer(exercise.answer).expr, 30))
        assert answer_value(exercise) == pytest.approx(parsed, rel=1e-12), exercise.id
