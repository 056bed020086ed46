"""Whatever a learner types, the checker answers with a verdict and never raises."""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.derivations import check_derivation_here

ATOMS = ["x", "y", "L", "1", "2", "0", "-", "+", "*", "/", "**", "(", ")", "=", ",", " ",
         "exp", "log", "sqrt", "diff", "sin", "Abs", "oo", "e", "1/2", "Sum", "(i, 1, 3)"]
LINES = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=12).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=5))
def test_any_lines_get_a_verdict(lines):
    result = check_derivation_here(lines, {"x": "real", "y": "positive"})
    assert result.verdict in {"correct", "incorrect", "invalid"}
    written = [number for number, line in enumerate(lines, start=1) if line.strip()]
    assert [step.line for step in result.steps] in ([], written)  # blank lines get no step


POLY = st.lists(st.integers(-4, 4), min_size=2, max_size=5)


def _poly(coefficients: list[int]) -> str:
    return " + ".join(f"({c})*x**{k}" for k, c in enumerate(coefficients))


@settings(max_examples=40, deadline=None)
@given(POLY, POLY)
def test_expanding_a_product_is_always_an_equal_rewrite(p, q):
    x = sp.Symbol("x")
    product = sum(c * x**k for k, c in enumerate(p)) * sum(c * x**k for k, c in enumerate(q))
    expanded = sp.sstr(sp.expand(product))
    result = check_derivation_here([f"({_poly(p)})*({_poly(q)})", expanded], {"x": "real"})
    assert result.verdict == "correct"


@settings(max_examples=40, deadline=None)
@given(POLY, st.integers(1, 5))
def test_changing_one_coefficient_is_never_an_equal_rewrite(p, delta):
    changed = list(p)
    changed[-1] += delta
    result = check_derivation_here([_poly(p), _poly(changed)], {"x": "real"})
    # (it may legitimately read as a derivative: -1 - x followed by -1)
    assert result.steps[1].relation != "equal"
