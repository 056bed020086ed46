"""The version of an exercise one review shows: a parameterised exercise (``vary:``) gets
freshly drawn values and the prompt that states them; any other keeps its own.

Drawn here, not by the interface, so every front end shows and grades the same thing and the
review stores what brings the same numbers back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from studyapp.content.model import Exercise


@dataclass(frozen=True)
class ExerciseVariant:
    prompt: str
    values: dict[str, object] | None = None  # None: grade with the exercise's own givens
    problem: str | None = None  # why the default values are shown although the exercise varies
    seed: int | None = None

    @property
    def stored(self) -> dict[str, Any] | None:
        """What the review records to reproduce this draw (None: nothing was drawn)."""
        if self.values is None:
            return None
        return {"seed": self.seed, "values": self.values}


def exercise_variant(exercise: Exercise, seed: int | None = None) -> ExerciseVariant:
    """A fresh variant per call (``seed`` fixes it); a draw that fails falls back to the
    exercise as written, with the reason in ``problem``."""
    if not exercise.parameterised:
        return ExerciseVariant(exercise.prompt)
    from studyapp.references import InvalidReference, draw_params, render_prompt

    seed = secrets.randbits(32) if seed is None else seed
    try:
        values = draw_params(exercise, seed)
    except InvalidReference as exc:
        problem = f"{exc}; showing the default values."
        return ExerciseVariant(render_prompt(exercise, {}), problem=problem)  # placeholders filled
    return ExerciseVariant(render_prompt(exercise, values), values, seed=seed)
