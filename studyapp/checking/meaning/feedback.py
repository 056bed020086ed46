"""Naming the mistake in a wrong answer, the way a tutor would.

First the exercise's declared wrong answers (an answer equivalent to one gets its
message, mistake "declared"); otherwise generic diagnoses read off the values at random
points: a constant factor, the opposite sign, the reciprocal, an additive constant, a
variable too many or too few; for numbers also "close, check your rounding" and
"off by a power of ten".
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import mpmath
import sympy as sp

from studyapp.checking.meaning.domains import VariableSpace, sample_points
from studyapp.checking.meaning.equivalence import Tol, equivalent
from studyapp.checking.meaning.evaluation import (
    Undefined,
    as_real,
    compile_expr,
    high_precision,
    point_env,
    run,
)
from studyapp.checking.reading.rounding import roundings, to_figures

_SAME = mpmath.mpf(10) ** -12  # relative agreement for "the ratio is constant"
_ROUNDED = 1e-3  # a number this close (relatively) was probably rounded
_SIMPLE = 12  # the largest numerator or denominator of a factor worth naming
_NICE = 100  # the largest denominator of a ratio shown as a fraction
_FEWEST_KEPT = 3  # up to this many significant figures, a rounding is named as too coarse
_NEAR_COUNT = 0.1  # a whole number this close (relatively) to a count is a miscount
_ROUNDED_COUNT = 1000  # a count from which a learner may give a rounded figure


@dataclass(frozen=True)
class Diagnosis:
    """A mistake category (for statistics) and a message for the learner."""

    mistake: str  # "declared", "constant-factor", "sign", "reciprocal", ...
    message: str


def declared_mistake(
    answer: sp.Basic,
    wrong_answers: Sequence[tuple[sp.Basic, str]],
    space: VariableSpace,
    rng: random.Random | None = None,
) -> Diagnosis | None:
    """The message of the first declared wrong answer equivalent to ``answer``."""
    for wrong, message in wrong_answers:
        evidence = equivalent(wrong, answer, space, rng=rng or random.Random(0))
        if evidence.equivalent:
            return Diagnosis("declared", message)
    return None


@high_precision
def diagnose(
    expected: sp.Basic,
    answer: sp.Basic,
    space: VariableSpace,
    rng: random.Random | None = None,
) -> Diagnosis | None:
    """A generic explanation of how ``answer`` differs from ``expected``, if one fits."""
    expected_names = {s.name for s in expected.free_symbols}
    answer_names = {s.name for s in answer.free_symbols}
    extra = sorted(answer_names - expected_names)
    missing = sorted(expected_names - answer_names)
    if extra:
        message = (
            f"your answer depends on {_names(extra)}, which the expected answer does not contain"
        )
        return Diagnosis("extra-variable", message + _other_case(extra, missing))
    if missing:
        return Diagnosis(
            "missing-variable",
            f"the expected answer depends on {_names(missing)}; your answer does not",
        )
    pairs = _values(expected, answer, space, rng or random.Random(1))
    if len(pairs) < 2 and expected_names:
        return None
    if not pairs:
        return None
    return _relation(pairs)


def _other_case(extra: list[str], missing: list[str]) -> str:
    """A hint when the unexpected names are expected ones in another case (``C_in``)."""
    by_folded = {name.casefold(): name for name in missing}
    meant = [by_folded[name.casefold()] for name in extra if name.casefold() in by_folded]
    if not meant:
        return ""
    return f" (names are case-sensitive: did you mean {_names(meant)}?)"


@high_precision
def diagnose_number(
    expected: mpmath.mpf, answer: mpmath.mpf, tol: Tol, decimal: bool = True
) -> Diagnosis | None:
    """Why a typed number misses the expected one, if a common slip explains it.
    ``decimal``: the answer was typed as a plain decimal (not ``1 - 0.05 + 0.1*0.5``),
    so it may have been rounded."""
    whole = expected == int(expected)
    counted = whole and expected >= 2 and answer >= 0  # a count, not a sign or a yes/no
    if counted and answer == int(answer) and 0 < abs(answer - expected) <= 2:
        return Diagnosis(
            "off-by-one",
            f"off by {int(answer - expected):+d}: check the first and the last item you counted",
        )
    # more figures meet a tolerance, or a large exact count (20 for 15 is no rounding);
    # an exact fraction wants its value instead
    rounds = (tol.value > 0 and not whole) or abs(expected) >= _ROUNDED_COUNT
    cut = _cut_short(expected, answer) if rounds and decimal else None
    if cut is not None:
        return cut
    if whole and _miscounted(expected, answer):
        return Diagnosis(
            "count",
            f"not the exact count: yours is {int(answer - expected):+,} from it"
            " (a term left out or counted twice?)",
        )
    if expected != 0 and tol.mode in ("rel", "sigfig") and tol.value > 0:
        loose = Tol(tol.mode, tol.value * 10) if tol.mode == "rel" else Tol("sigfig", tol.value - 1)
        if loose.close(expected, answer):
            return Diagnosis(
                "tolerance", "close, but not within the tolerance: check your rounding"
            )
    if tol.mode == "abs" and abs(expected - answer) <= 10 * tol.value:
        return Diagnosis("tolerance", "close, but not within the tolerance: check your rounding")
    if expected == 0 or answer == 0:
        return None
    ratio = answer / expected
    if abs(ratio - 1) < _ROUNDED:
        return Diagnosis(
            "rounded",
            "very close, but not exact: give the exact value (a fraction or a closed form)"
            if tol.value == 0
            else "close, but not within the tolerance: check your rounding",
        )
    exponent = mpmath.log10(abs(ratio))
    nearest = int(mpmath.nint(exponent))
    if nearest != 0 and ratio > 0 and _close(tol, expected * mpmath.mpf(10) ** nearest, answer):
        hint = " (a percentage instead of a fraction?)" if nearest == 2 else ""
        return Diagnosis(
            "order-of-magnitude",
            f"your answer is 10^{nearest} times the expected one: check units and the decimal point{hint}",
        )
    if not math.isfinite(float(ratio)):  # 1e308 for 0.5: no factor or base to name
        return None
    # a typed number carries rounding: 0.8473 is twice 0.42365 within the tolerance; only
    # a simple factor (3/2, 8, 1/12) names a slip, not 241/12
    factor = Fraction(float(ratio)).limit_denominator(_SIMPLE)
    scaled = expected * factor.numerator / factor.denominator
    simple = abs(factor.numerator) <= _SIMPLE
    if factor not in (0, 1) and simple and _close(tol, scaled, answer):
        if factor == -1:
            return Diagnosis("sign", "your answer has the opposite sign")
        return Diagnosis("constant-factor", f"your answer is {factor}× the expected one")
    base = _log_base(ratio, lambda factor: _close(tol, expected * factor, answer))
    if base is not None:
        return base
    return _relation([(expected, answer)], single=True)


def _miscounted(expected: mpmath.mpf, answer: mpmath.mpf) -> bool:
    """A whole number near a count but more than two off it (99072 for 99136)."""
    if expected == 0 or answer != int(answer):
        return False
    return abs(answer / expected - 1) < _NEAR_COUNT


def _cut_short(expected: mpmath.mpf, answer: mpmath.mpf) -> Diagnosis | None:
    """The expected number rounded, or cut off, to too few significant figures (0.13 for
    0.125, 1.6 for 5/3): the figures it keeps, and that more are wanted."""
    if expected == 0 or answer == 0 or answer == expected:
        return None

    def same(value: mpmath.mpf) -> bool:  # as typed: 0.13 is read exactly, a float is not
        return abs(answer - value) <= _SAME * abs(expected)

    meant = _decimal(expected)
    for figures in range(1, _FEWEST_KEPT + 1):
        kept = "figure" if figures == 1 else "figures"
        if any(same(mpmath.mpf(str(r))) for r in roundings(meant, figures)):
            return Diagnosis(
                "rounded", f"rounding to {figures} significant {kept} is too coarse here: keep more"
            )
        if same(mpmath.mpf(str(to_figures(meant, figures, ROUND_DOWN)))):
            return Diagnosis(
                "rounded",
                f"cut off after {figures} significant {kept} instead of rounding: keep more",
            )
    return None


def _decimal(value: mpmath.mpf) -> Decimal:
    """The number as the exercise means it: 0.6, not the binary float's 0.59999…98."""
    return Decimal(mpmath.nstr(value, 15))


