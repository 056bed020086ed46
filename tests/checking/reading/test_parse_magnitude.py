"""Constants too large for sympy to evaluate safely are refused before sympy sees them."""

from __future__ import annotations

import time

import pytest
import sympy

from studyapp.checking.reading import InvalidAnswer, parse_answer
from studyapp.checking.reading.magnitude import Astronomical, check_constant


@pytest.mark.parametrize(
    "text",
    [
        "ceiling(exp(exp(20)))",
        "sign(sin(exp(exp(20))))",
        "Abs(sin(exp(exp(20))))",
        "max(sin(exp(exp(20))), 0)",
        "sigmoid(exp(exp(20)))",
        "sin(exp(exp(20)))^2 + cos(exp(exp(20)))^2",
        "tanh(((exp(9))!)!)",
        "exp(-exp(exp(9)))",
        "factorial(401)",
        "(binomial(1/3, 99999))!",
        "(binomial((%i)!, 90))!",
        "factorial(pi)",
    ],
)
def test_astronomical_constants_are_refused_at_once(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidAnswer):
        parse_answer(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text", ["sigmoid(5000)", "exp(-2000)", "floor(10^999/7)", "factorial(400)", "(1-1/100)^100"]
)
def test_large_but_workable_constants_are_kept(text: str) -> None:
    parse_answer(text)


def test_expressions_with_symbols_are_not_sized() -> None:
    check_constant(sympy.exp(sympy.exp(sympy.Symbol("x"))), {})


def test_size_check_raises_on_a_huge_power() -> None:
    with pytest.raises(Astronomical):
        check_constant(sympy.Pow(sympy.Integer(10), sympy.exp(10), evaluate=False), {})


def test_nested_derivatives_share_one_budget() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("diff(diff(diff(diff(diff(x^9, x), x), x), x), x)", ("x",))
    assert "differentiations" in error.value.message
