"""Learner derivations typed without labels: each relation kind, valid and invalid."""

from __future__ import annotations

import json

import pytest

from studyapp.checking.derivations import StepStatus
from studyapp.checking.derivations import check_derivation_here as check

ADABOOST_WHERE = {"e": "(0, 1/2)", "a": "real"}
ADABOOST = [
    "L = (1-e)*exp(-a) + e*exp(a)",
    "diff(L, a) = -(1-e)*exp(-a) + e*exp(a)",
    "-(1-e)*exp(-a) + e*exp(a) = 0",
    "exp(2*a) = (1-e)/e",
    "a = 1/2*log((1-e)/e)",
]
REAL_X = {"x": "real"}


def statuses(result) -> list[str]:
    return [str(step.status) for step in result.steps]


# --------------------------------------------------------------------------- the CLI example


def test_adaboost_example_is_correct():
    result = check(ADABOOST, ADABOOST_WHERE)
    assert result.verdict == "correct"
    assert result.first_wrong_step is None
    assert statuses(result) == ["given", "ok", "ok", "ok", "ok"]


def test_adaboost_example_names_each_relation():
    relations = [step.relation for step in check(ADABOOST, ADABOOST_WHERE).steps]
    assert relations == ["given", "diff a", "stationary a", "equivalent a", "equivalent a"]


def test_flipping_the_ratio_breaks_at_line_four():
    lines = list(ADABOOST)
    lines[3] = "exp(2*a) = e/(1-e)"
    result = check(lines, ADABOOST_WHERE)
    assert result.verdict == "incorrect"
    assert result.first_wrong_step == 3
    assert "solutions for a change" in result.steps[3].message


def test_result_serialises_to_the_cli_json_shape():
    data = json.loads(json.dumps(check(ADABOOST, ADABOOST_WHERE).to_dict()))
    assert data["verdict"] == "correct"
    assert data["first_wrong_step"] is None
    assert set(data["steps"][0]) >= {"status", "message"}


# --------------------------------------------------------------------------- expressions


def test_expanding_a_square_is_an_equal_rewrite():
    result = check(["(x + 1)**2", "x**2 + 2*x + 1"], REAL_X)
    assert statuses(result) == ["given", "ok"]
    assert result.steps[1].relation == "equal"


def test_dropping_a_factor_two_is_diagnosed_as_a_wrong_term():
    result = check(["(x + 1)**2", "x**2 + 2*x + 1", "x**2 + x + 1"], REAL_X)
    assert result.first_wrong_step == 2
    assert "the factor 2 is missing from x" in result.steps[2].message


def test_a_negated_line_is_a_sign_error():
    result = check(["(x - 1)*(x + 2)", "-(x**2 + x - 2)"], REAL_X)
    assert result.steps[1].status is StepStatus.WRONG
    assert "sign error" in result.steps[1].message


def test_a_log_rule_that_needs_positivity_holds_on_a_positive_domain():
    result = check(["log(x**2)", "2*log(x)"], {"x": "positive"})
    assert result.verdict == "correct"


def test_the_same_log_rule_fails_when_x_may_be_negative():
    result = check(["log(x**2)", "2*log(x)"], REAL_X)
    assert result.first_wrong_step == 1


# --------------------------------------------------------------------------- calculus


def test_an_expression_line_may_be_the_derivative_of_the_previous_one():
    result = check(["x**3 + 2*x", "3*x**2 + 2"], REAL_X)
    assert result.steps[1].relation == "diff x"


def test_a_wrong_claimed_derivative_is_rejected_with_the_lost_term():
    result = check(["L = x**3 + 2*x", "diff(L, x) = 3*x + 2"], REAL_X)
    assert result.steps[1].status is StepStatus.WRONG
    assert "wrong derivative" in result.steps[1].message
    assert "missing term 3*x**2" in result.steps[1].message


def test_a_chain_rule_sign_slip_is_named_against_the_derivative():
    result = check(["1/(1 + exp(-x))", "-exp(-x)/(1 + exp(-x))**2"], REAL_X)
    assert "not the derivative with respect to x: a sign error" in result.steps[1].message


def test_a_forgotten_exponent_is_a_constant_factor_of_the_derivative():
    where = {"x": "real", "mu": "real", "sigma": "positive"}
    lines = ["-(x - mu)**2/(2*sigma**2)", "-(x - mu)/(2*sigma**2)"]
    message = check(lines, where).steps[1].message
    assert "with respect to x" in message and "1/2 times" in message


def test_setting_the_wrong_expression_to_zero_is_not_a_stationary_point():
    where = {"n": "(1, oo)", "c": "positive"}
    lines = ["L = n/c + c", "diff(L, c) = -n/c**2 + 1", "c = n"]
    result = check(lines, where)
    assert result.first_wrong_step == 2
    assert "setting the derivative" in result.steps[2].message


