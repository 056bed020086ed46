"""Equivalence on domains: the must-equal and must-differ pairs, equations, properties."""

from __future__ import annotations

import random

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.meaning import Tol, equations_equivalent, equivalent, space_from_mapping

e, x, b, y, n = sp.symbols("e x b y n")
HALF = sp.Rational(1, 2)
SPACE = space_from_mapping({"e": "(0, 1/2)", "x": "real", "b": "positive", "n": "integer >= 1"})


def sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def softplus(z):
    return sp.log(1 + sp.exp(z))


MINIMISER = HALF * sp.log((1 - e) / e)


@pytest.mark.parametrize(
    "form",
    [
        sp.log(sp.sqrt((1 - e) / e)),
        sp.atanh(1 - 2 * e),
        -HALF * sp.log(e / (1 - e)),
        HALF * (sp.log(1 - e) - sp.log(e)),
    ],
)
def test_exponential_loss_minimiser_forms_are_equal(form):
    assert equivalent(MINIMISER, form, SPACE).verdict == "equivalent"


@pytest.mark.parametrize(
    "wrong",
    [sp.log((1 - e) / e), -MINIMISER, HALF * sp.log(e / (1 - e)), sp.atanh(1 - e)],
    ids=["half-dropped", "sign-flipped", "odds-inverted", "wrong-argument"],
)
def test_exponential_loss_minimiser_mistakes_differ(wrong):
    assert equivalent(MINIMISER, wrong, SPACE).verdict == "different"


def test_logistic_loss_forms_are_equal():
    loss = -sp.log(sigmoid(b * x))
    assert equivalent(loss, softplus(-b * x), SPACE).equivalent
    assert equivalent(loss, sp.log(1 + sp.exp(-b * x)), SPACE).equivalent


def test_logistic_loss_sign_error_differs():
    assert equivalent(-sp.log(sigmoid(b * x)), softplus(b * x), SPACE).verdict == "different"


def test_sigmoid_derivative_forms_are_equal():
    assert equivalent(
        sigmoid(x) * (1 - sigmoid(x)), sp.exp(-x) / (1 + sp.exp(-x)) ** 2, SPACE
    ).equivalent


@pytest.mark.parametrize(
    ("a", "b_", "same"),
    [
        (sp.sqrt(12), 2 * sp.sqrt(3), True),
        ((x + 1) ** 2, x**2 + 2 * x + 1, True),
        (x - 1, (x**2 - 1) / (x + 1), True),
        (sp.Abs(x), sp.sqrt(x**2), True),
        (x, sp.sqrt(x**2), False),
        (1 / sp.sqrt(x), sp.sqrt(1 / x), True),
        # STACK says no (Maxima works over the complex numbers); over the reals both are
        # defined only for x ≥ 5, and agree there
        (sp.sqrt((x - 3) * (x - 5)), sp.sqrt(x - 3) * sp.sqrt(x - 5), True),
        ((x - b) ** 6000, (b - x) ** 6000, True),
        ((x - b) ** 6000, (b - x) ** 5999, False),
        (sp.cos(x) ** 2 + sp.sin(x) ** 2, sp.Integer(1), True),
        (sp.log(b**2 * e), 2 * sp.log(b) + sp.log(e), True),
        (1 / n - 1 / (n + 1), 1 / (n * (n + 1)), True),
        (sp.factorial(n) * (n + 1), sp.factorial(n + 1), True),
        (sp.Rational(1, 3), sp.Float("0.333333333333333"), False),
        (x**2 / 2, sp.Float("0.5") * x**2, True),
    ],
)
def test_stack_style_pairs(a, b_, same):
    assert equivalent(a, b_, SPACE).equivalent is same


def test_sides_defined_on_different_parts_agree_where_both_are_defined():
    # log(x²) is defined for x ≠ 0, 2·log(x) for x > 0: they agree wherever both are
    evidence = equivalent(sp.log(x**2), 2 * sp.log(x), SPACE)
    assert evidence.verdict == "equivalent" and evidence.how == "numeric"


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        (sp.log(sp.Abs(x)), sp.log(x)),  # the absolute value dropped
        (sp.log(sp.Abs(x)), sp.log(-x)),
        (sp.log(x**2), 2 * sp.log(x)),
    ],
)
def test_on_an_interval_given_in_full_the_answer_must_be_defined_where_the_expected_is(
    expected: sp.Expr, answer: sp.Expr
) -> None:
    whole = space_from_mapping({"x": "real (-oo, oo) sample [-3, 3]"})
    evidence = equivalent(expected, answer, whole)
    assert evidence.verdict == "different" and evidence.how == "undefined-where-expected"
    # declared only as real, the two are compared where both are defined, as before
    assert equivalent(expected, answer, space_from_mapping({"x": "real"})).equivalent


def test_an_answer_defined_almost_everywhere_the_expected_is_still_agrees() -> None:
    whole = space_from_mapping({"x": "real (-oo, oo) sample [-3, 3]"})
    assert equivalent(x + 1, (x**2 - 1) / (x - 1), whole).equivalent  # undefined at 1 only


