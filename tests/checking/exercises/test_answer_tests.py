"""Named answer tests (``test=``): significant figures, decimal places, comparisons,
systems of equations, kinds of answer and renamed variables. Our own cases."""

from __future__ import annotations

import pytest

from studyapp.checking.exercises import (
    Written,
    grade_expression_here,
    grade_payload,
    written_number,
)
from studyapp.checking.exercises.answer_tests import UnknownTest, read_test

C, W, X = "correct", "incorrect", "invalid"


@pytest.mark.parametrize(
    ("text", "fewest", "most", "places"),
    [
        ("2700", 2, 4, 0),  # trailing zeros of a whole number are ambiguous
        ("2700.", 4, 4, 0),
        ("27.00", 4, 4, 2),
        ("0.0270", 3, 3, 4),
        ("-.0270", 3, 3, 4),
        ("2.70e3", 3, 3, 2),
        ("2.7*10^3", 2, 2, 1),
        ("0", 1, 1, 0),
        ("0.000", 3, 3, 3),
        ("5.310 × 10⁻²", 4, 4, 3),  # as learners type a power of ten
        ("−0,0531", 3, 3, 4),  # a unicode minus and a decimal comma
        ("12,500", 3, 5, 0),  # a thousands comma groups digits
        ("0.0531.", 3, 3, 4),  # a full stop ending the sentence
        ("-(0.0310)", 3, 3, 4),  # a number in brackets, its sign outside them
        ("(4.2e-3)", 2, 2, 1),
        ("--(-12.00)", 4, 4, 2),  # signs and brackets around it, as STACK counts them
        ("-(-0.5)", 1, 1, 1),
    ],
)
def test_written_number_counts_figures_as_typed(
    text: str, fewest: int, most: int, places: int
) -> None:
    assert written_number(text) == Written(fewest, most, places)


