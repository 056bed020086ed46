"""STACK's reasoning options passed to the derivation checker (and the batch grader)."""

from __future__ import annotations

import json

from studyapp.checking.derivations import StepStatus
from studyapp.checking.derivations import check_derivation_here as check
from studyapp.checking.exercises import grade_payload


def test_assume_pos_keeps_only_the_positive_root():
    result = check(["w^2 = 16", "w = 4"], options=["assume_pos"])
    assert result.verdict == "correct"


def test_without_assume_pos_the_negative_root_is_lost():
    assert check(["w^2 = 16", "w = 4"]).steps[1].status is StepStatus.IMPLIED_BY


def test_assume_pos_accepts_squaring_both_sides():
    assert check(["u = v", "u^2 = v^2"], options=["assumepos"]).verdict == "correct"


def test_assume_pos_leaves_declared_domains_alone():
    result = check(["w^2 = 16", "w = 4"], where={"w": "real"}, options=["assume_pos"])
    assert result.steps[1].status is StepStatus.IMPLIED_BY


def test_assume_real_and_calculus_are_accepted():
    assert check(["w^3 = 8", "w = 2"], options=["assume_real", "calculus"]).verdict == "correct"


def test_an_unknown_option_is_reported():
    result = check(["w = 1"], options=["assume_complex"])
    assert result.verdict == "invalid"
    assert "'assume_complex'" in result.message


def test_the_batch_grader_passes_options_through():
    payload = json.loads('{"steps": ["w^2 = 16", "w = 4"], "options": ["assume_pos"]}')
    assert grade_payload(payload)["verdict"] == "correct"


def test_assume_pos_does_not_accept_a_sign_flip_with_no_positive_solution():
    # STACK accepts this step under assume_pos; see test_derivation_reasoning's docstring.
    result = check(["abs(u) = abs(v)", "u = -v"], options=["assume_pos"])
    assert result.steps[1].status is StepStatus.IMPLIED_BY
