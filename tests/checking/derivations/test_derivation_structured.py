"""Derivations whose lines are or-lists of equations, inequalities and conditions."""

from __future__ import annotations

import pytest

from studyapp.checking.derivations import StepStatus, check_derivation_here


@pytest.mark.parametrize(
    "steps",
    [
        ["x^2 = 4", "x = 2 or x = -2"],
        ["x^2 - 5*x + 6 = 0", "(x-2)*(x-3) = 0", "x = 2 or x = 3"],
        ["x^2 - x = 30", "x^2 - x - 30 = 0", "(x-6)*(x+5) = 0", "x-6 = 0 or x+5 = 0", "x = 6 or x = -5"],
        ["2*x + 1 > 3", "2*x > 2", "x > 1"],
        ["3 - x <= 1", "x >= 2"],
        ["x^2 = 2", "x = sqrt(2) or x = -sqrt(2)"],
        ["a^2 = b^2", "a = b or a = -b"],
        ["x = 2 or x = -2", "x^2 = 4"],
        ["x = 3 or x = 3", "x = 3"],
        ["x^2 > 1", "x > 1 or x < -1"],
        ["x^2 < 9", "x > -3 and x < 3"],
        ["x^2 - 1 # 0", "x # 1 and x # -1"],
        ["(x-1)*(x+2) = 0", "x = 1 or x = -2", "x^2 + x - 2 = 0"],
    ],
)
def test_valid_structured_chains(steps):
    result = check_derivation_here(steps)
    assert result.first_wrong_step is None, result.steps
    assert result.verdict == "correct"


def test_losing_a_solution_is_flagged():
    result = check_derivation_here(["x^2 = 4", "x = 2 or x = 2"])
    assert result.first_wrong_step == 1
    assert result.steps[1].status is StepStatus.IMPLIED_BY
    assert "loses" in result.steps[1].message


@pytest.mark.parametrize(
    ("steps", "wrong", "status"),
    [
        (["x^2 = 4", "x = 2 or x = 3"], 1, StepStatus.WRONG),
        (["x^2 - 5*x + 6 = 0", "x = 2 or x = -3"], 1, StepStatus.WRONG),
        (["2*x + 1 > 3", "x > 2"], 1, StepStatus.IMPLIED_BY),
        (["2*x + 1 > 3", "x > 0"], 1, StepStatus.IMPLIES),
        (["-2*x > 4", "x > -2"], 1, StepStatus.WRONG),
        (["x = 2 or x = -2", "x = 2"], 1, StepStatus.IMPLIED_BY),
        (["2*x = 4", "x = 2 or x = -2"], 1, StepStatus.IMPLIES),
        (["x^2 > 1", "x > 1"], 1, StepStatus.IMPLIED_BY),
        (["x^2 >= 0", "x > 0"], 1, StepStatus.IMPLIED_BY),
        (["x^2 = 4", "x = 2 or x = -2", "x = 2"], 2, StepStatus.IMPLIED_BY),
    ],
)
def test_broken_structured_steps(steps, wrong, status):
    result = check_derivation_here(steps)
    assert result.first_wrong_step == wrong
    assert result.steps[wrong].status is status
    assert result.verdict == "incorrect"


def test_plain_solution_after_square_loses_a_root():
    result = check_derivation_here(["x^2 = 4", "x = 2"])
    assert result.first_wrong_step == 1
    assert result.steps[1].status is not StepStatus.OK
    assert "loses" in result.steps[1].message


def test_condition_after_an_expression_is_wrong():
    result = check_derivation_here(["x^2 + 1", "x > 0"])
    assert result.first_wrong_step == 1
    assert result.steps[1].status is StepStatus.WRONG


def test_domain_restricts_the_truth_sets():
    # for x > 0 the negative root does not exist, so x = 2 alone is equivalent
    assert check_derivation_here(["x^2 = 4", "x = 2 or x = -2"], {"x": "(0, oo)"}).first_wrong_step is None
    assert check_derivation_here(["x^2 > 1", "x > 1"], {"x": "(0, oo)"}).first_wrong_step is None


def test_structured_line_that_cannot_be_read_is_unreadable():
    result = check_derivation_here(["x^2 = 4", "x = 2 or (x = -2"])
    assert result.steps[1].status is StepStatus.UNREADABLE
    assert result.verdict == "invalid"


def test_plain_lines_keep_their_relations():
    steps = [
        "L = (1-e)*exp(-a) + e*exp(a)",
        "diff(L, a) = -(1-e)*exp(-a) + e*exp(a)",
        "-(1-e)*exp(-a) + e*exp(a) = 0",
        "exp(2*a) = (1-e)/e",
        "a = 1/2*log((1-e)/e)",
    ]
    result = check_derivation_here(steps, {"e": "(0, 1/2)", "a": "real"})
    assert result.verdict == "correct", result.steps


def test_hostile_structured_lines_are_invalid():
    too_long = " or ".join(["x = 1"] * 500)
    assert check_derivation_here(["x^2 = 1", too_long]).verdict == "invalid"
    nested = "(" * 300 + "x = 1" + ")" * 300
    assert check_derivation_here(["x^2 = 1", nested]).verdict == "invalid"


@pytest.mark.parametrize(
    ("steps", "goal", "reached"),
    [
        (["x^2 - 5*x + 6 = 0", "x = 2 or x = 3"], "x = 3 or x = 2", True),
        (["x^2 - 5*x + 6 = 0", "(x-2)*(x-3) = 0"], "x = 2 or x = 3", True),
        (["x^2 - 5*x + 6 = 0", "x = 2 or x = 3"], "x = 2 or x = 4", False),
        (["2*x + 1 > 3", "x > 1"], "x > 1", True),
        (["2*x + 1 > 3", "x > 1"], "x >= 1", False),
    ],
)
def test_structured_goal(steps, goal, reached):
    result = check_derivation_here(steps, None, goal)
    assert result.first_wrong_step is None
    assert (result.verdict == "correct") is reached


@pytest.mark.parametrize(
    ("steps", "good"),
    [(["0 = 0", "all"], True), (["1 = 2", "none"], True), (["1 = 2", "all"], False), (["x^2 = -1", "none"], True), (["1 = 2", "{ }"], True), (["0 = 0", "{}"], False)],
)
def test_truth_words_alone_on_a_line(steps, good):
    assert (check_derivation_here(steps).first_wrong_step is None) is good


def test_equations_in_several_variables_are_solved_not_sampled():
    # x = 1 and y = 2 is one point; y = 2 alone a line through it: more solutions
    result = check_derivation_here(["x = 1 and y = 2", "y = 2 and x + y = y + 1"])
    assert result.first_wrong_step is None
    result = check_derivation_here(["x = 1 and y = 2", "x + y = 3"])
    assert result.first_wrong_step == 1
    assert result.steps[1].status is StepStatus.IMPLIES
    reordered = check_derivation_here(["a^2 = b and x = 1", "x = 1 and b = a^2"])
    assert reordered.first_wrong_step is None