@pytest.mark.parametrize("text", ["x", "2/3", "sqrt(2)", "1.2.3", "", "(3,7)", "(1)*(2)", "--"])
def test_written_number_refuses_anything_but_a_decimal(text: str) -> None:
    assert written_number(text) is None


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("2/3", "0.667", "sigfigs 3", C),
        ("2/3", "0.6667", "sigfigs 3", W),  # more figures than asked
        ("2/3", "0.666", "sigfigs 3", W),  # truncated, not rounded
        ("2/3", "0.666", "sigfigs 3 2", C),  # the last figure may be off
        ("2/3", "-0.667", "sigfigs 3", W),
        ("e", "2.7183", "sigfigs 3 -1", C),  # at least three figures, the first three right
        ("e", "2.6", "sigfigs 2 -1", W),
        ("0", "0.050", "sigfigs 2 0", C),  # only the writing is checked
        ("48700", "48700", "sigfigs 4", C),  # 48700 may have 3, 4 or 5 figures
        ("1/9", "0.11", "sigfigs 2", C),
        ("1/9", "x", "sigfigs 2", X),
        ("-0.0716", "-(0.07)", "sigfigs 1", C),  # bracketed, as a calculator shows it
        ("12.5", "12.50", "strict-sigfigs 4", C),
        ("12.5", "12.5", "strict-sigfigs 4", W),
        ("whatever", "3400", "strict-sigfigs 2", C),  # the value is not checked
        ("sqrt(2)", "1.414", "decimals 3", C),
        ("sqrt(2)", "1.41", "decimals 3", W),
        ("5", "5.00", "decimals 2", C),
        ("5", "5.0", "decimals 2", W),
        ("27.18", "2.718", "digits 4", C),  # the decimal point in the wrong place
        ("27.18", "0.002718", "digits 4", C),
        ("27.18", "2.719", "digits 4", W),
        ("2700", "2.7", "digits 4", C),  # missing digits are zeros
        ("2719", "2.71", "digits 3", C),  # cut off, not rounded
        ("2.7", "e", "greater", C),
        ("e", "e", "greater", W),
        ("e", "e", "at-least", C),
        ("sqrt(3)", "1.7", "at-least", W),
    ],
)
def test_numeric_answer_tests(expect: str, answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict", "message"),
    [
        ("-0.25", "0.250", "sigfigs 3", W, "the sign is wrong"),
        ("0", "0.00200", "sigfigs 3", W, "not accurate"),  # zero has no sign to get wrong
        ("0.3", "0", "sigfigs 1", W, "not accurate"),
        ("0", "0.0000400", "sigfigs 3", C, ""),  # within half a unit of the third place
        ("0*kg", "2.00e-3*kg", "units 3", W, "not accurate"),
    ],
)
def test_precision_feedback_names_a_wrong_sign_only_when_both_have_one(
    expect: str, answer: str, test: str, verdict: str, message: str
) -> None:
    result = grade_expression_here(expect, answer, test=test)
    assert result.verdict == verdict
    assert message in result.message
    assert (result.message == "the sign is wrong") == (message == "the sign is wrong")


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("[p = 2, q = -1]", "[p + q = 1, p - q = 3]", C),
        ("[p + q = 1, p - q = 3]", "[p = 2, q = -1]", C),
        ("[u = v, u^2 = 9]", "[u^2 + v^2 = 18, v = u]", C),
        ("[u = v, u^2 = 9]", "[u^2 + v^2 = 9, v = u]", W),
        ("[(s-2)*(s+5) = 0]", "[s^2 + 3*s = 10]", C),
        ("[(s-2)*(s+5) = 0]", "[s = 2]", W),  # a solution lost
        ("[(s-2)*(s-4) = 0, (s-2)*(s+1) = 0]", "[s = 2]", C),
        ("[s = 2, r = 0]", "[(s-2)*r = 0]", W),  # solutions gained
        ("[s^2 = 1]", "s^2", W),
        # one side is not polynomial: the other's solutions settle it without solving it
        ("[60 = a*b, 60 = (a+2)*(b-1/2)]", "[60 = a*b^b, 60 = (a+2)*(b-1/2)]", W),
        ("[60 = a*b^b, 60 = (a+2)*(b-1/2)]", "[60 = a*b, 60 = (a+2)*(b-1/2)]", W),
    ],
)
def test_system_compares_real_solutions(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test="system").verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "same"),
    [
        ("7", "sqrt(2)", True),
        ("[4, 5, 6]", "[4, 5]", True),  # lists of other lengths are still lists
        ("[4, y < 1]", "[4, y > 0]", True),
        ("[4, y < 1]", "[4, y]", False),
        ("{4, 5}", "{4}", True),
        ("{4, 5}", "[4, 5]", False),
        ("y = 2", "y = 3", True),
        ("y = 2", "2", False),
        ("y >= 2", "y > 0 and y < 5", True),
        ("matrix([1,0],[0,1])", "matrix([2,3,4],[5,6,7])", True),
        ("matrix([1,0],[0,1])", "[[1,0],[0,1]]", False),
    ],
)
def test_same_type_looks_only_at_the_kind(expect: str, answer: str, same: bool) -> None:
    verdict = grade_expression_here(expect, answer, test="same-type").verdict
    assert verdict == (C if same else W)


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("exp(-k*t)", "exp(-c*s)", "rename", C),
        ("u^2 + 3*w", "w^2 + 3*u", "rename", C),  # a swap of names
        ("u^2 + 3*w", "w^2 + 3*w", "rename", W),
        ("r = p*q", "z = x*y", "rename", C),
        ("C1*exp(t) + C2*exp(-t)", "K*exp(t) + L*exp(-t)", "rename t", C),
        ("C1*exp(t) + C2*exp(-t)", "K*exp(s) + L*exp(-s)", "rename t", W),  # t must stay
    ],
)
def test_rename_accepts_other_names(expect: str, answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    "test", ["sigfig 3", "sigfigs", "sigfigs 0", "sigfigs 2 5", "decimals two", "rename 1/0"]
)
def test_unknown_or_malformed_tests_are_refused(test: str) -> None:
    with pytest.raises(UnknownTest):
        read_test(test)
    assert grade_expression_here("1", "1", test=test).verdict == X