def test_sides_that_differ_where_both_are_defined_are_different():
    evidence = equivalent(x, sp.sqrt(x**2), SPACE)  # both defined everywhere; x < 0 differs
    assert evidence.verdict == "different" and evidence.how == "counterexample"


def test_sides_never_defined_at_the_same_point_are_different():
    evidence = equivalent(sp.log(x), sp.log(-x), SPACE)  # x > 0 against x < 0
    assert evidence.verdict == "different" and evidence.how == "real-vs-complex"


def test_a_real_value_reached_through_complex_steps_is_undefined():
    # √y·√z at y = z = −1 is i·i = −1, a real value, but not one over the reals
    y_, z_ = sp.symbols("y z")
    space = space_from_mapping({"y": "real", "z": "real"})
    assert equivalent(sp.sqrt(y_ * z_), sp.sqrt(y_) * sp.sqrt(z_), space).equivalent
    assert equivalent(sp.log(y_ * z_), sp.log(y_) + sp.log(z_), space).equivalent


def test_tolerance_accepts_a_rounded_number():
    exact = (1 - sp.Rational(1, 100)) ** 100
    assert equivalent(exact, sp.Rational(366, 1000), tol=Tol("rel", 1e-2)).equivalent
    assert not equivalent(exact, sp.Rational(366, 1000)).equivalent


def test_sigfig_tolerance():
    assert equivalent(sp.pi, sp.Rational(314, 100), tol=Tol("sigfig", 3)).equivalent
    assert not equivalent(sp.pi, sp.Rational(315, 100), tol=Tol("sigfig", 3)).equivalent


def test_absolute_tolerance():
    assert equivalent(sp.Integer(10), sp.Rational(1005, 100), tol=Tol("abs", 0.1)).equivalent


def test_no_valid_points_falls_back_to_symbolic_and_may_be_unknown():
    space = space_from_mapping({"x": "(-2, -1)"})
    evidence = equivalent(sp.log(x), sp.log(x) + sp.sqrt(x), space)
    assert evidence.verdict in ("unknown", "different")


@pytest.mark.parametrize(
    ("lhs", "rhs", "same"),
    [
        (sp.Eq(y, 2 * x + 1), sp.Eq(x, (y - 1) / 2), True),
        (sp.Eq(y, 2 * x + 1), sp.Eq(2 * y, 4 * x + 2), True),
        (sp.Eq(y, 2 * x + 1), sp.Eq(y, 2 * x - 1), False),
        (sp.Eq(sp.Abs(x), sp.Abs(y)), sp.Eq((x - y) * (x + y), 0), True),
        (sp.Eq(sp.Abs(x), sp.Abs(y)), sp.Eq(x, y), False),
        (sp.Eq(x**2, 4), sp.Eq(x, 2), False),
        (sp.Eq(b * x, b * y), sp.Eq(x, y), True),  # b is positive: b = 0 is outside
        (sp.Eq(n * x, n * y), sp.Eq(x, y), True),
        (sp.Eq(1 / x + 1 / y, 2), sp.Eq(y, x / (2 * x - 1)), True),
        (sp.Eq(sp.Integer(1), sp.Integer(1), evaluate=False), sp.Eq(x, 1), False),
        (sp.Eq((x - 2) ** 2, 0), sp.Eq(x, 2), False),  # as in STACK: not a rearrangement
        (sp.Eq(y, (x - b) ** 5999), sp.Eq(y, (b - x) ** 5999), False),
        (sp.Eq(x**6000 - x**6001, x**5999), sp.Eq(x**5999 * (1 - x + x**2), 0), True),
        (sp.Eq(sp.sqrt(x), sp.sqrt(y)), sp.Eq(x, y), False),  # x = y = -1 is no real solution
    ],
)
def test_equations_compare_solution_sets(lhs, rhs, same):
    space = space_from_mapping({"x": "real", "y": "real", "b": "positive", "n": "integer >= 1"})
    assert equations_equivalent(lhs, rhs, space).equivalent is same


def test_degenerate_case_of_an_unshared_variable_makes_equations_differ():
    a = sp.Symbol("a")
    space = space_from_mapping({"x": "real", "y": "real", "a": "real"})
    assert equations_equivalent(sp.Eq(a * x, a * y), sp.Eq(x, y), space).verdict == "different"


_atoms = st.sampled_from([x, b, sp.Integer(2), sp.Integer(-3), sp.Rational(1, 2)])


def _combine(children):
    return st.one_of(
        st.builds(lambda p, q: p + q, children, children),
        st.builds(lambda p, q: p * q, children, children),
        st.builds(lambda p: p**2, children),
    )


polynomials = st.recursive(_atoms, _combine, max_leaves=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(polynomials)
def test_expression_equals_its_expansion_and_factorisation(expr):
    assert equivalent(expr, sp.expand(expr), SPACE, rng=random.Random(0)).equivalent
    assert equivalent(expr, sp.factor(expr), SPACE, rng=random.Random(0)).equivalent


@settings(max_examples=25, deadline=None)
@given(polynomials)
def test_adding_one_is_never_equivalent(expr):
    assert equivalent(expr, expr + 1, SPACE, rng=random.Random(0)).verdict == "different"
