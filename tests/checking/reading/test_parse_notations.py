"""Spellings from other e-assessment systems (STACK/Maxima, PrairieLearn, WeBWorK) and
the edge cases of names, notes and limits."""

from __future__ import annotations

import time

import pytest
import sympy

from studyapp.checking.reading import InvalidAnswer, parse_answer
from studyapp.checking.reading.build import FLOAT_DIGITS


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


m, n, x, y, a, b = (sym(s) for s in ("m", "n", "x", "y", "a", "b"))
alpha, mu0 = sym("alpha"), sym("mu0")


# Pairs in the style of PrairieLearn's symbolic-input tests (variables m, n, alpha, mu0).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n alpha", alpha * n),
        ("n log^2 2n", n * sympy.log(2 * n) ** 2),
        ("nm^(-1)", n / m),
        ("factorial(3m)", sympy.factorial(3 * m)),
        ("m! + n", sympy.factorial(m) + n),
        ("5mn sin m + arccos 3n", 5 * m * n * sympy.sin(m) + sympy.acos(3 * n)),
        ("sin**2 (m)", sympy.sin(m) ** 2),
        ("sin 5n", sympy.sin(5 * n)),
        ("sin atan n", sympy.sin(sympy.atan(n))),
        ("+5n", 5 * n),
        ("-5n", -5 * n),
        ("1+μ0", 1 + mu0),
        ("m − （n + m）", -n),
        ("m ＋ n", m + n),
        ("min(alpha, m, n)", sympy.Min(alpha, m, n)),
        ("abs(n) * sgn(n)", sympy.Abs(n) * sympy.sign(n)),
        ("infty + 99", sympy.oo),
        ("ln(e**2)", sympy.Integer(2)),
    ],
)
def test_prairielearn_style_input(text: str, expected: sympy.Expr) -> None:
    assert parse_answer(text, ("m", "n", "alpha", "mu0")).value == expected


# Maxima spellings used in STACK's answer-test fixtures, read in free mode.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%e^x", sympy.exp(x)),
        ("%pi/2", sympy.pi / 2),
        ("exp(%i*%pi)", sympy.Integer(-1)),
        ("lg(10^x)", x),
        ("lg(27, 3)", sympy.Integer(3)),
        ("log_2(8)", sympy.Integer(3)),
        ("log_b(a)", sympy.log(a) / sympy.log(b)),
        ("logbase(27, 3)", sympy.Integer(3)),
        ("root(x, 3)", sympy.root(x, 3)),
        ("signum(-3)", sympy.Integer(-1)),
        ("1+cosec(3*x)", 1 + sympy.csc(3 * x)),
        ("1+cosech(3*x)", 1 + sympy.csch(3 * x)),
        ("4^(-1/2)", sympy.Rational(1, 2)),
        ("5.1e-2", sympy.Float("0.051", FLOAT_DIGITS)),
        ("-minf", sympy.oo),
        ("(x-a)^6000", (x - a) ** 6000),
        (
            "sum(k, k, 1, n)",
            sympy.Sum(sympy.Symbol("k", integer=True), (sympy.Symbol("k", integer=True), 1, n)),
        ),
        ("a(b+c)", a * (b + sym("c"))),
        ("xsin(1)", x * sympy.sin(1)),
        ("fact(5)", sympy.Integer(120)),
    ],
)
def test_stack_style_input_in_free_mode(text: str, expected: sympy.Expr) -> None:
    value = parse_answer(text).value
    assert value == expected or sympy.simplify(value - expected) == 0


