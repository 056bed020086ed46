"""Numeric exercises declare common wrong numbers with feedback, as symbolic ones do."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.checking.exercises.judge import grade_exercise_here
from studyapp.content.loader import load_content

BUNDLED = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def items() -> dict:
    return load_content([BUNDLED / "boosting"]).by_id()


def test_an_unweighted_vote_is_named_not_just_a_sign_error(items) -> None:
    result = grade_exercise_here(items["adaboost-final-vote"], "+1")
    assert result.mistake == "declared"
    assert "unweighted majority" in result.message


@pytest.mark.parametrize(
    "item_id, raw", [("adaboost-round-uniform", "0.1528"), ("adaboost-round-weighted", "0.2")]
)
def test_a_weight_before_normalisation_is_named(items, item_id: str, raw: str) -> None:
    result = grade_exercise_here(items[item_id], raw)
    assert result.mistake == "declared"
    assert "before normalisation" in result.message
