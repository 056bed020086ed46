"""The reference evaluator: what authors write works, anything else fails fast and clearly."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.content.model import Exercise, ExerciseKind, SourceRef
from studyapp.references import InvalidReference, answer_value, evaluate_reference
from studyapp.references.evaluator import Evaluator, Limits
from studyapp.references.names import CONSTANTS, REFERENCE_FUNCTIONS

# Far above the evaluator's own 1 s deadline, far below a hang: a loaded CI machine must not
# make these flaky.
NO_HANG_S = 5.0

EVALUATOR = Evaluator(REFERENCE_FUNCTIONS, CONSTANTS)


def evaluate(source: str, **names: object) -> object:
    return EVALUATOR.evaluate(source, names)


def numeric(reference: str, answer: str = "0", givens=(), lets=()) -> Exercise:
    return Exercise(
        id="ex",
        kind=ExerciseKind.NUMERIC,
        prompt="p",
        answer=answer,
        deck_id="d",
        topic_id="t",
        source=SourceRef("x.md", 1),
        givens=tuple(givens),
        lets=tuple(lets),
        reference=reference,
    )


# -- what topics.md allows --------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("7 // 2 + 7 % 2 - 2**3 / 4", 2.0),
        ("-(3)", -3),
        ("1 if 2 < 3 <= 3 else 0", 1),
        ("1 < 2 > 3", False),
        ("not 0 and (0 or 5)", 5),
        ("[1, 2, 3][-1] + (4, 5)[0]", 7),
        ("[1, 2, 3, 4][1:3]", [2, 3]),
        ("sum(x * y for x, y in zip([1, 2], [3, 4]))", 11),
        ("[i * j for i in range(3) for j in range(2) if i != j]", [0, 0, 0, 2]),
        ("[w for i, w in enumerate([5, 6, 7], 1) if i in (1, 3)]", [5, 7]),
        ("sorted([3, 1, 2], reverse=True)", [3, 2, 1]),
        ("len(list(reversed([1, 2, 3])))", 3),
        ("round(2.345, 2)", 2.35),
        ("all([1, 2]) and not any([0, 0])", True),
        ("max(1, 5, 3) - min([4, 2])", 3),
        ("prod([2, 3, 4]) + comb(5, 2) + factorial(4)", 58),
        ("ceil(2.1) + floor(2.9) + int(3.9) + float(1)", 9.0),
        ("abs(-2) + hypot(3, 4) + dist([0, 0], [3, 4])", 12.0),
        ("log(8, 2) + log2(8) + log10(1000)", 9.0),
        ("fsum([0.1] * 10)", 1.0),
        ("sigmoid(0) + softplus(0) - log(2) + Phi(0)", 1.0),
        ("cos(0) + sin(0) + tanh(0) + exp(0) + erf(0) + sqrt(4)", 4.0),
        ("pi > 3 and inf > 10**100", True),
    ],
)
def test_allowed_syntax_evaluates_like_python(source: str, expected: object) -> None:
    assert evaluate(source) == pytest.approx(expected)


def test_loop_variables_shadow_constants() -> None:
    # topics.md's KL exercises write ``for pi, qi in zip(p, q)``.
    assert evaluate("sum(pi for pi in p)", p=[0.25, 0.75]) == 1.0


def test_loop_variables_do_not_leak() -> None:
    with pytest.raises(InvalidReference, match="unknown name 'i'"):
        evaluate("[i for i in range(3)][0] + i")


def test_givens_may_be_named_like_builtins() -> None:
    assert evaluate("2 * layers * bytes", layers=32, bytes=2) == 128


def test_reference_functions_are_callable() -> None:
    assert evaluate("receptive_field(zip(k, s))", k=[11, 3], s=[4, 2]) == 19
    assert evaluate("kv_cache_bytes(32, 8, 128, 2)") == 131072
    assert evaluate("adaboost_round([0.5, 0.5], [True, False])[1]") == pytest.approx(0.0)


def test_sigmoid_does_not_overflow() -> None:
    assert evaluate("sigmoid(-1000)") == 0.0


# -- what is refused --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("().__class__", "attribute access"),
        ("x.real", "attribute access"),
        ("__import__(1)", "leading underscore"),
        ("_secret", "leading underscore"),
        ("'text'", "type str"),
        ("lambda: 1", "lambda"),
        ("(y := 2)", "assignment"),
        ("{1: 2}", "a dict"),
        ("{1, 2}", "a set"),
        ("f'{1}'", "f-string"),
        ("sum(*[1, 2])", "unpacking"),
        ("open(1)", "unknown function 'open'"),
        ("eval(1)", "unknown function 'eval'"),
        ("(lambda: 1)()", "only functions called by name"),
        ("max", "is a function"),
        ("alpah + 1", "unknown name 'alpah'"),
        ("1 +", "cannot parse"),
        ("1j", "complex"),
        ("(-8) ** 0.5", "complex"),
        ("1 / 0", "division by zero"),
        ("log(0)", "math domain error"),
        ("exp(1000)", "overflow"),
        ("[1, 2][5]", "out of range"),
        ("[1, 2][0.5]", "must be an integer"),
        ("3 << 2", "'LShift'"),
    ],
)
def test_refused(source: str, message: str) -> None:
    with pytest.raises(InvalidReference, match=message):
        evaluate(source, x=1)


@pytest.mark.parametrize(
    "source",
    [
        "9**9**9**9",
        "2**100000",
        "10**4000 * 10**4000",
        "factorial(10**100)",
        "comb(10**9, 5 * 10**8)",
        "len(range(10**12))",
        "[0] * 10**9",
        "[[0] * 100000 for i in range(100000)]",
        "sum(1 for i in range(99999) for j in range(99999))",
        "round(1, -10**9)",
        "prod([2**15000, 2**15000])",
        "int(1e308) ** 100",
    ],
)
def test_resource_bombs_fail_fast(source: str) -> None:
    start = time.perf_counter()
    with pytest.raises(InvalidReference):
        evaluate(source)
    assert time.perf_counter() - start < NO_HANG_S


def test_step_limit_stops_long_loops() -> None:
    small = Evaluator(REFERENCE_FUNCTIONS, CONSTANTS, Limits(steps=1000))
    with pytest.raises(InvalidReference, match="1000 steps"):
        small.evaluate("sum(i for i in range(10000))")


def test_deeply_nested_input_is_refused() -> None:
    with pytest.raises(InvalidReference):
        evaluate("-" * 3000 + "1")


def test_overlong_input_is_refused() -> None:
    with pytest.raises(InvalidReference, match="longer than"):
        evaluate("1 + " * 2000 + "1")


# -- exercises --------------------------------------------------------------------------


def test_reference_uses_givens_and_lets_in_order() -> None:
    exercise = numeric(
        "new[1] / sum(new)",
        givens=[("w", "[0.25, 0.25, 0.5]"), ("mis", "[2]")],
        lets=[
            ("e", "sum(w[i - 1] for i in mis)"),
            ("a", "0.5 * log((1 - e) / e)"),
            ("new", "[wi * exp(a if i + 1 in mis else -a) for i, wi in enumerate(w)]"),
        ],
    )
    assert evaluate_reference(exercise) == pytest.approx(0.5)


def test_params_override_givens() -> None:
    exercise = numeric("n - 1", givens=[("n", "12")])
    assert evaluate_reference(exercise, {"n": 40}) == 39.0


def test_params_must_name_givens() -> None:
    exercise = numeric("n - 1", givens=[("n", "12")])
    with pytest.raises(InvalidReference, match="no given named 'm'"):
        evaluate_reference(exercise, {"m": 3})


@pytest.mark.parametrize(
    "value",
    ["x" * 10, {"a": 1}, [1, "2"], None, 10**10000],
    ids=["string", "dict", "mixed-list", "none", "huge-int"],
)
def test_params_from_the_store_must_be_numbers(value: object) -> None:
    exercise = numeric("n * 3", givens=[("n", "12")])
    with pytest.raises(InvalidReference):
        evaluate_reference(exercise, {"n": value})


def test_errors_name_the_failing_line() -> None:
    exercise = numeric("a", givens=[("n", "0")], lets=[("a", "1 / n")])
    with pytest.raises(InvalidReference, match="let a: division by zero"):
        evaluate_reference(exercise)


def test_a_list_reference_is_not_a_number() -> None:
    with pytest.raises(InvalidReference, match="not a number"):
        evaluate_reference(numeric("[1, 2]"))


def test_an_infinite_reference_is_refused() -> None:
    with pytest.raises(InvalidReference, match="not a finite number"):
        evaluate_reference(numeric("inf"))


def test_givens_cannot_call_functions() -> None:
    with pytest.raises(InvalidReference, match="given n: unknown function 'exp'"):
        evaluate_reference(numeric("n", givens=[("n", "exp(1)")]))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("131072", 131072.0),
        ("3.7908e25", 3.7908e25),
        ("log(7/3)/2", 0.5 * math.log(7 / 3)),
        ("(9/10)**50", 0.9**50),
        ("1/(1 + 10**(-3/4))", 1 / (1 + 10 ** (-0.75))),
        ("-29/8 - log(2*pi)", -29 / 8 - math.log(2 * math.pi)),
        ("sqrt(13)/2 + Abs(-1) + atanh(0)", math.sqrt(13) / 2 + 1),
        ("(1 + erf(1/sqrt(2)))/2", 0.8413447460685429),
    ],
)
def test_answer_closed_forms(answer: str, expected: float) -> None:
    assert answer_value(numeric("0", answer=answer)) == pytest.approx(expected, rel=1e-12)


def test_answer_cannot_use_python_only_names() -> None:
    with pytest.raises(InvalidReference, match="answer: unknown function 'sum'"):
        answer_value(numeric("0", answer="sum([1, 2])"))


# -- fuzzing ----------------------------------------------------------------------------

# Fragments of reference syntax, glued together at random.
ATOMS = ["1", "2", "0", "9", "0.5", "1e308", "x", "xs", "i", "pi", "inf", ".", "_", "'"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "(", ")", "[", "]", ",", ":", "<", "=="]
WORDS = [" for i in ", " if ", " else ", " and ", " not ", " in "]
CALLS = "range sum prod factorial comb exp log sorted zip len round max receptive_field softmax"
TOKENS = ATOMS + OPERATORS + WORDS + [f"{name}(" for name in CALLS.split()]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_token_soup_never_crashes_or_hangs(source: str) -> None:
    start = time.perf_counter()
    try:
        evaluate(source, x=3, xs=[1, 2, 3])
    except InvalidReference:
        pass
    assert time.perf_counter() - start < NO_HANG_S


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_never_crashes(source: str) -> None:
    try:
        evaluate(source)
    except InvalidReference:
        pass