def test_mathematical_alphanumerics_fold_to_ascii() -> None:
    assert parse_answer("\U0001d400 + \U0001d435").value == sym("A") + sym("B")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x and y", "`and` is not allowed"),
        ("epsilon[1.5]", "write an index as epsilon[1]"),
        ("gcd(x, y)", "unknown function `gcd`"),
        ("[1, 2]", "a list or tuple is only allowed"),
        ("50 % 7", "the remainder of a division is not supported"),
        ("%foo", "unknown constant `%foo`"),
        ("(1,000)", "commas are not accepted"),
        ("sqrt(0,5)", "write 0.5 instead of 0,5"),
        ("(0,5)", "write 0.5 instead of 0,5"),
    ],
)
def test_unsupported_notations_are_explained(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer(text)
    assert message in error.value.message


def test_ambiguous_split_is_rejected_with_both_readings() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("abc", ("a", "b", "c", "ab", "bc"))
    assert "ambiguous" in error.value.message


def test_unknown_name_lists_the_declared_variables_when_nothing_is_close() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("q", ("alpha", "beta"))
    assert "alpha, beta" in error.value.message


def test_unknown_greek_name_is_not_split_into_letters() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("beta", ("b", "e", "t", "a"))
    assert "unknown name `beta`" in error.value.message


def test_sigma_is_a_variable_alone_and_sigmoid_when_called() -> None:
    assert parse_answer("σ^2", ("sigma",)).value == sym("sigma") ** 2
    assert parse_answer("σ(x)", ("x",)).value == 1 / (1 + sympy.exp(-x))


def test_a_declared_sigma_multiplies_as_any_declared_name_does() -> None:
    sigma = sym("sigma")
    assert parse_answer("σ(1-σ)", ("sigma",)).value == sigma * (1 - sigma)
    assert parse_answer("sigma(1-sigma)", ("sigma",)).value == sigma * (1 - sigma)


def test_declared_function_name_multiplies_instead_of_calling() -> None:
    assert parse_answer("beta(x+1)", ("beta", "x")).value == sym("beta") * (x + 1)


def test_phi_glyph_calls_the_normal_cdf() -> None:
    assert parse_answer("Φ(0)").value == sympy.Rational(1, 2)


def test_declared_E_disables_scientific_notation_with_capital_e() -> None:
    assert parse_answer("3E-1", ("E",)).value == 3 * sym("E") - 1


def test_equation_sides_are_kept_unevaluated() -> None:
    parsed = parse_answer("1 = 1")
    assert parsed.kind == "equation"
    assert isinstance(parsed.equation, sympy.Eq)


def test_relations_only_when_allowed() -> None:
    parsed = parse_answer("g <= h", ("g", "h"), allow_relations=True)
    assert parsed.kind == "relation"
    assert parsed.relation == sympy.Le(sym("g"), sym("h"))


def test_names_reports_the_variables_used() -> None:
    assert parse_answer("a x + e", ("a", "b", "x")).names == {"a", "x"}


def test_one_note_per_product() -> None:
    notes = parse_answer("5mn sin m", ("m", "n")).notes
    assert len([note for note in notes if note.startswith("read `5mn")]) == 1


def test_exponent_note_warns_about_e_to_the_2x() -> None:
    notes = parse_answer("e^2x", ("x",)).notes
    assert any("longer exponent" in note for note in notes)


def test_pretty_renders_the_value_on_several_lines() -> None:
    assert "─" in parse_answer("1/(x+1)", ("x",)).pretty()


@pytest.mark.parametrize(
    "text",
    [
        "+".join(["x"] * 500),
        "*".join(["x"] * 500),
        " ".join(["x"] * 600),
        "x" * 999,
        "|" * 55 + "x" + "|" * 55,
        "^".join(["x"] * 50),
        "sin(" * 55 + "x" + ")" * 55,
    ],
)
def test_long_inputs_parse_or_fail_within_a_second(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_answer(text, ("x",))
    except InvalidAnswer:
        pass
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanh^-1(1-2x)", sympy.atanh(1 - 2 * x)),
        ("tanh⁻¹(1-2x)", sympy.atanh(1 - 2 * x)),
        ("sin^-1 x", sympy.asin(x)),
        ("Ln(x)", sympy.log(x)),
        ("SIN(x)^2", sympy.sin(x) ** 2),
        ("sigma(x)", 1 / (1 + sympy.exp(-x))),
    ],
)
def test_inverse_and_loose_function_spellings(text: str, expected: sympy.Expr) -> None:
    assert parse_answer(text, ("x",)).value == expected


def test_negative_power_of_a_function_without_inverse_is_ambiguous() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("log^-1(x)", ("x",))
    assert "write 1/log(…)" in error.value.message


def test_declared_sigma_before_parenthesis_multiplies() -> None:
    assert parse_answer("sigma(x)", ("sigma", "x")).value == sym("sigma") * x


@pytest.mark.parametrize("text", ["1.5x10^-3", "1.5 x 10^-3", "1.5×10^-3"])
def test_x_between_numbers_is_a_times_sign_when_x_is_not_a_variable(text: str) -> None:
    assert parse_answer(text).value == sympy.Float("0.0015", FLOAT_DIGITS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/(1+e^{-x})", 1 / (1 + sympy.exp(-x))),
        ("ln|x|", sympy.log(sympy.Abs(x))),
        ("1e−3", sympy.Float("0.001", FLOAT_DIGITS)),
        ("x\u200b+\u00a01", x + 1),
    ],
)
def test_typing_habits_from_latex_and_word_processors(text: str, expected: sympy.Expr) -> None:
    assert parse_answer(text, ("x",)).value == expected


def test_sympy_refusals_become_invalid_answers() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("max(x, %i)", ("x",))
    assert "cannot be worked with" in error.value.message