def test_equivalent_is_the_default_test() -> None:
    assert grade_expression_here("x^2", "x*x", test="equivalent").verdict == C


def test_batch_line_names_its_test() -> None:
    line = {"expect": "1/7", "answer": "0.143", "test": "sigfigs 3"}
    assert grade_payload(line)["verdict"] == C
    assert grade_payload({**line, "test": 3})["verdict"] == X


def test_hostile_answer_to_a_named_test_is_refused_unread() -> None:
    result = grade_expression_here(
        "[x = 1]", "[__import__('os').system('true') = 1]", test="system"
    )
    assert result.verdict == X


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("t^4/4", "t^4/4 + C", "integral t", C),
        ("t^4/4", "(t^4 - C)/4", "integral t", C),
        ("t^4/4", "t^4/4 + 7", "integral t", W),  # a number is not an arbitrary constant
        ("t^4/4", "t^4/4", "integral t", W),
        ("t^4/4", "t^4/4 + A + B", "integral t", W),  # one constant, not two
        ("t^4/4", "t^4/4 + C^2", "integral t", W),  # C^2 cannot be negative
        ("t^4/4", "t^5/5 + C", "integral t", W),
        ("log(abs(t)) + C", "log(abs(t)) + K", "integral t", C),
        ("log(abs(t)) + C", "log(K*abs(t))", "integral t", C),
        ("log(abs(t)) + C", "log(abs(K*t))", "integral t", C),  # sympy's slope keeps t in it
        ("t^4/4", "t^4/4 + C^3", "integral t", W),  # linear in C, as STACK wants it
        ("log(abs(t)) + C", "log(t) + K", "integral t", W),  # the absolute value is lost
        ("log(t) + C", "log(abs(t)) + K", "integral t", C),
        ("(t+1)^2/2 + C", "t^2/2 + t + K", "integral t", C),
        ("t^4/4", "t^4/4", "antiderivative t", C),
        ("t^4/4", "t^4/4 - 3", "antiderivative t", C),
        ("log(abs(t))", "log(t)", "antiderivative t", C),
        ("t^4/4", "4*t^3", "antiderivative t", W),  # differentiated instead
        ("t^4/4", "t^4/4", "integral-optional-constant t", C),
        ("t^4/4", "t^4/4 + 5", "integral-optional-constant t", C),
        ("t^4/4", "t^4/4 + K", "integral-optional-constant t", C),
        ("t^4/4", "t^4/4 + K^4", "integral-optional-constant t", W),  # K^4 is never negative
        ("t^4/4", "t^4/4 + A - B", "integral-optional-constant t", W),
        ("log(abs(t+2))", "log(t+2)", "integral-optional-constant t", W),  # |..| lost
        ("3*t^2", "t^2*3", "derivative t", C),
        ("3*t^2", "t^3*3/t", "derivative t", C),
        ("3*t^2", "3*T^2", "derivative t", W),
        ("3*t^2", "6*t", "derivative t", W),
        ("log(abs(t+2))", "log(abs(t+2)) - 1", "integral-optional-constant t", C),
    ],
)
def test_integrals_compare_derivatives_and_constants(
    expect: str, answer: str, test: str, verdict: str
) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


