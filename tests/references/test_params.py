"""Parameterised exercises: seeded draws and prompts that show the drawn numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studyapp.content.model import Exercise, ExerciseKind, SourceRef, Variation
from studyapp.content.placeholders import format_value
from studyapp.references import InvalidReference, draw_params, render_prompt


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
    "Convolution on a {n}-pixel input with kernel 7, stride 2, padding 3. Output size?",
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


def test_placeholders_show_the_drawn_values() -> None:
    ex = exercise(
        "A leaf has G = {G}, H = {H} and lam = {lam}. Optimal leaf weight?",
        {"G": "-4.0", "H": "6.0", "lam": "2.0"},
        [],
        "-G / (H + lam)",
    )
    assert render_prompt(ex, {"G": 2.27, "lam": 0.5}) == (
        "A leaf has G = 2.27, H = 6 and lam = 0.5. Optimal leaf weight?"
    )


def test_without_a_draw_the_placeholders_show_the_givens() -> None:
    assert render_prompt(CONV, {}).startswith("Convolution on a 224-pixel input")


def test_a_placeholder_may_be_written_twice() -> None:
    ex = exercise("{k}-fold CV trains {k} models", {"k": "5"}, [])
    assert render_prompt(ex, {"k": 10}) == "10-fold CV trains 10 models"


def test_placeholder_styles_percent_thousands_and_suffixes() -> None:
    ex = exercise(
        "{p:%} positive, {n:,} examples, a {params:B} model",
        {"p": "0.25", "n": "1000", "params": "7e9"},
        [],
    )
    assert render_prompt(ex, {"p": 0.301, "n": 52000, "params": 13e9}) == (
        "30.1% positive, 52,000 examples, a 13B model"
    )


def test_a_let_can_be_shown_too() -> None:
    ex = exercise("{bits}-bit ({bytes}-byte) values", {"bytes": "2"}, [], "bytes")
    ex = replace(ex, lets=(("bits", "8 * bytes"),))
    assert render_prompt(ex, {"bytes": 1}) == "8-bit (1-byte) values"


def test_braces_around_anything_else_stay() -> None:
    ex = exercise("h_{t-1} over x in {0, 1} and {unknown}, n = {n}", {"n": "3"}, [])
    assert render_prompt(ex, {"n": 4}) == "h_{t-1} over x in {0, 1} and {unknown}, n = 4"


def test_a_table_row_shows_its_label_with_its_numbers() -> None:
    table = Variation(
        "model, d", "rows", (("LLaMA-7B", 4096), ("LLaMA-33B", 6656)), ("model", "d")
    )
    ex = exercise("d = {d} ({model})", {"d": "4096"}, [table], "d")
    assert render_prompt(ex, {}) == "d = 4096 (LLaMA-7B)"
    assert render_prompt(ex, {"d": 6656}) == "d = 6656 (LLaMA-33B)"
    assert {draw_params(ex, seed)["d"] for seed in range(20)} == {4096, 6656}


def test_a_drawn_value_without_a_placeholder_is_listed() -> None:
    ex = exercise("from sigma_1 to sigma_10, value of sigma_5?", {"i": "5"}, [])
    assert render_prompt(ex, {"i": 3}) == (
        "from sigma_1 to sigma_10, value of sigma_5?\nUse these values: i = 3."
    )


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
