"""The version of an exercise a review shows: drawn by the core, not by the interface."""

from __future__ import annotations

from studyapp.content.model import Exercise, ExerciseKind, SourceRef, Variation
from studyapp.scheduling.variant import exercise_variant


def exercise(reference: str, varies: tuple[Variation, ...]) -> Exercise:
    return Exercise(
        id="area",
        kind=ExerciseKind.NUMERIC,
        prompt=f"A rectangle has width w = {'{w}' if varies else 3} and height h = 4. Its area?",
        answer="12",
        deck_id="d",
        topic_id="t",
        source=SourceRef("x.md", 1),
        givens=(("w", "3"), ("h", "4")),
        reference=reference,
        variations=varies,
    )


VARIED = exercise("w * h", (Variation("w", "randint", (5, 9)),))


def test_an_exercise_that_does_not_vary_is_shown_as_written() -> None:
    plain = exercise("w * h", ())
    variant = exercise_variant(plain)
    assert (variant.prompt, variant.values, variant.stored) == (plain.prompt, None, None)


def test_a_varied_exercise_states_its_draw_and_stores_what_brings_it_back() -> None:
    variant = exercise_variant(VARIED, seed=7)
    width = variant.values["w"]
    assert 5 <= width <= 9
    assert f"width w = {width} " in variant.prompt
    assert variant.stored == {"seed": 7, "values": {"w": width}}
    assert exercise_variant(VARIED, seed=7) == variant


def test_a_draw_that_cannot_be_computed_falls_back_to_the_written_values() -> None:
    broken = exercise("1 / (w - w)", (Variation("w", "randint", (5, 9)),))
    variant = exercise_variant(broken, seed=1)
    assert "width w = 3 " in variant.prompt and variant.stored is None  # the givens shown
    assert variant.problem is not None and "no valid draw" in variant.problem
