"""Integration steps in a learner's derivation: antiderivatives and constants of integration."""

from __future__ import annotations

from studyapp.checking.derivations import StepStatus
from studyapp.checking.derivations import check_derivation_here as check


def test_an_antiderivative_of_the_previous_line_follows():
    result = check(["3*t^2 + 4*t", "t^3 + 2*t^2"])
    assert result.steps[1].status is StepStatus.OK
    assert result.steps[1].relation == "integrate t"


def test_an_antiderivative_with_its_constant_follows():
    assert check(["cos(t) + 1", "sin(t) + t + K"]).steps[1].relation == "integrate t"


def test_differentiating_then_integrating_back_is_a_chain():
    assert check(["t^4 - t", "4*t^3 - 1", "t^4 - t + K"]).verdict == "correct"


def test_a_wrong_antiderivative_is_rejected():
    assert check(["3*t^2 + 4*t", "t^3 + 4*t^2"]).first_wrong_step == 1


def test_adding_a_new_constant_to_a_worked_out_integral_follows():
    result = check(["int(2*t + 1, t)", "t^2 + t + K"])
    assert result.verdict == "correct"
    assert "constant of integration K" in result.steps[1].message


def test_an_integral_is_worked_out_before_comparing():
    assert check(["int(t*exp(t), t)", "(t - 1)*exp(t)"]).verdict == "correct"


def test_adding_a_variable_already_in_use_is_not_a_constant_of_integration():
    assert check(["t^2 + s", "t^2 + s + t"]).first_wrong_step == 1


def test_a_limit_written_in_a_chain_is_worked_out():
    lines = ["diff(t^3, t)", "= limit(((t + h)^3 - t^3)/h, h, 0)", "= 3*t^2"]
    assert check(lines).verdict == "correct"


def test_a_definite_integral_over_an_infinite_range_is_worked_out():
    assert check(["int(exp(-t), t, 0, inf)", "= 1"]).verdict == "correct"


def test_a_new_letter_is_no_constant_of_integration_without_an_integral():
    assert check(["t^2 + 2*t", "t^2 + 2*t + K"]).first_wrong_step == 1


def test_a_new_letter_multiplying_the_previous_line_is_no_constant():
    assert check(["int(2*t, t)", "t^2*(1 + K)"]).first_wrong_step == 1