def test_a_derivative_answered_with_an_antiderivative_is_told_so() -> None:
    result = grade_expression_here("3*t^2", "t^3 + 4", test="derivative t")
    assert (result.verdict, result.message) == (W, "this is an antiderivative: differentiate instead")


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("y^3+y", "y^3 + y", C),  # spaces do not matter
        ("y^3+y", "y+y^3", W),  # order does
        ("(p+q)+r", "p+(q+r)", W),  # and grouping
        ("2*y", "y+y", W),
        ("1/4", "0.25", W),
        ("3*q", "ev(q+q+q, simp)", C),  # ev(…, simp) asks for the CAS's simplification
        ("ev(q^3+q, simp)", "ev(q+q^3, simp)", C),
        ("ev(sin(q), simp)", "ev(-sin(-q), simp)", C),
        ("3*q", "ev(q+q+q)", W),  # without simp nothing is simplified
        ("q^2", "ev(q+q, simp)", W),
    ],
)
def test_identical_wants_the_same_tree(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test="identical").verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("3*y+2", "2+y*3", C),  # order of terms and factors
        ("(p+q)+r", "r+p+q", C),  # grouping
        ("(p*q)/r", "p*(q/r)", C),
        ("-(p*q)", "p*(-q)", C),  # a minus sign is a factor -1
        ("p*q", "(-p)*(-q)", W),
        ("-(p/q)", "p/(-q)", W),
        ("3*y+2", "y+y+y+2", W),  # collected terms are another form
        ("1/3", "2/6", W),
        ("y^2", "y*y", W),
        ("3/4", "0.75", W),
        ("e^(3*y)", "exp(3*y)", C),
        ("q = 3*p", "p*3 = q", C),  # an equation either way round
        ("{y+1, 5}", "{5, 1+y}", C),
        ("{5, 5}", "{5}", W),  # repeats count
        ("[y+1, 5]", "[5, 1+y]", W),  # lists keep their order
        ("i/3", "1/3*i", W),  # 1/3*i has a factor 1 that i/3 has not
        ("-(i*pi)/4", "-1/4*pi*i", W),  # nor has -(i*pi)/4: a typed -1 keeps its 1
        ("-(1/5*w)", "-1/5*w", C),
        ("w-1", "-1+w", C),
        ("5*6-1*3", "-1*3+5*6", C),
        ("-w", "-1*w", W),  # as 1*w is not w
        ("3*q^2", "diff(q^3, q)", C),  # a derivative is worked out, as the CAS does
        ("3*q^2", "'diff(q^3, q)", W),  # but a quoted (noun) one is kept as written
        ("'diff(p, q)", "noundiff(p, q)", C),
        ("'diff(p, q)", "diff(p, q)", W),  # this one is worked out: 0
        ("i", "e^(i*pi/2)", W),
    ],
)
def test_same_form_allows_only_reordering(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test="same-form").verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("0", "diff(p, q)", C),  # a derivative is worked out
        ("0", "'diff(p, q)", W),  # a noun form is not
        ("5*q^4", "'diff(q^5, q)", W),
        ("'diff(p, q)", "noundiff(p, q)", C),
        ("'diff(p, q, 2)", "'diff('diff(p, q), q)", C),
        ("'diff('diff(p, q), r)", "'diff('diff(p, r), q)", C),  # in either order
        ("'diff(p, q, 2)", "'diff(p, q)", W),
        ("w = 'int(s, s, 0, t)", "w = nounint(s, s, 0, t)", C),
        ("w = t^2/2", "w = 'int(s, s, 0, t)", W),
        ("'diff(h, t) = 3*g", "'diff(h, t) - 3*g = 0", C),  # an equation's solutions
        ("(q+2)^2", "q^2+4*q+4", C),  # otherwise plain equivalence
    ],
)
def test_equivalent_nouns_keeps_noun_forms_unworked(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test="equivalent-nouns").verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("4*y^2-8*y", "4*y*(y-2)", C),
        ("4*y^2-8*y", "y*(4*y-8)", W),  # 4*y-8 still has the factor 4
        ("4*y^2-8*y", "4*(y^2-2*y)", W),  # y^2-2*y is not irreducible
        ("4*y^2-8*y", "4*y^2-8*y", W),
        ("4*y^2-8*y", "-4*y*(2-y)", C),
        ("y^2-5", "y^2-5", C),  # irreducible over the rationals
        ("y^2-9", "(y+3)*(y-3)", C),
        ("y^2-9", "(y+3)*(y-2)", W),  # not equivalent
        ("y^2-2*y+1", "(1-y)^2", C),
        ("y^2-2*y+1", "(y-1)*(y-1)", C),
        ("9*y-3", "9*(y-1/3)", C),  # a fraction inside a factor is fine
        ("cos(t)^2-1", "(cos(t)-1)*(cos(t)+1)", C),
        ("y^2+1", "(y-i)*(y+i)", C),  # over the complex numbers, as typed
        ("i*(y+3)", "i*y+3*i", W),  # i is common to both terms
        ("sqrt(5)*(y-1)", "sqrt(5)*y-sqrt(5)", W),
        ("sqrt(5)*y-1", "sqrt(5)*y-1", C),  # no common factor
        ("i*y-1", "i*y-1", C),
    ],
)
def test_factored_wants_irreducible_factors(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test="factored").verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("(3*b+2)/3", "(3*b+2)/3", "single-fraction", C),
        ("(3*b+2)/3", "b + 2/3", "single-fraction", W),
        ("3/b", "3*(1/b)", "single-fraction", W),  # a fraction inside a product
        ("3/b", "-(-3/b)", "single-fraction", C),
        ("b/(b+1)", "1/(1+1/b)", "single-fraction", W),  # a fraction inside a fraction
        ("(y+2)/(y^2-4)", "1/(y-2)", "single-fraction", C),  # lowest terms not required
        ("(7^(1/2)+1)/2", "(7^(1/2)+1)/2", "single-fraction", C),  # a root is no fraction
        ("1/(y-2)", "2/(y-2)", "single-fraction", W),
        ("0", "y^2 + 5*y + 6", "expanded", C),
        ("0", "(y+2)*(y+3)", "expanded", W),
        ("0", "y^2 - (p+q)*y", "expanded", W),
        ("0", "(y+1)^3", "expanded", W),
        ("0", "4 + sqrt(7)", "expanded", C),
        ("0", "3/7 + y", "lowest-terms", C),
        ("0", "6/14 + y", "lowest-terms", W),
        ("0", "-2/-7", "lowest-terms", W),  # two minus signs cancel
        ("0", "2/-7", "lowest-terms", C),
        ("0", "y^3/y", "lowest-terms", C),
        ("0", "1/(1+i)", "lowest-terms", W),  # i left in a denominator, as a root would be  # only fractions of whole numbers count
        ("0", "1/sqrt(5)", "lowest-terms", W),  # a root in the denominator
        ("0", "[1, 4/10]", "lowest-terms", W),
    ],
)
def test_written_forms(expect: str, answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ('"gradient descent"', '"gradient descent"', "text", C),
        ('"gradient descent"', '"Gradient descent"', "text", W),  # case counts
        ('"gradient descent"', '"gradient  descent"', "text", W),  # so do spaces in quotes
        ('"relu(z)"', "  relu(z) ", "text", C),  # unquoted: the text as typed
        ('"gradient descent"', '" Gradient  Descent "', "sloppy-text", C),
        ('"gradient descent"', '"gradient ascent"', "sloppy-text", W),
        ('"^(adam|sgd)$"', '"adam"', "pattern", C),
        ('"^(adam|sgd)$"', '"adamw"', "pattern", W),
        ('"lr\\\\s*=\\\\s*0\\\\.1"', '"lr = 0.1"', "pattern", C),  # searched anywhere
        ('"(unclosed"', '"x"', "pattern", X),  # not a regular expression
    ],
)
def test_text_answers(expect: str, answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("answer", "test", "verdict"),
    [
        ("t^4/4 + K", "added-constant t", C),
        ("t^4/4 + K + 2", "added-constant t", C),
        ("t^4/4 + 2*K", "added-constant t", W),  # not a plain + K
        ("t^4/4 + 2*K", "added-constant loose t", C),
        ("t^4/4 * K", "added-constant loose t", W),  # K multiplies the t part
        ("t^4/4", "added-constant t", W),
        ("t^(m+1)/(m+1) + K", "added-constant t", W),  # m and K: two new names
        ("t^(m+1)/(m+1) + K", "added-constant t m", C),
        ("log(t*exp(K))", "added-constant t", C),  # log(t) + K
    ],
)
def test_added_constant_looks_at_the_answer_alone(answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here("t^4/4", answer, test=test).verdict == verdict


TERMS = '[["backpropagation", "backprop"], ["forward propagation"]]'


@pytest.mark.parametrize(
    ("answer", "test", "verdict"),
    [
        ('"backpropagation"', "similar-text 0.8", C),
        ('"Backpropogation"', "similar-text 0.9", C),  # one letter off, any case
        ('"Backpropogation"', "similar-text 0.9 case", W),  # two edits with case
        ('"  back   prop "', "similar-text 0.8", C),  # runs of spaces ignored
        ('"  back   prop "', "similar-text 0.8 spaces", W),
        ('"forward propagation"', "similar-text 0.5", W),  # closest to a bad text
        ('"gradient"', "similar-text 0.8", W),
    ],
)
def test_similar_text_forgives_misspellings(answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(TERMS, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("1/(q^2-9)", "1/(6*(q-3)) - 1/(6*(q+3))", "partial-fractions q", C),
        ("1/(q^2-9)", "1/((q-3)*(q+3))", "partial-fractions q", W),
        ("1/(q^2-9)", "1/(6*(q+3)) - 1/(6*(q-3))", "partial-fractions q", W),  # not equal
        ("(5*q-7)/(q-1)^2", "5/(q-1) - 2/(q-1)^2", "partial-fractions q", C),
        ("(5*q-7)/(q-1)^2", "(5*q-7)/(q-1)^2", "partial-fractions q", W),
        ("q^2/(q-1)", "q + 1 + 1/(q-1)", "partial-fractions q", C),  # polynomial part
        ("2/(q^3+q)", "2/q - 2*q/(q^2+1)", "partial-fractions q", C),
        ("2*(2*q+1)/(q*(q+1))", "2*(1/q + 1/(q+1))", "partial-fractions q", C),
        ("q^2-6*q+11", "(q-3)^2 + 2", "completed-square q", C),
        ("q^2-6*q+11", "(3-q)^2 + 2", "completed-square q", C),
        ("q^2-6*q+11", "q^2 - 6*q + 11", "completed-square q", W),
        ("q^2-6*q+11", "q*(q-6) + 11", "completed-square q", W),
        ("5-2*(q+1)^2", "-(2*q+2)^2/2 + 5", "completed-square q", C),
        ("q - b", "q - b", "completed-square q", C),  # nothing to complete
    ],
)
def test_partial_fractions_and_completed_squares(
    expect: str, answer: str, test: str, verdict: str
) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ('"sigmoid"', '"sigmoid"', C),
        ('"sigmoid"', "sigmoid", C),  # the text as typed
        ('"sigmoid"', '"Sigmoid"', W),
        ("x^2", '"x^2"', X),  # a formula is expected, not text
    ],
)
def test_quoted_expected_answer_is_text(expect: str, answer: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("3.14159", "3.14", "NumSigFigs 3", C),
        ("3.14159", "3.1416", "NumSigFigs [3,2]", W),  # five figures written, three asked
        ("x^2-1", "(x-1)*(x+1)", "FacForm x", C),
        ("x^2-1", "x^2-1", "FacForm x", W),
        ("x^3/3", "x^3/3+c", "Int x", C),
        ("x^3/3", "x^3/3", "Int x", W),  # the constant of integration is wanted
        ("x^3/3", "x^3/3", "Int [x,NOCONST]", C),
        ("log(abs(x-1))", "log(x-1)", "Int [x,NOCONST]", W),  # still wants the |..|
        ("log(abs(x-1))", "log(x-1)", "Int [x,FORMAL]", C),  # only the derivative
        ("x^3/3", "x^3/3+c", "Int [x, x^2]", C),  # the integrand, for STACK's feedback
        ("x^3/3", "x^3/3+c", "Int [x, 1/0]", X),  # an integrand that cannot be read
        ("x^3/3", "x^3/3", "Antidiff [x,NOCONST]", X),  # Int's option: the author's slip
        ("x^3/3", "x^3/3+3*c", "AddConst [x, NONSTRICT]", C),
        ("1.5", "1.55", "NumRelative 0.05", C),
        ("1.5", "1.6", "NumAbsolute 0.05", W),
        ("1.5", "1.54", "NumAbsolute", C),  # STACK's default tolerance, 0.05
        ("(x+1)^2", "x^2+2*x+1", "algequiv", C),  # names in any case
        ("3*y+2", "2+y*3", "EqualComAss", C),
        ("0", "'diff(y, x)", "AlgEquivNouns", W),
        ("3*y+2", "2+y*3", "EqualComAss y", C),  # an option STACK's test has not is ignored
        ("1/4", "0.25", "CasEqual [y]", W),
        ("9.81*m/s^2", "981*cm/s^2", "UnitsStrict 3", W),
        ("sin(3*x)/2", "1/2*sin(3*x)", "EqualComAssRules [oneMul]", C),
        ("0", "0*a", "EqualComAssRules delete(zeroMul, ID_TRANS)", W),
        ("0", "0*a", "EqualComAssRules [testdebug, [zeroMul]]", C),  # nested, debug dropped
        ("a", "0+a", "EqualComAssRules [intMul, intFac]", X),  # rules that undo each other
        ("1", "1", "Validator", X),  # not translated: refused by name
        ("3*x^2", "x^3*3/x", "Diff x", C),
        ("A implies B", "not(A) or B", "PropLogic", C),
        ("[x^2=4, x=2 or x=-2]", "[x^2=4, x=2]", "Equiv", W),
        ("[x^2=4, x=2]", "[x^2=4, x=2]", "Equiv [assumepos]", C),
        ("[x^2=4, x=2 or x=-2]", "[x^2=9, x=3 or x=-3]", "EquivFirst", W),
        ("not(A and B)", "not(A) and not(B)", "PropLogic", W),
        ('[["Good day"], ["Goodbye"]]', '"good, day"', "Levenshtein 0.8", C),
        ('[["Good day"], ["Goodbye"]]', '"good, day"', "Levenshtein [0.8, CASE]", W),
        ('[["Good day"], ["Goodbye"]]', '"Good bye"', "Levenshtein 0.75", W),  # a bad one
    ],
)
def test_stack_answer_tests_are_read_by_their_names(
    expect: str, answer: str, test: str, verdict: str
) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("sigma*(1-sigma)", "σ(1-σ)", C),  # σ is a variable of the expected answer
        ("sigma*(1-sigma)", "σ(1-σ(z))", W),
        ("sigma(z)*(1-sigma(z))", "σ(z)(1-σ(z))", C),  # σ is called: the sigmoid
        ("sigma(z)*(1-sigma(z))", "σ(1-σ)", W),  # in σ, not z: said so
    ],
)
def test_sigma_is_the_expected_answers_variable_or_the_sigmoid(
    expect: str, answer: str, verdict: str
) -> None:
    assert grade_expression_here(expect, answer).verdict == verdict


