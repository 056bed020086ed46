"""The answer parser: what learners type becomes the sympy expression they meant."""

from __future__ import annotations

import pytest
import sympy

from studyapp.checking.reading import InvalidAnswer, parse_answer
from studyapp.content.model import FunctionDef


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


x, y, a, b, e, n = (sym(s) for s in ("x", "y", "a", "b", "e", "n"))


def value(text: str, names=("x",), **kwargs) -> sympy.Basic:
    return parse_answer(text, names, **kwargs).value


def same(text: str, expected: sympy.Basic, names=("x",)) -> bool:
    got = value(text, names)
    return got == expected or sympy.simplify(got - expected) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2", x**2),
        ("x**2", x**2),
        ("x²", x**2),
        ("x³ − 2·x", x**3 - 2 * x),
        ("6÷3×x", 2 * x),
        ("2x", 2 * x),
        ("2(x+1)", 2 * x + 2),
        ("(x+1)(x-1)", x**2 - 1),
        ("x(x+1)", x**2 + x),
        ("2pi", 2 * sympy.pi),
        ("2π", 2 * sympy.pi),
        ("3sqrt(2)", 3 * sympy.sqrt(2)),
        ("√x", sympy.sqrt(x)),
        ("√(x+1)", sympy.sqrt(x + 1)),
        ("½x", x / 2),
        ("1/2x", x / 2),
        ("-x^2", -(x**2)),
        ("2^-1", sympy.Rational(1, 2)),
        ("x^2^3", x**8),
        ("e^x", sympy.exp(x)),
        ("exp(1)", sympy.E),
        ("%e^x", sympy.exp(x)),
        ("%pi", sympy.pi),
        ("ln(x)", sympy.log(x)),
        ("ln x", sympy.log(x)),
        ("log(x, 2)", sympy.log(x, 2)),
        ("log10(x)", sympy.log(x, 10)),
        ("|x|", sympy.Abs(x)),
        ("abs(x)", sympy.Abs(x)),
        ("||x| - 1|", sympy.Abs(sympy.Abs(x) - 1)),
        ("2|x|", 2 * sympy.Abs(x)),
        ("max(x, 0)", sympy.Max(x, 0)),
        ("relu(x)", sympy.Max(x, 0)),
        ("sigmoid(x)", 1 / (1 + sympy.exp(-x))),
        ("σ(x)", 1 / (1 + sympy.exp(-x))),
        ("softplus(x)", sympy.log(1 + sympy.exp(x))),
        ("Phi(x)", (1 + sympy.erf(x / sympy.sqrt(2))) / 2),
        ("tanh(x) + atanh(x)", sympy.tanh(x) + sympy.atanh(x)),
        ("arctan(x)", sympy.atan(x)),
        ("sin^2(x) + cos²x", sympy.Integer(1)),
        ("1e-3", sympy.Rational(1, 1000)),
        ("1.5E3", sympy.Integer(1500)),
        ("oo", sympy.oo),
        ("inf", sympy.oo),
        ("∞", sympy.oo),
        ("floor(x) + ceiling(x)", sympy.floor(x) + sympy.ceiling(x)),
        ("sign(x)", sympy.sign(x)),
        ("erf(x)", sympy.erf(x)),
    ],
)
def test_reads_common_notation(text: str, expected: sympy.Expr) -> None:
    assert same(text, expected)


def test_factorial_and_binomial_are_exact() -> None:
    assert value("5!", ()) == 120
    assert value("binomial(5, 2)", ()) == 10
    assert value("n!", ("n",)) == sympy.factorial(n)


def test_declared_names_win_over_constants_and_functions() -> None:
    names = ("e", "E", "I", "S", "N", "O", "Q", "beta", "gamma")
    parsed = parse_answer("e + E + I + S + N + O + Q + beta + gamma", names)
    assert parsed.expr == sum(sym(s) for s in names)


def test_undeclared_e_is_eulers_number() -> None:
    assert value("e^x") == sympy.exp(x)


def test_declared_e_is_a_variable_even_next_to_a_number() -> None:
    assert value("2e-1", ("e",)) == 2 * e - 1


def test_lambda_and_lam_and_greek_letter_are_one_variable() -> None:
    for names in (("lam",), ("lambda",)):
        target = sym(names[0])
        assert value("λ", names) == target
        assert value("lam", names) == target
        assert value("lambda", names) == target


def test_greek_letters_map_to_ascii_names() -> None:
    assert value("α + β·ε", ("alpha", "beta", "epsilon")) == sym("alpha") + sym("beta") * sym(
        "epsilon"
    )