def _log_base(ratio: mpmath.mpf, close: Callable[[mpmath.mpf], bool]) -> Diagnosis | None:
    """A ratio of ln 10 or ln 2 (or their inverses): the base of a logarithm mixed up."""
    for base in (10, 2):
        if close(1 / mpmath.log(base)):
            return Diagnosis(
                "log-base", f"this is a logarithm to base {base}; the natural logarithm ln is meant"
            )
        if close(mpmath.log(base)):
            return Diagnosis(
                "log-base",
                f"this uses the natural logarithm ln; a logarithm to base {base} is meant",
            )
    return None


def _close(tol: Tol, expected: mpmath.mpf, answer: mpmath.mpf) -> bool:
    """Within the tolerance, or within 1e-6 relative when the comparison is exact."""
    if tol.value:
        return tol.close(expected, answer)
    return abs(answer - expected) <= 1e-6 * abs(expected)


def _relation(pairs: list[tuple[mpmath.mpf, mpmath.mpf]], single: bool = False) -> Diagnosis | None:
    """Constant ratio, reciprocal or constant offset across all sampled values."""
    ratios = [b / a for a, b in pairs if a != 0]
    reciprocal = all(_near(a * b, 1) for a, b in pairs)
    if single and reciprocal:  # a lone number: 1/x before x·c
        return Diagnosis("reciprocal", "your answer is the reciprocal of the expected one")
    if len(ratios) == len(pairs) and _constant(ratios):
        ratio = ratios[0]
        if _near(ratio, 1):
            return None  # equal wherever both are real: the difference is in the domain
        if abs(ratio - 1) < _ROUNDED:  # 0.7978845608 for sqrt(2/pi): not a factor of 1.0
            return Diagnosis(
                "rounded",
                "very close, but not exact: a rounded decimal where an exact value is meant?",
            )
        if _near(ratio, -1):
            return Diagnosis("sign", "your answer has the opposite sign")
        base = _log_base(ratio, lambda factor: _near(ratio, factor))
        if base is not None:
            return base
        if not single or _simple(ratio):  # a lone number: 3/2, not 24/25
            return Diagnosis("constant-factor", f"your answer is {_shown(ratio)}× the expected one")
    if reciprocal:
        return Diagnosis("reciprocal", "your answer is the reciprocal of the expected one")
    if not single:
        offsets = [b - a for a, b in pairs]
        if _constant(offsets, absolute=True) and not _near(offsets[0], 0):
            return Diagnosis(
                "additive-constant",
                f"your answer differs from the expected one by a constant ({_signed(offsets[0])})",
            )
    return None


