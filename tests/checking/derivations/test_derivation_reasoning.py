"""Reasoning by equivalence as STACK does it, on lines typed without declarations.

Where STACK's convention differs from ours on purpose:

* STACK works over the complex numbers unless told ``assume_real``: for it ``z^3 = 27``
  to ``z = 3`` loses two complex roots. A learner of ML maths works with real
  quantities, so for us the step is an equivalence (see the test below).
* With ``assume_pos`` STACK accepts ``|a| = |b|`` to ``a = -b``; for positive a and b
  the second line has no solution, so for us it loses a = b.
"""

from __future__ import annotations

from studyapp.checking.derivations import StepStatus
from studyapp.checking.derivations import check_derivation_here as check


def statuses(lines: list[str]) -> list[StepStatus]:
    return [step.status for step in check(lines).steps]


# --------------------------------------------------------------------------- definitions


def test_a_first_line_with_a_number_on_the_right_is_an_equation_not_a_definition():
    assert statuses(["y = 3", "2*y = 6"]) == [StepStatus.GIVEN, StepStatus.OK]


def test_an_equation_between_two_letters_is_squared_not_substituted():
    assert statuses(["p = q", "p^2 = q^2"])[1] is StepStatus.IMPLIES


def test_a_name_used_only_through_diff_stays_a_definition():
    result = check(["J = w^2 + 3*w", "diff(J, w) = 2*w + 3"])
    assert result.verdict == "correct"
    assert result.steps[0].relation == "given"


def test_a_name_equal_to_itself_is_an_identity_not_a_definition():
    assert check(["t = t", "true"]).verdict == "correct"


def test_a_different_letter_case_is_a_different_variable():
    assert check(["m = 2", "M = 2"]).first_wrong_step == 1


# --------------------------------------------------------------------------- no variables left


def test_an_equation_whose_variable_cancels_is_false_and_stays_false():
    assert check(["4*(t + 1) = 4*t + 9", "4 = 9", "{}"]).verdict == "correct"


def test_two_false_numeric_equations_are_equivalent():
    assert statuses(["5 = 0", "1 = 7"]) == [StepStatus.GIVEN, StepStatus.OK]


def test_a_false_equation_does_not_follow_from_a_true_one():
    assert check(["2 = 2", "2 = 3"]).first_wrong_step == 1


def test_a_false_equation_after_a_solvable_one_loses_its_solutions():
    assert statuses(["w + 1 = 3", "0 = 3"])[1] is StepStatus.IMPLIED_BY


def test_a_square_root_of_a_negative_number_makes_a_false_equation():
    assert statuses(["4 = 0", "1 = sqrt(-7)"])[1] is StepStatus.OK


# --------------------------------------------------------------------------- systems


def test_eliminating_a_variable_from_a_linear_system_is_equivalent():
    lines = ["u + v = 5 and u - v = 1", "2*u = 6 and v = u - 1", "u = 3 and v = 2"]
    assert check(lines).verdict == "correct"


def test_a_wrong_value_at_the_end_of_a_system_is_caught():
    lines = ["u + v = 5 and u - v = 1", "2*u = 6 and v = u - 1", "u = 3 and v = 1"]
    result = check(lines)
    assert result.first_wrong_step == 2
    assert result.steps[2].status is StepStatus.WRONG


def test_a_nonlinear_system_solved_into_an_or_of_points():
    lines = [
        "u^2 + v^2 = 18 and u = v",
        "2*u^2 = 18 and v = u",
        "(u = 3 and v = 3) or (u = -3 and v = -3)",
    ]
    assert check(lines).verdict == "correct"


def test_keeping_one_of_two_solutions_of_a_system_loses_the_other():
    result = check(["u^2 + v^2 = 18 and u = v", "u = 3 and v = 3"])
    assert result.steps[1].status is StepStatus.IMPLIED_BY
    assert "u = -3" in result.steps[1].message


def test_a_system_with_a_free_variable_is_compared_as_a_family():
    assert check(["p^2 = q and p = 2", "q = 4 and p = 2"]).verdict == "correct"
    assert check(["q = p^2 and r = 1", "r = 1 and p^2 = q"]).verdict == "correct"


def test_complex_roots_are_not_solutions_over_the_reals():
    # STACK, over the complex numbers, calls this step "implied" (two roots lost).
    assert statuses(["z^3 = 27", "z = 3"])[1] is StepStatus.OK


# --------------------------------------------------------------------------- pure logic


def test_resolution_in_pure_logic_is_an_equivalence():
    assert check(["(P or Q) and (not P or Q)", "Q"]).verdict == "correct"


def test_dropping_a_conjunct_follows_but_is_not_an_equivalence():
    assert statuses(["P and Q", "P"])[1] is StepStatus.IMPLIES


