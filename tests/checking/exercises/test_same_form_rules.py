"""``same-form-rules``: the expected answer's form up to order and grouping, with the
rewriting rules an author names (STACK's EqualComAssRules). Our own cases, one or more
per rule: each shows what the rule allows and what it still refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.checking.exercises import grade_expression_here
from studyapp.checking.exercises.answer_tests import UnknownTest, read_test
from studyapp.content.answer_test_spec import FORM_RULES

C, W, X = "correct", "incorrect", "invalid"


def _verdict(expect: str, answer: str, rules: str) -> str:
    return grade_expression_here(expect, answer, test=f"same-form-rules {rules}").verdict


_IDENTITY = [
    # order and grouping always, nothing else without a rule
    ("x*y+1", "1+y*x", "zeroAdd", C),
    ("(a+b)+c", "a+(b+c)", "zeroAdd", C),
    ("2*x", "x+x", "zeroAdd", W),
    ("x", "0+x", "zeroAdd", C),
    ("x", "x+0", "oneMul", W),
    ("0", "y*0*x", "zeroMul", C),
    ("x", "1*x", "oneMul", C),
    ("sin(t)/5", "1/5*sin(t)", "oneMul", C),  # (1/5)·sin t: 1·sin t / 5
    ("-sin(t)/5", "-1/5*sin(t)", "oneMul", C),
    ("x", "x/1", "oneDiv", C),
    ("x*1", "x/1", "oneDiv", W),  # x/1 is x, and x*1 is not x without oneMul
    ("1", "1^n", "onePow", C),
    ("1", "(2-1)^n", "onePow", W),  # literally 2-1: the rules do no arithmetic
    ("x", "x^1", "idPow", C),
    ("1", "x^0", "zPow", C),
    ("1", "x^(1-1)", "zPow", W),
    ("0", "0^x", "zeroPow", C),
    ("0", "0^(2-2)", "zeroPow", W),  # 0^0 is not 0, however the 0 is written
    # the prime factorisation example: 1617 = 3·7²·11
    ("3^1*7^2*11^1", "2^0*3^1*5^0*7^2*11^1", "oneMul idPow zPow", C),
    ("3^1*7^2*11^1", "3*7^2*11", "idPow", C),
    ("3^1*7^2*11^1", "3*7*7*11", "idPow", W),
]


_MINUS_SIGNS = [
    ("a*b", "(-a)*(-b)", "zeroAdd", W),  # two minus signs stay two
    ("-(a*b)", "(-a)*b", "zeroAdd", C),  # a minus sign is a factor like any other
    ("a*b", "(-a)*(-b)", "negNeg", C),
    ("a", "-(-a)", "negNeg", C),
    ("-a", "-(-(-a))", "negNeg", C),
    ("a", "-(-(-a))", "negNeg", W),
    ("-3/x", "3/(-x)", "negDiv", C),
    ("-3/x", "3/(-x)", "ID_TRANS", W),
    ("a/x", "(-a)/(-x)", "negDiv negNeg", C),
    ("y-x", "-(x-y)", "negOrd", C),
    ("x*(1-x)", "-x*(x-1)", "NEG_TRANS", C),
    ("5*t*(t-3)", "-5*t*(3-t)", "NEG_TRANS", C),
    ("-(p-q)^2", "(p-q)*(q-p)", "NEG_TRANS", W),  # no laws of indices
    ("-(p-q)*(p-q)", "(p-q)*(q-p)", "NEG_TRANS", C),
    ("x*(-x-1)", "-x*(x+1)", "negDist", C),
    ("x*(-x-1)", "-x*(x+1)", "negNeg", W),
]


_DIVISIONS = [
    ("5/(3*y)", "1/3*5/y", "oneMul", W),  # two denominators
    ("5/(3*y)", "1/3*5/y", "oneMul recipMul", C),
    ("p/(q*r)", "p/q/r", "recipMul", C),
    ("p*r/q", "p/(q/r)", "divDiv", C),
    ("p*r/(q*s)", "p/(q/(r/s))", "divDiv", W),  # two denominators left without recipMul
    ("p*r/(q*s)", "p/(q/(r/s))", "divDiv recipMul", C),
    ("b/c", "a*b/(a*c)", "divCancel", C),
    ("b/c", "a*b/(a*c)", "recipMul", W),
]


_ARITHMETIC = [
    ("7*y+y", "(3+4)*y+y", "intAdd", C),
    ("-1*y", "(3-4)*y", "intAdd", C),
    ("8*y+y", "(3+4)*y+y", "intAdd", W),
    ("-12*t*t", "4*t*(-3*t)", "intMul", C),
    ("12*t*t", "(-4*t)*(-3*t)", "intMul", C),  # the minus signs are multiplied too
    ("6*a", "2*a*3", "intMul noncomMul", C),  # the number moves to the front
    ("9", "3^2", "intPow", C),
    ("9", "3*3", "intPow", W),
    ("2^2*5", "20", "intFac", C),
    ("2^2*5", "20", "intPow", W),
    ("1/3", "3/9", "ratLow", C),
    ("-1/3", "3/-9", "ID_TRANS NEG_TRANS ratLow", C),
    ("5/6", "1/2+1/3", "ratAdd", C),
    ("t^2", "(1/4+3/4)*t^2", "ID_TRANS ratAdd", C),
    ("x=2^(1/2)", "x=sqrt(2)", "sqrtRem", C),
    ("x=2^(1/2)", "x=sqrt(2)", "ID_TRANS", W),
    ("2^(-1/2)", "1/sqrt(2)", "sqrtRem", W),  # 1/2^(1/2): not a power law away
]


_ORDER = [
    ("b+a", "a+b", "noncomAdd", W),
    ("(a+b)+c", "a+(b+c)", "noncomAdd", C),  # still associative
    ("b*a", "a*b", "noncomMul", W),
    ("-(a*b)", "(-a)*b", "noncomMul", C),
    ("(-a)*(-b)", "-(-a*b)", "noncomMul", W),  # the minus signs stand elsewhere
    ("(-a)*(-b)", "-(-a*b)", "noncomMul comNeg", C),
    ("2*3*a*b", "a*2*b*3", "noncomMul comMulNum", C),
    ("2*3*b*a", "a*2*b*3", "noncomMul comMulNum", W),
    ("1=x", "x=1", "oneMul", C),
    ("1=x", "x=1", "noncomEq", W),
    ("{2, 1}", "{1, 2}", "zeroAdd", C),
    ("{1, 1}", "{1}", "zeroAdd", W),
    ("x=1+0 or x=2", "x=2 or x=1", "zeroAdd", C),
]
_ENDING = [
    ("b+a-a", "a-a+b", "negOrd", C),  # a - a leads with neither sign: no endless turning
    ("-(b-a+a)", "a-a-b", "negOrd", C),
    ("-(a-a)", "a-a", "negOrd", W),
    ("0", "1/(2-2)", "intAdd ratAdd", W),  # a 0 made below a fraction is no number
]


@pytest.mark.parametrize(
    ("expect", "answer", "rules", "verdict"),
    [*_IDENTITY, *_MINUS_SIGNS, *_DIVISIONS, *_ARITHMETIC, *_ORDER, *_ENDING],
)
def test_what_each_rule_allows_and_refuses(
    expect: str, answer: str, rules: str, verdict: str
) -> None:
    assert _verdict(expect, answer, rules) == verdict


@pytest.mark.parametrize(
    ("expect", "answer"),
    [("0", "1/0"), ("1/0", "0"), ("0", "x+"), ("(0, 1)", "(0, 1)")],
)
def test_what_cannot_be_compared_is_invalid(expect: str, answer: str) -> None:
    assert _verdict(expect, answer, "ID_TRANS") == X


@pytest.mark.parametrize(
    ("test", "rules"),
    [
        ("same-form-rules oneMul", ["oneMul"]),
        ("same-form-rules NEG_TRANS, noncomMul", ["negNeg", "negDiv", "negOrd", "noncomMul"]),
        (
            "same-form-rules oneMul ID_TRANS",
            ["oneMul", "zeroAdd", "zeroMul", "oneDiv", "onePow", "idPow", "zeroPow", "zPow"],
        ),
    ],
)
def test_rule_groups_are_spelt_out(test: str, rules: list[str]) -> None:
    assert read_test(test) == ("same-form-rules", rules)


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ("same-form-rules", "needs the rules"),
        ("same-form-rules onemul", "unknown rule `onemul`: did you mean `oneMul`?"),
        ("same-form-rules simplify", "unknown rule `simplify`; the rules are zeroAdd"),
        ("same-form-rules intMul intFac", "undo each other"),
        ("same-form-rules negOrd negDist", "undo each other"),
    ],
)
def test_unknown_or_clashing_rules_are_refused(test: str, message: str) -> None:
    with pytest.raises(UnknownTest, match=message):
        read_test(test)


def test_the_answer_is_shown_as_it_was_read() -> None:
    result = grade_expression_here("sin(3*x)/2", "1/2 sin(3x)", test="same-form-rules oneMul")
    assert result.verdict == C
    assert result.interpreted is not None and "sin" in result.interpreted


def test_a_long_answer_is_compared_quickly_and_exactly() -> None:
    terms = "+".join(f"{k}*x^{k}" for k in range(1, 60))
    written = "+".join(f"x^{k}*{k}*1" for k in range(59, 0, -1))
    assert _verdict(terms, written, "oneMul") == C
    assert _verdict(terms, written + "+0", "oneMul") == W


_ATOMS = st.sampled_from(["0", "1", "2", "3", "4", "x", "y", "a", "%pi", "sqrt(2)", "sin(x)"])


def _formulas(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _ATOMS
    inner = _formulas(depth - 1)
    return st.one_of(
        _ATOMS,
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^"]), inner).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"
        ),
        inner.map(lambda f: f"-({f})"),
    )


_RULE_SETS = st.lists(
    st.sampled_from([*FORM_RULES, "noncomAdd", "noncomMul", "comMulNum", "comNeg"]),
    min_size=1,
    max_size=6,
).filter(lambda rules: not {"intMul", "intFac"} <= set(rules))


@settings(max_examples=150, deadline=None)
@given(_formulas(3), _formulas(3), _RULE_SETS)
def test_rules_compare_like_an_equality(first: str, second: str, rules: list[str]) -> None:
    """Whatever the rules: an answer is the same as itself, and the comparison does not
    depend on which answer is the expected one (or it is refused both ways)."""
    if "negDist" in rules and "negOrd" in rules:
        rules.remove("negOrd")
    test = "same-form-rules " + " ".join(rules)
    assert grade_expression_here(first, first, test=test).verdict in (C, X)
    forward = grade_expression_here(first, second, test=test).verdict
    backward = grade_expression_here(second, first, test=test).verdict
    assert forward == backward
