"""Derivation lines judged under the givens, the author's declared mistakes shown, and a
wrong line diagnosed by one edit inside it (an inverted ratio, a flipped sign, a dropped
factor or term)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.checking.derivations.check import check_derivation_here, grade_derivation_here
from studyapp.content.loader import load_content
from studyapp.content.model import Derivation

BUNDLED = Path(__file__).resolve().parents[3] / "content"

DPO_GIVENS = ["pw = refw*exp(rw/beta)/Z", "pl = refl*exp(rl/beta)/Z", "-log(sigmoid(rw - rl))"]
KL_GIVEN = "p*r1 + (1 - p)*r2 - beta*(p*log(p/q) + (1 - p)*log((1 - p)/(1 - q)))"
KL_DERIVATIVE = "r1 - r2 - beta*(log(p/q) - log((1 - p)/(1 - q)))"


@cache
def derivation(item_id: str) -> Derivation:
    item = load_content([BUNDLED]).by_id()[item_id]
    assert isinstance(item, Derivation)
    return item


# -- item 2: a step is judged under the givens -----------------------------------------


def test_a_step_in_the_defined_names_follows_from_one_in_what_defines_them() -> None:
    lines = [*DPO_GIVENS, "= -log(sigmoid(beta*log(pw*Z/refw) - beta*log(pl*Z/refl)))"]
    result = grade_derivation_here(derivation("dpo-loss-derivation"), lines)
    assert result.verdict == "correct", result.message
    assert result.steps[3].status == "ok"


def test_a_counterexample_never_contradicts_the_givens() -> None:
    lines = [*DPO_GIVENS, "= -log(sigmoid(log(pw*Z/refw) - beta*log(pl*Z/refl)))"]
    result = grade_derivation_here(derivation("dpo-loss-derivation"), lines)
    assert result.first_wrong_line == 4
    message = result.steps[3].message
    assert " at " in message
    assert "pw =" not in message and "pl =" not in message  # defined, so not free to vary


# -- item 3: declared flawed steps, then a diagnosis ------------------------------------


def test_writing_the_declared_flawed_step_shows_the_authors_mistake() -> None:
    kl = derivation("kl-optimal-policy-derivation")
    lines = [KL_GIVEN, KL_DERIVATIVE, "log(p/(1 - p)) = (r1 - r2)/beta"]
    result = grade_derivation_here(kl, lines)
    assert result.first_wrong_line == 3
    assert result.steps[2].message == kl.mistake
    assert result.message == f"line 3 is a known mistake: {kl.mistake}"


def test_a_later_flawed_step_written_directly_shows_the_mistake_too() -> None:
    kl = derivation("kl-optimal-policy-derivation")
    lines = [KL_GIVEN, KL_DERIVATIVE, "p = exp(r1/beta)/(exp(r1/beta) + exp(r2/beta))"]
    result = grade_derivation_here(kl, lines)
    assert result.steps[2].message == kl.mistake


def test_a_wrong_step_that_is_not_declared_gets_the_checkers_diagnosis() -> None:
    kl = derivation("kl-optimal-policy-derivation")
    lines = [KL_GIVEN, KL_DERIVATIVE, "log(p/(1 - p)) = (r1 + r2)/beta"]
    result = grade_derivation_here(kl, lines)
    assert result.first_wrong_line == 3
    assert kl.mistake not in result.steps[2].message


def test_an_inverted_ratio_is_named() -> None:
    lines = [*DPO_GIVENS, "= -log(sigmoid(beta*log(refw/(pw*Z)) - beta*log(pl*Z/refl)))"]
    result = grade_derivation_here(derivation("dpo-loss-derivation"), lines)
    assert "the ratio refw/(Z*pw) is inverted" in result.steps[3].message


def test_a_flipped_sign_inside_a_line_is_named() -> None:
    result = check_derivation_here(["exp(x - x**2)", "= exp(x + x**2)"], {"x": "real"})
    assert "the sign of x**2 is flipped" in result.steps[1].message


def test_a_dropped_factor_inside_a_line_is_named() -> None:
    result = check_derivation_here(["exp(2*x) + x", "= exp(x) + x"], {"x": "real"})
    assert "the factor 2 is dropped" in result.steps[1].message


def test_a_missing_term_inside_a_line_is_named() -> None:
    result = check_derivation_here(["log(x**2 + x + 1)", "= log(x**2 + 1)"], {"x": "(0, oo)"})
    assert "missing term x" in result.steps[1].message


def test_a_pre_filled_given_and_a_blank_line_keep_the_line_numbers_as_seen() -> None:
    kl = derivation("kl-optimal-policy-derivation")
    lines = [KL_GIVEN, "", KL_DERIVATIVE, "log(p/(1 - p)) = (r1 - r2)/beta"]
    result = grade_derivation_here(kl, lines)
    assert [step.line for step in result.steps] == [1, 3, 4]
    assert result.first_wrong_line == 4
    assert result.message.startswith("line 4 ")
