"""How the parser reads habits of typed numbers and formulas, and says how it read them."""

from __future__ import annotations

import pytest
import sympy

from studyapp.checking.reading import InvalidAnswer, parse_answer


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


e, n, a, j, x = (sym(s) for s in ("e", "n", "a", "j", "x"))


@pytest.mark.parametrize(
    ("text", "value", "note"),
    [
        ("131,072", 131072, "commas group the thousands"),
        ("6,738,415,616", 6738415616, "commas group the thousands"),
        ("131 072", 131072, "digits grouped by thousands"),
        ("131\u202f072", 131072, "digits grouped by thousands"),
        ("131_072", 131072, "digits grouped by thousands"),
        ("0,85", sympy.Rational(85, 100), "a decimal comma"),
        ("1,000 - 200", 800, "commas group the thousands"),
        ("6.738.415.616", 6738415616, "dots group the thousands"),
        ("1.000.000 - 1", 999999, "dots group the thousands"),
    ],
)
def test_grouped_digits_and_decimal_commas_outside_brackets(text, value, note) -> None:
    parsed = parse_answer(text)
    assert sympy.Rational(str(parsed.value)) == value
    assert any(note in n for n in parsed.notes)


def test_a_comma_inside_brackets_still_separates_arguments() -> None:
    assert parse_answer("log(8,2)").value == 3


@pytest.mark.parametrize("text", ["6,000,00", "6.000.00", "1.000.000.5"])
def test_a_badly_grouped_number_is_invalid(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_answer(text)


def test_one_dot_is_a_decimal_point_even_before_three_digits() -> None:
    assert sympy.Rational(str(parse_answer("1.234").value)) == sympy.Rational(1234, 1000)


def test_percent_is_a_hundredth_and_says_so() -> None:
    parsed = parse_answer("12.5%")
    assert sympy.Rational(str(parsed.value)) == sympy.Rational(1, 8)
    assert parsed.interpreted == "12.5/100"


def test_percent_followed_by_an_operand_is_not_a_remainder() -> None:
    with pytest.raises(InvalidAnswer, match="remainder of a division is not supported"):
        parse_answer("7 % 3")


def test_a_full_stop_ending_the_answer_is_ignored() -> None:
    assert parse_answer("0.5.").value == parse_answer("0.5").value


def test_superscript_letters_are_powers() -> None:
    assert parse_answer("a(1 − a)ʲ", ("a", "j")).value == a * (1 - a) ** j


def test_a_function_written_against_its_number_is_called() -> None:
    parsed = parse_answer("sqrt2 + ln3")
    assert parsed.value == sympy.sqrt(2) + sympy.log(3)
    assert "read `sqrt2` as √2" in parsed.notes


def test_a_root_can_follow_a_function_without_parentheses() -> None:
    assert parse_answer("ln √e", ("e",)).value == sympy.log(sympy.sqrt(e))


def test_log_e_is_the_natural_logarithm_even_when_e_is_a_variable() -> None:
    assert parse_answer("log_e(2e)", ("e",)).value == sympy.log(2 * e)


def test_a_power_one_over_two_is_read_as_written_with_a_warning() -> None:
    parsed = parse_answer("n^1/2", ("n",))
    assert parsed.value == n / 2
    assert any("type n^(1/2) for a fractional power" in note for note in parsed.notes)


def test_strict_reading_refuses_unknown_names_without_variables() -> None:
    with pytest.raises(InvalidAnswer, match="did you mean `pi`"):
        parse_answer("pi2/6", strict=True)
    assert parse_answer("pi2/6").names == {"pi2"}  # a trusted expected answer: free mode


def test_decimals_stay_exact_through_eager_arithmetic() -> None:
    two_to_half = parse_answer("2^0.5").value
    assert abs(sympy.N(two_to_half - sympy.sqrt(2), 50)) < sympy.Float("1e-45")


@pytest.mark.parametrize("text", ["w_1 + w_2", "w₁ + w₂"])
def test_subscripts_of_declared_names_are_those_names(text: str) -> None:
    assert parse_answer(text, ("w1", "w2")).value == sym("w1") + sym("w2")


@pytest.mark.parametrize(
    ("text", "declared", "name"),
    [
        ("x₁", ("x_1",), "x_1"),
        ("β₁", ("beta_1",), "beta_1"),
        ("xᵢ", ("x_i",), "x_i"),
        ("w₁₂", ("w_12",), "w_12"),
        ("β₁", (), "beta_1"),
    ],
)
def test_a_unicode_subscript_is_the_typed_subscript(
    text: str, declared: tuple[str, ...], name: str
) -> None:
    assert parse_answer(text, declared).value == sym(name)


@pytest.mark.parametrize(("text", "value"), [("log₂64", 6), ("log₁₀1000", 3), ("log₃(9)", 2)])
def test_subscripted_logarithms_keep_their_base(text: str, value: int) -> None:
    assert parse_answer(text).value == value


def test_a_mixed_number_is_its_sum() -> None:
    parsed = parse_answer("2¼")
    assert parsed.value == sympy.Rational(9, 4)
    assert "read `2¼` as 9/4 (a mixed number)" in parsed.notes


def test_ceiling_and_floor_brackets_are_calls() -> None:
    assert parse_answer("⌈log₂(1000001)⌉ + ⌊2.5⌋").value == 22


def test_a_function_without_parentheses_takes_the_power_of_its_argument() -> None:
    x = sym("x")
    assert parse_answer("ln x^2", ("x",)).value == sympy.log(x**2)
    assert parse_answer("sin^2 x", ("x",)).value == sympy.sin(x) ** 2


def test_an_equals_sign_before_the_answer_is_ignored() -> None:
    parsed = parse_answer("= 2x", ("x",))
    assert parsed.value == 2 * sym("x")
    assert "ignored the `=` before the answer" in parsed.notes


def test_a_subscripted_function_name_takes_a_bare_argument() -> None:
    assert parse_answer("log₂64").value == 6


def test_a_split_greek_name_keeps_the_columns_of_what_was_typed() -> None:
    notes = parse_answer("0.5ηs + z", ("eta", "s", "z")).notes
    assert "read `0.5ηs` as 0.5·η·s" in notes


def test_spaces_inside_brackets_are_not_spaces_between_factors() -> None:
    notes = parse_answer("βx(1/v - 1/2)", ("beta", "x", "v")).notes
    assert not any("a space between factors" in note for note in notes)


def test_swiss_apostrophes_group_thousands() -> None:
    assert parse_answer("131'072").value == 131072


def test_a_superscript_may_hold_a_number_and_a_letter() -> None:
    assert parse_answer("e⁻²ˣ", ("x",)).value == sympy.exp(-2 * sym("x"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("x*σ'(x)", x * sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2),  # the sigmoid's derivative
        ("1 + tanh′(x)", 2 - sympy.tanh(x) ** 2),
        ("2*tanh''(x)", 4 * (sympy.tanh(x) ** 2 - 1) * sympy.tanh(x)),
        ("1 - sigmoid’(x)", 1 - sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2),
    ],
)
def test_a_prime_after_a_function_is_its_derivative(text: str, value: sympy.Expr) -> None:
    parsed = parse_answer(text, ["x"])
    assert sympy.simplify(parsed.value - value) == 0
    assert any("as the derivative" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("σ'(x)", "only names the derivative"),  # the question again, not an answer
        ("-tanh'(x)", "only names the derivative"),
        ("f'(x)", "a prime marks the derivative of a function"),  # f is no known function
        ("log'(x, 2)", "takes one argument"),
    ],
)
def test_a_prime_that_gives_no_derivative_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        parse_answer(text, ["x"])