@pytest.mark.parametrize(
    ("answer", "test", "verdict", "message"),
    [
        ("[x^2=4, x^2-4=0, (x-2)*(x+2)=0, x=2 or x=-2]", "equivalence-chain", C, "correct"),
        ("[x^2=4, x=2]", "equivalence-chain", W, "line 2: not equivalent"),
        ("[x^2=4, x=2]", "equivalence-chain positive", C, "correct"),
        ("[x^2=4, x=#pm#2, x=2 and x=-2]", "equivalence-chain", W, "line 3: and/or confusion"),
        ("[x^2=9, x=3 or x=-3]", "equivalence-chain", C, "correct"),  # any sound working
        ("[x^2=9, x=3 or x=-3]", "equivalence-chain first", W, "your first line"),
        ("x = 2 or x = -2", "equivalence-chain", X, "give your working as a list of lines"),
        ("[x^2=4, x=(2]", "equivalence-chain", X, ""),
        # a quoted line is a comment, and a wrong line keeps its number among all lines
        ('[x^2=4, "roots, both signs", x=2 or x=-2]', "equivalence-chain", C, "correct"),
        ('[x^2=4, "take the root", x=2]', "equivalence-chain", W, "line 3: not equivalent"),
        ('["no working"]', "equivalence-chain", X, "give your working as a list of lines"),
    ],
)
def test_working_as_a_list_of_equivalent_lines(
    answer: str, test: str, verdict: str, message: str
) -> None:
    result = grade_expression_here("[x^2=4, x=2 or x=-2]", answer, test=test)
    assert result.verdict == verdict
    assert message in result.message