def test_the_stationary_point_of_the_checkpoint_memory_is_sqrt_n():
    where = {"n": "(1, oo) sample [4, 1000]", "c": "(0, oo) sample [0.5, 2000]"}
    lines = ["L = n/c + c", "diff(L, c) = -n/c**2 + 1", "c = sqrt(n)", "L = 2*sqrt(n)"]
    result = check(lines, where)
    assert result.verdict == "correct", result.message
    assert result.steps[3].relation.startswith("subs")


def test_a_limit_at_infinity_is_recognised():
    result = check(["(1 - 1/n)**n", "exp(n*log(1 - 1/n))", "exp(-1)"], {"n": "integer >= 2"})
    assert result.verdict == "correct"
    assert result.steps[2].relation == "limit n oo"


def test_a_wrong_limit_is_rejected():
    result = check(["(1 - 1/n)**n", "exp(n*log(1 - 1/n))", "1"], {"n": "integer >= 2"})
    assert result.first_wrong_step == 2


# --------------------------------------------------------------------------- equations


def test_squaring_both_sides_gains_a_solution():
    result = check(["x = 2", "x**2 = 4"], REAL_X)
    step = result.steps[1]
    assert step.status is StepStatus.IMPLIES
    assert "gains the solution x = -2" in step.message
    assert result.verdict == "incorrect"


def test_dividing_by_x_loses_the_solution_zero():
    step = check(["x**2 = x", "x = 1"], REAL_X).steps[1]
    assert step.status is StepStatus.IMPLIED_BY
    assert "loses the solution x = 0" in step.message


def test_dividing_by_x_is_fine_when_x_is_positive():
    assert check(["x**2 = x", "x = 1"], {"x": "positive"}).verdict == "correct"


def test_a_log_rule_on_a_possibly_negative_quantity_loses_solutions():
    step = check(["log(x**2) = 0", "2*log(x) = 0"], REAL_X).steps[1]
    assert step.status is StepStatus.IMPLIED_BY
    assert "x = -1" in step.message


def test_an_unchanged_left_side_points_at_the_right_side():
    where = {"x": "real", "c": "positive"}
    step = check(["exp(x) = c", "exp(x) = 2*c"], where).steps[1]
    assert step.status is StepStatus.WRONG
    assert "the right-hand side changed: a wrong constant factor" in step.message


def test_an_equation_cannot_follow_from_a_plain_expression():
    result = check(["x**2 + 1", "x**2 = 3"], REAL_X)
    assert result.first_wrong_step == 1


def test_a_solved_form_after_an_expression_is_a_new_premise():
    step = check(["x**2 + 1", "x = 3"], REAL_X).steps[1]
    assert step.status is StepStatus.GIVEN


# --------------------------------------------------------------------------- substitution


def test_substituting_the_optimum_into_a_definition():
    where = {"G": "real", "H": "positive", "lam": "positive", "w": "real sample [-120, 120]"}
    lines = [
        "L = G*w + (H + lam)*w**2/2",
        "diff(L, w) = G + (H + lam)*w",
        "G + (H + lam)*w = 0",
        "w = -G/(H + lam)",
        "L = -G**2/(2*(H + lam))",
    ]
    result = check(lines, where)
    assert result.verdict == "correct", result.message
    assert result.steps[4].relation == "subs line 4"


def test_substituting_an_earlier_equation_into_an_expression():
    where = {"S": "real", "k": "integer [2, 100]", "w": "real", "x": "real"}
    lines = ["(S + x)/k", "S = (k - 1)*w", "((k - 1)*w + x)/k"]
    result = check(lines, where)
    assert result.verdict == "correct"
    assert result.steps[2].relation == "subs line 2 into 1"


def test_a_wrong_substitution_is_rejected():
    where = {"S": "real", "k": "integer [2, 100]", "w": "real", "x": "real"}
    lines = ["(S + x)/k", "S = (k - 1)*w", "(k*w + x)/k"]
    assert check(lines, where).first_wrong_step == 2


# --------------------------------------------------------------------------- goal and input


def test_reaching_the_goal():
    result = check(ADABOOST, ADABOOST_WHERE, goal="a = log((1 - e)/e)/2")
    assert result.verdict == "correct"
    assert result.goal_reached is True


def test_stopping_short_of_the_goal_is_incorrect_without_a_wrong_step():
    result = check(ADABOOST[:3], ADABOOST_WHERE, goal="a = log((1 - e)/e)/2")
    assert result.verdict == "incorrect"
    assert result.first_wrong_step is None
    assert result.goal_reached is False