def test_unknown_run_is_split_into_declared_names() -> None:
    parsed = parse_answer("2ab", ("a", "b"))
    assert parsed.expr == 2 * a * b
    assert any("a·b" in note for note in parsed.notes)


def test_multi_letter_declared_names_are_kept_whole() -> None:
    assert value("Sxy/Sxx", ("Sxy", "Sxx")) == sym("Sxy") / sym("Sxx")


def test_free_mode_accepts_any_identifier_whole() -> None:
    assert value("xy + z", ()) == sym("xy") + sym("z")


def test_equation_is_returned_as_unevaluated_eq() -> None:
    parsed = parse_answer("y = 2x + 1", ("x", "y"))
    assert parsed.kind == "equation"
    assert parsed.equation == sympy.Eq(y, 2 * x + 1)


def test_symbols_override_carries_assumptions() -> None:
    positive = sympy.Symbol("x", positive=True)
    assert value("sqrt(x^2)", (), symbols={"x": positive}) == positive


def test_user_function_is_expanded_with_its_body() -> None:
    m = FunctionDef("m", ("u",), "tanh(u) + u**2/3")
    assert value("m(2x)", ("x",), functions=[m]) == sympy.tanh(2 * x) + (2 * x) ** 2 / 3


def test_sum_binds_its_index_without_declaration() -> None:
    parsed = parse_answer("Sum(i, (i, 1, n))", ("n",))
    assert sympy.simplify(parsed.expr.doit() - n * (n + 1) / 2) == 0


def test_determinant_of_matrix() -> None:
    assert value("det(Matrix([[a, 1], [0, b]]))", ("a", "b")) == a * b


@pytest.mark.parametrize(
    ("text", "interpreted"),
    [
        ("1/2*log((1-e)/e)", "(1/2)·log((1 − e)/e)"),
        ("2x", "2·x"),
        ("1/2x", "(1/2)·x"),
        ("x^2", "x²"),
        ("σ(x)(1-σ(x))", "σ(x)·(1 − σ(x))"),
        ("sqrt(x)", "√x"),
        ("-x^2", "−x²"),
        ("(-x)^2", "(−x)²"),
        ("a - (b - x)", "a − (b − x)"),
    ],
)
def test_interpretation_shows_the_structure_read(text: str, interpreted: str) -> None:
    assert parse_answer(text, ("a", "b", "e", "x")).interpreted == interpreted


def test_implicit_multiplication_after_division_is_explained() -> None:
    notes = parse_answer("1/2x", ("x",)).notes
    assert any("1/(2x)" in note for note in notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty answer"),
        ("   ", "empty answer"),
        ("alpah", "unknown name `alpah` — did you mean `alpha`?"),
        ("(x + 1", "unbalanced parenthesis: `(` at column 1 is never closed"),
        ("x + 1)", "`)` at column 6 has no matching"),
        ("x; y", "`;` is not allowed"),
        ("sqrt(0,5)", "commas are not accepted in numbers: write 0.5"),
        ("x.real", "`.` is only allowed inside a number"),
        ("__import__('os')", "names starting with `_` are not allowed"),
        ("2 3", "two numbers side by side"),
        ("x +", "needs something after it"),
        ("1/0", "division by zero"),
        ("sin", "needs its argument in parentheses"),
        ("log(x, 2, 3)", "`log` takes 1 to 2 arguments, got 3"),
        ("x = y = 1", "only one `=`"),
        ("x < 1", "not allowed here"),
        ("'x'", "quotes are not allowed"),
        ("\\def\\x{1}", "`\\def` at column 1 is not understood"),
        ("(x]", "does not match"),
    ],
)
def test_invalid_input_has_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer(text, ("alpha", "x", "y"))
    assert message in error.value.message


def test_unbalanced_parenthesis_reports_its_column() -> None:
    with pytest.raises(InvalidAnswer) as error:
        parse_answer("log((1-e)/e) + (x", ("e", "x"))
    assert error.value.column == 16


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9**9",
        "10**10**10",
        "factorial(10**100)",
        "(10**100)!",
        "2**2**2**2**2**2",
        "(2*x)**(10**200)",
        "binomial(10**100, 10**50)",
        "2.0**(10**100)",
        "1" * 400,
        "1e99999",
        "x" * 2001,
        "(" * 200 + "x" + ")" * 200,
        "-" * 500 + "x",
        "diff(x, x, 1000)",
        "10**100000",
    ],
)
def test_explosive_input_is_rejected_quickly(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_answer(text, ("x",))
