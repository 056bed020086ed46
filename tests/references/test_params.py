"""Parameterised exercises: seeded draws and prompts that show the drawn numbers."""

from __future__ import annotations

import pytest

from studyapp.content.model import Exercise, ExerciseKind, SourceRef, Variation
from studyapp.references import InvalidReference, draw_params, render_prompt
from studyapp.references.params import format_value


def exercise(
    prompt: str,
    givens: dict[str, str],
    varies: list[Variation],
    reference: str = "0",
    exercise_id: str = "ex",
) -> Exercise:
    return Exercise(
        id=exercise_id,
        kind=ExerciseKind.NUMERIC,
        prompt=prompt,
        answer="0",
        deck_id="d",
        topic_id="t",
        source=SourceRef("x.md", 1),
        givens=tuple(givens.items()),
        reference=reference,
        variations=tuple(varies),
    )


CONV = exercise(
    "Convolution on a 224-pixel input with kernel 7, stride 2, padding 3. Output size?",
    {"n": "224", "k": "7", "s": "2", "p": "3"},
    [Variation("n", "randint", (16, 512))],
    reference="floor((n + 2 * p - (k - 1) - 1) / s) + 1",
)


# -- draws ------------------------------------------------------------------------------


def test_same_seed_same_draw() -> None:
    assert draw_params(CONV, 11) == draw_params(CONV, 11)


def test_seeds_give_different_draws() -> None:
    assert len({draw_params(CONV, seed)["n"] for seed in range(20)}) > 10


def test_the_exercise_id_is_part_of_the_seed() -> None:
    other = exercise(CONV.prompt, dict(CONV.givens), list(CONV.variations), CONV.reference, "ex2")
    draws = [(draw_params(CONV, s), draw_params(other, s)) for s in range(10)]
    assert any(a != b for a, b in draws)


def test_randint_stays_in_range_and_is_an_int() -> None:
    values = [draw_params(CONV, seed)["n"] for seed in range(50)]
    assert all(isinstance(v, int) and 16 <= v <= 512 for v in values)


def test_uniform_is_rounded_to_three_significant_figures() -> None:
    ex = exercise("e = 0.3", {"e": "0.3"}, [Variation("e", "uniform", (0.01, 0.49))], "e")
    for seed in range(30):
        value = draw_params(ex, seed)["e"]
        assert 0.01 <= value <= 0.49
        assert float(f"{value:.3g}") == value


def test_uniform_rounding_stays_inside_the_range() -> None:
    ex = exercise("x", {"x": "0.5"}, [Variation("x", "uniform", (0.1234, 0.1236))], "x")
    assert all(0.1234 <= draw_params(ex, s)["x"] <= 0.1236 for s in range(30))


def test_choice_draws_one_of_the_choices() -> None:
    ex = exercise("r = 8", {"r": "8"}, [Variation("r", "choice", (1, 2, 4, 8))], "r")
    assert {draw_params(ex, seed)["r"] for seed in range(40)} == {1, 2, 4, 8}


def test_draws_whose_reference_fails_are_redrawn() -> None:
    ex = exercise("x", {"x": "1"}, [Variation("x", "choice", (0, 1))], "1 / x")
    assert all(draw_params(ex, seed) == {"x": 1} for seed in range(20))


def test_an_exercise_that_never_evaluates_is_reported() -> None:
    ex = exercise("x", {"x": "1"}, [Variation("x", "randint", (0, 0))], "1 / x")
    with pytest.raises(InvalidReference, match="no valid draw in 20 tries.*division by zero"):
        draw_params(ex, 0)


def test_unvaried_exercises_draw_nothing() -> None:
    assert draw_params(exercise("p", {"n": "1"}, [], "n"), 3) == {}


# -- prompts ----------------------------------------------------------------------------


def test_named_values_are_replaced() -> None:
    ex = exercise(
        "A leaf has G = -4, H = 6 and lam = 2. Optimal leaf weight?",
        {"G": "-4.0", "H": "6.0", "lam": "2.0"},
        [],
        "-G / (H + lam)",
    )
    assert render_prompt(ex, {"G": 2.27, "lam": 0.5}) == (
        "A leaf has G = 2.27, H = 6 and lam = 0.5. Optimal leaf weight?"
    )


def test_a_unique_bare_value_is_replaced() -> None:
    assert render_prompt(CONV, {"n": 100}).startswith("Convolution on a 100-pixel input")


def test_square_shapes_are_replaced_on_both_sides() -> None:
    ex = exercise("a 16x16 input and a 512 x 512 image", {"n": "16", "m": "512"}, [])
    assert render_prompt(ex, {"n": 40, "m": 256}) == "a 40x40 input and a 256 x 256 image"


def test_percent_thousands_and_suffixes_keep_their_style() -> None:
    ex = exercise(
        "25% positive, 1,000 examples, a 7B model",
        {"p": "0.25", "n": "1000", "params": "7e9"},
        [],
    )
    assert render_prompt(ex, {"p": 0.301, "n": 52000, "params": 13e9}) == (
        "30.1% positive, 52,000 examples, a 13B model"
    )


def test_digits_inside_names_are_left_alone() -> None:
    ex = exercise("from sigma_1 to sigma_10, value of sigma_5?", {"i": "5"}, [])
    assert render_prompt(ex, {"i": 3}) == (
        "from sigma_1 to sigma_10, value of sigma_5?\nUse these values: i = 3 (instead of 5)."
    )


def test_values_shared_by_two_givens_are_listed_not_replaced() -> None:
    ex = exercise("Beta(2, 2) prior, 7 heads", {"a": "2.0", "b": "2.0", "h": "7"}, [])
    rendered = render_prompt(ex, {"a": 3.5, "h": 9})
    assert rendered == "Beta(2, 2) prior, 9 heads\nUse these values: a = 3.5 (instead of 2)."


def test_a_value_written_twice_without_a_name_is_listed() -> None:
    ex = exercise("5-fold CV trains 5 models", {"k": "5"}, [])
    assert render_prompt(ex, {"k": 10}).endswith("Use these values: k = 10 (instead of 5).")


def test_another_names_value_is_not_taken() -> None:
    ex = exercise("p(x1 = 1) with sigmoid(1 + 2*x1)", {"b": "1.0", "c": "2.0"}, [])
    assert render_prompt(ex, {"b": 0.5, "c": -1.58}) == "p(x1 = 1) with sigmoid(0.5 - 1.58*x1)"


def test_unchanged_values_leave_the_prompt_alone() -> None:
    assert render_prompt(CONV, {"n": 224}) == CONV.prompt


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3"),
        (2.0, "2"),
        (0.123, "0.123"),
        (7e9, "7000000000"),
        (1.5e13, "1.5e13"),
        (1e-5, "1e-5"),
        ([1.0, 2.5], "[1, 2.5]"),
    ],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text