def test_an_expected_chain_with_an_unreadable_line_is_the_authors_mistake() -> None:
    result = grade_expression_here("[x^2=4, 1/0 = (]", "[x^2=4, x=2 or x=-2]", test="equivalence-chain")
    assert result.verdict == X
    assert "cannot read the expected answer" in result.message


def test_an_unknown_flag_of_the_equivalence_chain_is_refused() -> None:
    result = grade_expression_here("[x=1]", "[x=1]", test="equivalence-chain all")
    assert result.verdict == X
    assert "first or positive" in result.message


@pytest.mark.parametrize(
    ("expect", "answer", "message"),
    [
        ("x >= 1", "[1, inf)", "an equation, inequality or condition is expected here"),
        ("[1, inf)", "x >= 1", "a set of numbers (such as an interval) is expected here"),
    ],
)
def test_a_set_for_a_condition_is_told_which_kind_is_expected(
    expect: str, answer: str, message: str
) -> None:
    result = grade_expression_here(expect, answer)
    assert (result.verdict, result.message) == (W, message)


@pytest.mark.parametrize("answer", ["-2, 2", "x, y"])
def test_answers_separated_by_commas_are_told_how_to_give_several(answer: str) -> None:
    result = grade_expression_here("{-2, 2}", answer)
    assert result.verdict == X
    assert "put them in a list [a, b] or a set {a, b}" in result.message


