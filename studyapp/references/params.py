"""Parameterised exercises: draw fresh givens from ``vary:`` lines and show them in the prompt.

A draw is a pure function of (exercise id, seed), so a review stores only its seed or its
drawn values and the same numbers come back. Uniform draws are rounded to three
significant figures: the learner reads them in the prompt and types them into a
calculator, and the reference is computed from exactly the displayed numbers.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from studyapp.content.model import Exercise, Variation
from studyapp.references.evaluator import InvalidReference
from studyapp.references.numeric import evaluate_reference, given_values

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
        params = {v.name: draw_one(v, rng) for v in exercise.variations}
        try:
            evaluate_reference(exercise, params)
        except InvalidReference as exc:
            last_error = str(exc)
            continue
        return params
    raise InvalidReference(
        f"exercise '{exercise.id}': no valid draw in {MAX_TRIES} tries ({last_error})"
    )


def draw_one(variation: Variation, rng: random.Random) -> object:
    """One value for ``uniform(a, b)``, ``randint(a, b)`` or ``choice([...])``."""
    args = variation.args
    match variation.distribution:
        case "uniform":
            low, high = args
            return _round_within(rng.uniform(low, high), low, high)
        case "randint":
            low, high = args
            return rng.randint(low, high)
        case "choice":
            choices = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
            return rng.choice(list(choices))
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

# A number as authors write it in prose: 224, -4, 0.3, 1,000, 1.5e9, 7B, 25%, 16x16; not
# the digits inside names (x1, sigma_5) or terms (2i).
_NUMBER = re.compile(
    r"(?:(?<![\w.])|(?<=\dx))(?P<sign>-)?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e(?P<exp>[+-]?\d+))?)"
    r"(?P<suffix>[KMBT](?!\w)|%)?(?!\.\d)(?!(?!x\d)\w)"
)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "%": 1e-2}


def render_prompt(exercise: Exercise, params: Mapping[str, object]) -> str:
    """The prompt with the drawn values written where the default ones were.

    A varied given is replaced where the prompt writes ``name = value``; otherwise where
    its default value appears exactly once (or as one square shape, "16x16"), provided no
    other given has that value (so "kernel 3, stride 1, padding 1" is not rewritten
    blindly) and the number is not another name's (``x1 = 1``). Values that cannot be
    placed safely are listed after the prompt instead
    ("Use these values: T = 9 (instead of 5).").
    """
    defaults = given_values(exercise)
    prompt = exercise.prompt
    leftover = []
    for name, value in params.items():
        default = defaults.get(name)
        if _same(default, value):
            continue
        others = [v for other, v in defaults.items() if other != name]
        prompt, placed = _substitute(prompt, name, default, value, others)
        if not placed:
            leftover.append(f"{name} = {format_value(value)} (instead of {format_value(default)})")
    if leftover:
        prompt = f"{prompt}\nUse these values: {', '.join(leftover)}."
    return prompt


def format_value(value: object) -> str:
    """A drawn value as the learner should read it: ``0.123``, ``7e9``, ``[1, 2]``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, list | tuple):
            return "[" + ", ".join(format_value(v) for v in value) + "]"
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e6:
        return str(int(value))
    text = f"{value:.12g}"
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", text)


def _substitute(
    prompt: str, name: str, default: Any, value: object, others: Sequence[Any]
) -> tuple[str, bool]:
    if not isinstance(default, int | float) or not isinstance(value, int | float):
        return prompt, False
    named, unnamed = [], []
    for match in _NUMBER.finditer(prompt):
        if not _same(_token_value(match), default):
            continue
        label = _ASSIGNED.search(prompt, 0, match.start())
        if label is None:
            unnamed.append(match)
        elif label["name"] == name:
            named.append(match)
    if named:
        tokens = named
    elif _ambiguous(default, others) or not (len(unnamed) == 1 or _one_shape(prompt, unnamed)):
        return prompt, False
    else:
        tokens = unnamed
    for match in reversed(tokens):
        start, text = match.start(), _format_like(match, value)
        if text.startswith("-") and prompt[:start].endswith(("+ ", "- ")):
            # "1 + 2*x1" with -1.58 reads "1 - 1.58*x1", not "1 + -1.58*x1"
            start -= 2
            text = ("- " if prompt[start] == "+" else "+ ") + text[1:]
        prompt = prompt[:start] + text + prompt[match.end() :]
    return prompt, True


# The value of another named quantity: "x1 = 1" is x1's 1, not b's.
_ASSIGNED = re.compile(r"\b(?P<name>[A-Za-z_]\w*)\s*=\s*$")


def _ambiguous(default: float, others: Sequence[Any]) -> bool:
    """Another given has the same value, so a bare number could be either."""
    values = [v for o in others for v in (o if isinstance(o, list | tuple) else [o])]
    return any(_same(default, v) for v in values)


def _one_shape(prompt: str, tokens: Sequence[re.Match[str]]) -> bool:
    """Two tokens written as one square shape, "16x16" or "512 x 512"."""
    return (
        len(tokens) == 2
        and re.fullmatch(r"\s?x\s?", prompt[tokens[0].end() : tokens[1].start()]) is not None
    )


def _token_value(match: re.Match[str]) -> float:
    number = float(match["digits"].replace(",", ""))
    number *= _SCALE.get(match["suffix"] or "", 1.0)
    return -number if match["sign"] else number


def _format_like(match: re.Match[str], value: float) -> str:
    """Write ``value`` the way the matched token was written (grouping, %, B, T...)."""
    suffix = match["suffix"] or ""
    if suffix:
        return format_value(_tidy(value / _SCALE[suffix])) + suffix
    if "," in match["digits"] and float(value).is_integer():
        return f"{int(value):,}"
    if match["exp"] is not None:
        exponent = int(match["exp"])
        return f"{format_value(_tidy(value / 10.0**exponent))}e{exponent}"
    return format_value(value)


def _tidy(value: float) -> float:
    """Undo float noise from rescaling (0.15/0.01 = 14.999999999999998)."""
    return float(f"{value:.12g}")


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0) or a == b
    return a == b
