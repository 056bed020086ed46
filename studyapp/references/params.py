"""Parameterised exercises: draw fresh givens from ``vary:`` lines and show them in the prompt.

A draw is a pure function of (exercise id, seed), so a review stores only its seed or its
drawn values and the same numbers come back. Uniform draws are rounded to three
significant figures: the learner reads them in the prompt and types them into a
calculator, and the reference is computed from exactly the displayed numbers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

from studyapp.content.model import Exercise, Variation
from studyapp.content.placeholders import (
    fill,
    format_value,
    numeric_columns,
    placeholder_names,
    row_labels,
)
from studyapp.references.evaluator import InvalidReference
from studyapp.references.numeric import evaluate_reference, reference_scope

MAX_TRIES = 20
SIGNIFICANT = 3


def draw_params(exercise: Exercise, seed: int) -> dict[str, object]:
    """New values for the exercise's varied givens, deterministic for (exercise, seed).

    A draw whose reference cannot be computed (a division by zero, a log of 0, a kernel
    larger than the input) is replaced by the next one from the same random stream; after
    MAX_TRIES failures InvalidReference says which exercise cannot be varied.
    """
    if not exercise.variations:
        return {}
    rng = random.Random(f"{exercise.id}:{seed}")
    last_error = ""
    for _ in range(MAX_TRIES):
        params = {}
        for variation in exercise.variations:
            params.update(draw_one(variation, rng))
        try:
            evaluate_reference(exercise, params)
        except InvalidReference as exc:
            last_error = str(exc)
            continue
        return params
    raise InvalidReference(
        f"exercise '{exercise.id}': no valid draw in {MAX_TRIES} tries ({last_error})"
    )


def draw_one(variation: Variation, rng: random.Random) -> dict[str, object]:
    """The values of one ``vary:`` line: ``uniform(a, b)``, ``randint(a, b)``,
    ``choice([...])``, or the numbers of one row of ``rows(...)``."""
    args = variation.args
    match variation.distribution:
        case "uniform":
            low, high = args
            return {variation.name: _round_within(rng.uniform(low, high), low, high)}
        case "randint":
            low, high = args
            return {variation.name: rng.randint(low, high)}
        case "choice":
            choices = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
            return {variation.name: rng.choice(list(choices))}
        case "rows":
            row = dict(zip(variation.columns, rng.choice(args)))
            return {name: row[name] for name in numeric_columns(variation)}
    raise InvalidReference(f"unknown distribution '{variation.distribution}'")


def _round_within(value: float, low: float, high: float) -> float:
    """``value`` to SIGNIFICANT figures (more if the range is narrower than that), kept
    inside [low, high]."""
    if value == 0:
        return 0.0
    digits = SIGNIFICANT - 1 - math.floor(math.log10(abs(value)))
    if high > low:
        digits = max(digits, 1 - math.floor(math.log10(high - low)))  # >= 10 steps in range
    rounded = round(value, digits)
    step = 10.0**-digits
    while rounded < low:
        rounded = round(rounded + step, digits)
    while rounded > high:
        rounded = round(rounded - step, digits)
    return rounded


# -- prompts --------------------------------------------------------------------------


def render_prompt(exercise: Exercise, params: Mapping[str, object]) -> str:
    """The prompt with its placeholders (``{T}``, see ``content/placeholders.py``) filled
    from the givens, the ``let:`` values and the drawn ``params``.

    A drawn value the prompt has no placeholder for (content that ``studyapp check``
    refuses) is listed after it rather than left unsaid.
    """
    try:
        values = reference_scope(exercise, params)
    except InvalidReference:
        values = dict(params)  # the grader says what cannot be computed; show what we have
    for variation in exercise.variations:
        values.update(row_labels(variation, values) or {})
    prompt = fill(exercise.prompt, values)
    named = placeholder_names(exercise.prompt)
    unnamed = [f"{name} = {format_value(value)}" for name, value in params.items() if name not in named]
    if unnamed:
        prompt = f"{prompt}\nUse these values: {', '.join(unnamed)}."
    return prompt