@pytest.mark.parametrize(
    ("expect", "answer", "verdict"),
    [
        ("0 < x and x < 1", "x ∈ (0, 1)", C),
        ("0 < x and x < 1", "x ∈ [0, 1)", W),
        ("x = 2 or x = -2", "x ∈ {2, -2}", C),
        ("x = 2", "x ∈ {2}", C),  # one equation: still read as the condition
        ("x^2 >= 0", "x ∈ (-inf, inf)", C),
        ("x >= 1", "x \\in [1, \\infty)", C),
        ("x^2 >= 1", "x ∈ (-inf, -1] ∪ [1, inf)", C),
        ("x^2 < 0", "x ∈ ∅", C),
        ("x > 0", "x ∈ 5", X),  # not a set
        ("x > 0", "∈ (0, 1)", X),
    ],
)
def test_membership_of_a_set_is_the_condition_it_states(
    expect: str, answer: str, verdict: str
) -> None:
    assert grade_expression_here(expect, answer).verdict == verdict


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("x=1 or 2", "write each value as an equation: x = 1 or x = 2"),
        ("x = -1 or 1/2 or 3", "x = -1 or x = 1/2 or x = 3"),
        ("x=1 or y=2 or 3", "x = 1 or y = 2 or x = 3"),  # the first equation's name
    ],
)
def test_values_after_an_equation_are_shown_as_equations(answer: str, message: str) -> None:
    result = grade_expression_here("x=1 or x=2", answer)
    assert result.verdict == X
    assert message in result.message
