"""`name: L` lets a learner refer to a derivation's given expression by name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from studyapp.checking.derivations import (
    StepStatus,
    check_derivation_here,
    check_reference_derivation_here,
    grade_derivation_here,
    next_hint_here,
)
from studyapp.content.loader import load_content
from studyapp.content.model import Derivation
from studyapp.tui.widgets.derivation_view import input_hint, reference_text, starting_text

BLOCK = """```deck
id: ml
title: ML
```

```topic
id: adaboost
title: AdaBoost
```

```derivation
id: alpha-derivation
prompt: Minimise the exponential loss of one round over alpha.
var: e real (0, 1/2)
var: alpha real (-oo, oo) sample [-4, 4]
name: L
step: given: (1 - e)*exp(-alpha) + e*exp(alpha) | the loss of one round
step: diff alpha: -(1 - e)*exp(-alpha) + e*exp(alpha) | differentiate
step: solve alpha: exp(2*alpha) = (1 - e)/e | set the derivative to zero
step: solve alpha: alpha = log((1 - e)/e)/2 | take logarithms and halve
```
"""
LOSS = "(1 - e)*exp(-alpha) + e*exp(alpha)"
DERIVATIVE = "-(1 - e)*exp(-alpha) + e*exp(alpha)"
REST = ["exp(2*alpha) = (1 - e)/e", "alpha = log((1 - e)/e)/2"]


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Derivation:
    folder = tmp_path_factory.mktemp("decks")
    (folder / "adaboost.md").write_text(BLOCK, encoding="utf-8")
    content = load_content([folder])
    assert not content.problems
    derivation = content.by_id()["alpha-derivation"]
    assert isinstance(derivation, Derivation)
    return derivation


def test_the_name_field_is_read_from_the_block(named: Derivation) -> None:
    assert named.given_name == "L"


def test_the_first_line_may_differentiate_the_named_given(named: Derivation) -> None:
    result = grade_derivation_here(named, [f"diff(L, alpha) = {DERIVATIVE}", *REST])
    assert result.verdict == "correct"
    assert result.steps[0].relation == "diff alpha"


@pytest.mark.parametrize(
    "claim", ["dL/dalpha", "∂L/∂alpha", "dL / dα", "d/dalpha L", f"d/dalpha ({LOSS})"]
)
def test_leibniz_notation_claims_the_derivative(named: Derivation, claim: str) -> None:
    result = grade_derivation_here(named, [f"{claim} = {DERIVATIVE}", *REST])
    assert result.verdict == "correct", result.message
    assert result.steps[0].relation == "diff alpha"
    wrong = grade_derivation_here(named, [f"{claim} = {LOSS}", *REST])
    assert wrong.first_wrong_step == 0


def test_setting_the_named_derivative_to_zero_is_a_stationary_point(named: Derivation) -> None:
    result = grade_derivation_here(named, ["diff(L, alpha) = 0", *REST])
    assert result.verdict == "correct"
    assert result.steps[0].relation == "stationary alpha"


def test_writing_the_name_out_counts_as_the_given(named: Derivation) -> None:
    result = grade_derivation_here(named, [f"L = {LOSS}", f"diff(L, alpha) = {DERIVATIVE}", *REST])
    assert result.verdict == "correct"
    assert result.steps[0].status is StepStatus.GIVEN


def test_restating_the_name_with_another_expression_is_not_the_given(named: Derivation) -> None:
    result = grade_derivation_here(named, [f"L = {DERIVATIVE}", *REST])
    assert result.first_wrong_step == 0


def test_a_wrong_derivative_of_the_name_is_still_caught(named: Derivation) -> None:
    result = grade_derivation_here(named, [f"diff(L, alpha) = {LOSS}", *REST])
    assert result.verdict == "incorrect"
    assert result.first_wrong_step == 0


def test_zero_for_the_derivative_of_something_else_is_wrong(named: Derivation) -> None:
    result = grade_derivation_here(named, ["diff(alpha**3, alpha) = 0", "alpha = 0"])
    assert result.first_wrong_step == 0


def test_without_the_field_the_name_is_unknown(named: Derivation) -> None:
    result = grade_derivation_here(replace(named, given_name=None), ["diff(L, alpha) = 0", *REST])
    assert result.verdict == "invalid"
    assert "unknown name `L`" in result.message


def test_the_next_hint_follows_lines_that_use_the_name(named: Derivation) -> None:
    hint = next_hint_here(named, [f"diff(L, alpha) = {DERIVATIVE}"])
    assert hint is not None and hint.startswith("exp(2*alpha) = (1 - e)/e")


@pytest.mark.parametrize(
    ("name", "problem"),
    [("alpha", "already a variable"), ("2L", "not a plain name"), ("exp", "built-in name")],
)
def test_a_bad_name_is_a_content_problem(named: Derivation, name: str, problem: str) -> None:
    problems = check_reference_derivation_here(replace(named, given_name=name))
    assert problems and problem in problems[0]


def test_a_name_needs_a_given_expression(named: Derivation) -> None:
    only_equations = replace(named, steps=named.steps[2:], goal=None)
    problems = check_reference_derivation_here(replace(only_equations, given_name="L"))
    assert any("needs a given that is an expression" in p for p in problems)


def test_the_editor_starts_from_the_named_given_and_the_hint_names_it(named: Derivation) -> None:
    assert starting_text(named) == f"L = {LOSS}\n"
    assert "called L" in input_hint(named)
    assert starting_text(replace(named, given_name=None)) == f"{LOSS}\n"
    assert "write L = … first" in input_hint(replace(named, given_name=None))


def test_bundled_derivations_name_their_given_where_natural() -> None:
    bundled = Path(__file__).parents[3] / "content"
    names = {
        d.id: d.given_name for d in load_content([bundled]).items() if isinstance(d, Derivation)
    }
    assert names["adaboost-alpha-derivation"] == "L"
    assert names["vp-variance-derivation"] == "v"


def test_a_message_about_many_lost_roots_lists_a_few_and_counts_the_rest() -> None:
    result = check_derivation_here(
        ["L = x**2 - 2*x", "diff(x**3, x) = 0", "x = 0"], {"x": "real"}, goal="x = 0"
    )
    message = result.steps[2].message
    assert "in all)" in message and len(message) < 400


def test_the_reference_shows_the_named_given(named: Derivation) -> None:
    assert reference_text(named).plain.splitlines()[1].startswith(f"L = {LOSS}")


def test_a_squared_variable_written_with_a_superscript_is_checked_not_defined() -> None:
    where = {"n": "(0, oo)", "c": "(0, oo)"}
    wrong = check_derivation_here(["n/c + c", "-n/c^2 + 1 = 0", "c² = 2n", "c = sqrt(n)"], where)
    assert wrong.verdict == "incorrect" and wrong.first_wrong_step == 2
    right = check_derivation_here(["n/c + c", "-n/c^2 + 1 = 0", "c² = n", "c = √n"], where)
    assert right.verdict == "correct"


def test_a_number_before_x1_multiplies_the_variable() -> None:
    where = {"x1": "real", "x2": "real"}
    result = check_derivation_here(["(x1 + x2)^2", "= x1^2 + 2x1x2 + x2^2", "= x1² + 2 x1 x2 + x2²"], where)
    assert result.verdict == "correct"


def test_a_simplified_derivative_may_be_set_to_zero() -> None:
    where = {"n": "(0, oo)", "c": "(0, oo)"}
    lines = ["n/c + c", "-n/c^2 + 1", "= 1 - n/c^2", "1 - n/c^2 = 0", "c = sqrt(n)"]
    assert check_derivation_here(lines, where).verdict == "correct"
    lines[3] = "1 - 2n/c^2 = 0"  # the simplified derivative set to zero wrongly
    wrong = check_derivation_here(lines, where)
    assert wrong.verdict == "incorrect" and wrong.first_wrong_step == 3


def test_a_first_line_may_set_the_given_equal_to_a_form_of_it() -> None:
    content = load_content([Path("content")])
    lora = content.by_id()["lora-ratio-derivation"]
    lines = ["(d*r + r*k)/(d*k) = r*(d + k)/(d*k)", "= r/k + r/d", "k = d", "2*r/d"]
    assert grade_derivation_here(lora, lines).verdict == "correct"
    lines[0] = "(d*r + r*k)/(d*k) = r^2/(d*k)"  # not a form of the given
    assert grade_derivation_here(lora, lines).first_wrong_step == 0