def test_dropping_a_disjunct_is_stronger_than_the_previous_line():
    assert statuses(["P or Q", "P"])[1] is StepStatus.IMPLIED_BY


def test_letters_as_statements_do_not_compare_with_equations():
    assert statuses(["P or Q", "t > 1"])[1] is StepStatus.WRONG


# --------------------------------------------------------------------------- chains and sums


def test_a_chain_of_equalities_checks_its_first_equation():
    assert check(["(t - 3)^2 = (t - 3)*(t - 3)", "= t^2 - 6*t + 9"]).verdict == "correct"
    assert check(["(t - 3)^2 = (t - 2)*(t - 3)", "= t^2 - 6*t + 9"]).first_wrong_step == 0


def test_a_definition_may_start_a_chain():
    assert check(["J = t^2 + 2*t", "= t*(t + 2)"]).verdict == "correct"


def test_a_link_of_a_chain_must_equal_the_link_before_it():
    assert check(["t + 2", "= (t + 2)^2", "= t + 2"]).first_wrong_step == 1
    assert statuses(["t + 2", "= (t + 2)^2", "= t + 2"])[2] is StepStatus.WRONG


def test_a_sum_up_to_a_variable_is_compared_in_closed_form():
    lines = ["sum(j, j, 1, m + 1)", "= sum(j, j, 1, m) + m + 1", "= m*(m + 1)/2 + m + 1",
             "= (m + 1)*(m + 2)/2"]
    assert check(lines).verdict == "correct"


# --------------------------------------------------------------------------- far roots


def test_squaring_is_caught_when_the_extra_root_is_far_from_the_sampled_range():
    # 5*sqrt(t) = t - 150 has the root t = 225 only; squaring adds t = 100 (where t - 150 < 0)
    result = check(["5*sqrt(t) = t - 150", "25*t = (t - 150)^2"])
    assert result.steps[1].status is StepStatus.IMPLIES
    assert "100" in result.steps[1].message


# --------------------------------------------------------------------------- equating coefficients


def test_equating_coefficients_reads_the_equation_as_an_identity_in_its_variable():
    # A convention shared with STACK: p t^2 + q t + r = 0 for every t gives p = q = r = 0.
    result = check(["p*t^2 + q*t + r = 0", "p = 0 and q = 0 and r = 0"])
    assert result.verdict == "correct"
    assert result.steps[1].relation == "coefficients t"


def test_matching_coefficients_of_two_polynomials_goes_both_ways():
    lines = ["p*t + q = 3*t - 2", "p = 3 and q = -2", "p*t + q = 3*t - 2"]
    assert check(lines).verdict == "correct"


def test_a_wrong_coefficient_is_not_an_identity():
    assert check(["p*t + q = 3*t - 2", "p = 3 and q = 2"]).first_wrong_step == 1


# --------------------------------------------------------------------------- and/or confusion


def test_and_written_for_or_is_named_as_an_and_or_confusion():
    result = check(["w^2 = 9", "w = 3 and w = -3"])
    assert result.steps[1].status is StepStatus.WRONG
    assert "and/or confusion" in result.steps[1].message


def test_or_written_for_and_is_named_as_an_and_or_confusion():
    result = check(["w > 1 and w < 4", "w > 1 or w < 4"])
    assert "and/or confusion" in result.steps[1].message


def test_a_right_or_is_not_called_a_confusion():
    assert check(["w^2 = 9", "w = 3 or w = -3"]).verdict == "correct"


def test_a_system_too_large_to_solve_quickly_is_left_undecided():
    lines = ["u^8 + v^8 + r^8 = 1 and u^7*v = r^3 and u*v*r = 1", "u = 1 and v = 1 and r = 1"]
    assert statuses(lines)[1] is StepStatus.UNDECIDED


def test_conditions_whose_normal_form_would_explode_are_left_undecided():
    line = " and ".join(f"(u = {i} or v = {i})" for i in range(12))
    assert statuses([line, "u = 1 and v = 2"])[1] is StepStatus.UNDECIDED


def test_an_equation_in_other_letters_is_named_as_such():
    message = check(["m = 2", "M = 2"]).steps[1].message
    assert "share no variable" in message


def test_true_then_false_says_which_holds_for_every_value():
    result = check(["true", "false"])
    assert result.steps[1].status is StepStatus.IMPLIED_BY
    assert "holds for no value, the previous one for every value" in result.steps[1].message


def test_a_gained_family_of_solutions_is_shown_with_its_free_variable():
    message = check(["p^2 = q and p = 2", "q = 4"]).steps[1].message
    assert "gains the solution q = 4 for any p" in message