def test_an_unreadable_line_makes_the_derivation_invalid_and_is_pointed_at():
    result = check(["(x + 1)**2", "x**2 + 2*x +", "x**2 + 2*x + 1"], REAL_X)
    assert result.verdict == "invalid"
    assert result.first_wrong_step == 1
    assert result.steps[1].status is StepStatus.UNREADABLE
    assert result.steps[2].status is StepStatus.OK  # compared with the last readable line


def test_a_line_with_two_equals_signs_is_checked_link_by_link():
    result = check(["(x + 1)^2 = x^2 + 2*x + 1 = x*(x + 2) + 1"], REAL_X)
    assert [s.status for s in result.steps] == [StepStatus.OK]
    assert result.steps[0].message.count("; then ") == 1
    wrong = check(["(x + 1)^2 = x^2 + 2*x + 1 = x*(x + 1) + 1", "x^2 + x + 1"], REAL_X)
    assert wrong.steps[0].status is StepStatus.WRONG
    assert wrong.steps[0].message.startswith("in `x^2 + 2*x + 1 = x*(x + 1) + 1`")
    assert len(wrong.steps) == 2  # one result per line the learner wrote
    assert check(["x = 1 = = 2"], REAL_X).steps[0].status is StepStatus.UNREADABLE


def test_without_domains_every_name_is_a_real_variable():
    result = check(["sin(t)**2 + cos(t)**2", "1"])
    assert result.verdict == "correct"


def test_a_bad_domain_is_invalid():
    assert check(["x"], {"x": "(1, 0)"}).verdict == "invalid"


@pytest.mark.parametrize("lines", [[], ["x"] * 61, ["x + " * 200 + "x"], "x = 1"])
def test_oversized_or_malformed_input_is_invalid_before_parsing(lines):
    assert check(lines, REAL_X).verdict == "invalid"


def test_after_a_wrong_derivative_the_next_step_builds_on_it():
    where = {"n": "(1, oo)", "c": "positive"}
    result = check(["L = n/c + c", "diff(L, c) = -n/c + 1", "c = n"], where)
    assert statuses(result) == ["given", "wrong", "ok"]
    assert result.steps[2].relation == "stationary c"


def test_each_step_says_how_the_line_was_read():
    step = check(["exp(2a) = (1-e)/e"], ADABOOST_WHERE).steps[0]
    assert step.interpreted == "exp(2·a) = (1 − e)/e"


def test_equations_without_real_roots_are_compared_symbolically():
    assert check(["x**2 + 1 = 0", "x**2 = -1"], REAL_X).verdict == "correct"


def test_differentiating_and_setting_to_zero_in_one_line():
    lines = ["(1-e)*exp(-a) + e*exp(a)", "e*exp(a) = (1-e)*exp(-a)", "a = log((1-e)/e)/2"]
    result = check(lines, ADABOOST_WHERE)
    assert result.verdict == "correct"
    assert result.steps[1].relation == "stationary a"


def test_dividing_by_x_names_the_factor():
    assert "dividing by x, which is zero there" in check(["x**2 = x", "x = 1"], REAL_X).steps[1].message


def test_squaring_is_named():
    assert "squaring both sides" in check(["x = 2", "x**2 = 4"], REAL_X).steps[1].message


def test_dividing_by_a_parameter_that_may_be_zero_is_flagged():
    step = check(["a*x = a", "x = 1"], {"x": "real", "a": "real"}).steps[1]
    assert step.status is StepStatus.IMPLIED_BY
    assert "divides by a, which may be zero" in step.message


def test_dividing_by_a_positive_parameter_is_fine():
    assert check(["a*x = a", "x = 1"], {"x": "real", "a": "positive"}).verdict == "correct"


@pytest.mark.parametrize("arrow", ["⇒", "=>", "∴", "so", "Hence,", "→"])
def test_a_leading_connective_is_the_learners_and_is_left_out(arrow: str):
    result = check(["2*x + 1 = 5", f"{arrow} 2*x = 4", f"{arrow} x = 2"], REAL_X)
    assert result.verdict == "correct", result.message
    wrong = check(["2*x + 1 = 5", f"{arrow} x = 3"], REAL_X)
    assert wrong.steps[1].status is StepStatus.WRONG


@pytest.mark.parametrize("remark", ["  # subtract 1", " | subtract 1 from both sides", " | take logs."])
def test_a_remark_after_the_formula_is_left_out(remark: str):
    result = check(["2*x + 1 = 5", f"2*x = 4{remark}", "x = 2"], REAL_X)
    assert result.verdict == "correct", result.message


def test_a_bar_of_an_absolute_value_is_not_a_remark():
    result = check(["|x - 1| = 2", "x - 1 = 2 or x - 1 = -2", "x = 3 or x = -1"], REAL_X)
    assert result.verdict == "correct", result.message