def _values(
    expected: sp.Basic, answer: sp.Basic, space: VariableSpace, rng: random.Random
) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    names = sorted({s.name for s in expected.free_symbols | answer.free_symbols})
    fe, fa = compile_expr(expected), compile_expr(answer)
    points = sample_points(space, 6, rng, names=names) if names else [{}]
    pairs = []
    for point in points:
        env = point_env(point)
        try:
            a, b = as_real(run(fe, env)), as_real(run(fa, env))
        except Undefined:
            continue
        if a is not None and b is not None:
            pairs.append((a, b))
    return pairs


def _constant(values: list[mpmath.mpf], absolute: bool = False) -> bool:
    """The same value throughout: offsets to within _SAME, ratios relatively so (1e-308
    and 1e-395 are no constant factor, however close to 0 both are)."""
    first = values[0]
    if absolute:
        return all(abs(v - first) <= _SAME * max(1, abs(v)) for v in values[1:])
    return all(abs(v - first) <= _SAME * max(abs(first), abs(v)) for v in values[1:])


def _near(value: mpmath.mpf, target: float) -> bool:
    return abs(value - target) <= _SAME * max(1, abs(target))


def _nice(value: mpmath.mpf) -> str | None:
    """``value`` as a small fraction (or a fraction of π) when it is one."""
    for factor, suffix in ((1, ""), (mpmath.pi, "π")):
        fraction = _fraction(value / factor, _NICE)
        if fraction is not None:
            if fraction.numerator == 0:
                return None
            text = str(fraction) if fraction.denominator > 1 else str(fraction.numerator)
            if suffix:
                text = f"{text}{suffix}" if fraction.denominator == 1 else f"({text})π"
                text = text.replace("1π", "π") if text in ("1π", "-1π") else text
            return text
    return None


def _simple(value: mpmath.mpf) -> bool:
    """A factor worth naming for a lone number: 3/2 or 8, not 24/25."""
    fraction = _fraction(value, _SIMPLE)
    return fraction is not None and abs(fraction.numerator) <= _SIMPLE


def _fraction(value: mpmath.mpf, largest: int) -> Fraction | None:
    """``value`` exactly (to within _SAME) as a fraction with a denominator up to
    ``largest``, if it is one."""
    fraction = Fraction(float(value)).limit_denominator(largest)
    exact = abs(value - mpmath.mpf(fraction.numerator) / fraction.denominator)
    return fraction if exact <= _SAME * max(1, abs(value)) else None


def _shown(value: mpmath.mpf) -> str:
    return _nice(value) or mpmath.nstr(value, 4)


def _signed(value: mpmath.mpf) -> str:
    text = _shown(value)
    return text if text.startswith("-") else f"+{text}"


def _names(names: list[str]) -> str:
    return ", ".join(names)
