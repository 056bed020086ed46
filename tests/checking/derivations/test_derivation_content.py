"""Learner lines against a content derivation, hints, and the labelled-step checker."""

from __future__ import annotations

from dataclasses import replace

from studyapp.checking.derivations import (
    StepStatus,
    check_reference_derivation_here,
    grade_derivation_here,
    next_hint_here,
)
from studyapp.content.model import Derivation, SourceRef, Step, Variable

SOURCE = SourceRef("test.md", 1)


def step(relation: str, content: str, why: str = "") -> Step:
    return Step(relation, content, why)


LORA = Derivation(
    id="lora-ratio",
    prompt="Compare LoRA's parameter count with full fine-tuning.",
    deck_id="peft",
    topic_id="lora",
    source=SOURCE,
    variables=(
        Variable("r", "integer", "1", "64", False, False),
        Variable("d", "integer", "16", "8192", False, False),
        Variable("k", "integer", "16", "8192", False, False),
    ),
    steps=(
        step("given", "(d*r + r*k)/(d*k)", "B has d*r entries, A has r*k"),
        step("equal", "r*(d + k)/(d*k)", "factor out r"),
        step("equal", "r/k + r/d", "split the fraction"),
        step("given", "k = d", "square matrix"),
        step("subs 4 into 3", "2*r/d", "substitute k = d"),
    ),
    flawed=(
        step("given", "(d*r + r*k)/(d*k)"),
        step("equal", "r*(d + k)/(d*k)"),
        step("equal", "r**2/(d*k)"),
        step("given", "k = d"),
        step("subs 4 into 3", "r**2/d**2"),
    ),
    wrong_step=3,
    mistake="Turned the sum into a product.",
)


def test_the_reference_lines_are_correct_and_reach_the_goal():
    result = grade_derivation_here(LORA, [s.content for s in LORA.steps])
    assert result.verdict == "correct"
    assert result.goal_reached is True


def test_restating_a_given_is_marked_given():
    result = grade_derivation_here(LORA, [s.content for s in LORA.steps])
    assert [str(s.status) for s in result.steps] == ["given", "ok", "ok", "given", "ok"]


def test_a_given_definition_may_be_used_without_restating_it():
    lines = ["(d*r + r*k)/(d*k)", "r/k + r/d", "2*r/d"]
    assert grade_derivation_here(LORA, lines).verdict == "correct"


def test_a_learner_must_start_from_a_given():
    result = grade_derivation_here(LORA, ["r/k", "2*r/d"])
    assert result.first_wrong_step == 0
    assert "start from what is given" in result.steps[0].message


def test_a_premise_that_is_not_a_given_is_wrong_in_a_content_derivation():
    result = grade_derivation_here(LORA, ["(d*r + r*k)/(d*k)", "r = 1"])
    assert result.first_wrong_step == 1


def test_stopping_early_misses_the_goal():
    result = grade_derivation_here(LORA, ["(d*r + r*k)/(d*k)", "r/k + r/d"])
    assert result.verdict == "incorrect"
    assert result.goal_reached is False
    assert "2*r/d" in result.message


def test_an_explicit_goal_overrides_the_last_step():
    derivation = replace(LORA, goal="r/k + r/d")
    result = grade_derivation_here(derivation, ["(d*r + r*k)/(d*k)", "r/k + r/d"])
    assert result.verdict == "correct"


def test_the_flawed_lines_break_at_the_wrong_step():
    result = grade_derivation_here(LORA, [s.content for s in LORA.flawed])
    assert result.first_wrong_step == 2
    assert result.steps[2].status is StepStatus.WRONG


def test_a_consistent_derivation_passes_the_reference_check():
    assert check_reference_derivation_here(LORA) == []


def test_a_flawed_version_that_breaks_twice_is_reported():
    flawed = list(LORA.flawed)
    flawed[1] = step("equal", "r*(d + k)/(2*d*k)")
    problems = check_reference_derivation_here(replace(LORA, flawed=tuple(flawed)))
    assert any("breaks at [2, 3]" in p for p in problems)


def test_a_wrong_reference_step_is_reported_with_its_number():
    steps = list(LORA.steps)
    steps[1] = step("equal", "r*(d + k)/(2*d*k)")
    problems = check_reference_derivation_here(replace(LORA, steps=tuple(steps)))
    assert any("step 2" in p and "a wrong constant factor" in p for p in problems)


def test_a_subs_step_must_name_an_equation():
    steps = list(LORA.steps)
    steps[4] = step("subs 3 into 2", "2*r/d")
    problems = check_reference_derivation_here(replace(LORA, steps=tuple(steps)))
    assert any("is not 'symbol = expression'" in p for p in problems)


def test_an_unknown_relation_is_reported():
    steps = list(LORA.steps)
    steps[1] = step("expand", "r*(d + k)/(d*k)")
    problems = check_reference_derivation_here(replace(LORA, steps=tuple(steps)))
    assert any("unknown relation 'expand'" in p for p in problems)


SOLVE = Derivation(
    id="ckpt",
    prompt="Optimal checkpoints.",
    deck_id="dl",
    topic_id="ckpt",
    source=SOURCE,
    variables=(
        Variable("n", "real", "1", "oo", True, True, ("4", "1000")),
        Variable("c", "real", "0", "oo", True, True, ("0.5", "2000")),
    ),
    steps=(
        step("given", "n/c + c"),
        step("diff c", "-n/c**2 + 1"),
        step("solve c", "c = sqrt(n)"),
        step("subs 3 into 1", "2*sqrt(n)"),
    ),
)


def test_solve_and_diff_relations_hold():
    assert check_reference_derivation_here(SOLVE) == []


def test_a_solve_step_with_the_wrong_root_is_reported():
    steps = list(SOLVE.steps)
    steps[2] = step("solve c", "c = n")
    problems = check_reference_derivation_here(replace(SOLVE, steps=tuple(steps)))
    assert any("step 3" in p and "solutions for c change" in p for p in problems)


def test_a_limit_relation_holds():
    derivation = Derivation(
        id="oob", prompt="OOB.", deck_id="ml", topic_id="rf", source=SOURCE,
        variables=(Variable("n", "integer", "2", "1000", False, False),),
        steps=(step("given", "(1 - 1/n)**n"), step("limit n oo", "exp(-1)")),
    )
    assert check_reference_derivation_here(derivation) == []


def test_the_first_hint_is_the_first_step_after_the_given():
    assert next_hint_here(LORA, []) == "r*(d + k)/(d*k)  (factor out r)"


def test_a_later_given_is_not_hinted():
    hint = next_hint_here(LORA, [s.content for s in LORA.steps[:3]])
    assert hint is not None and hint.startswith("2*r/d")


def test_the_hint_follows_the_last_step_already_written():
    hint = next_hint_here(LORA, ["(d*r + r*k)/(d*k)", "r*(d + k)/(d*k)"])
    assert hint is not None and hint.startswith("r/k + r/d")


def test_no_hint_once_the_derivation_is_complete():
    assert next_hint_here(LORA, [s.content for s in LORA.steps]) is None


def test_unreadable_lines_do_not_stop_hints():
    hint = next_hint_here(LORA, ["(d*r + r*k)/(d*k)", "r*(d + k"])
    assert hint is not None and hint.startswith("r*(d + k)/(d*k)")


def test_a_limit_at_a_finite_point():
    derivation = Derivation(
        id="sinc", prompt="sinc.", deck_id="m", topic_id="t", source=SOURCE,
        variables=(Variable("x", "real", "0", "1", True, False),),
        steps=(step("given", "sin(x)/x"), step("limit x 0", "1")),
    )
    assert check_reference_derivation_here(derivation) == []


def test_a_wrong_limit_at_a_finite_point_is_reported():
    derivation = Derivation(
        id="sinc", prompt="sinc.", deck_id="m", topic_id="t", source=SOURCE,
        variables=(Variable("x", "real", "0", "1", True, False),),
        steps=(step("given", "sin(x)/x"), step("limit x 0", "0")),
    )
    assert any("not the limit" in p for p in check_reference_derivation_here(derivation))


# Two givens a learner may solve without copying them out first (as the DPO derivation's).
SOLVED_GIVENS = Derivation(
    id="solved-givens",
    prompt="Express the reward margin through the policy probabilities.",
    deck_id="alignment",
    topic_id="dpo",
    source=SOURCE,
    variables=(
        Variable("pw", "real", "0", "1", True, True),
        Variable("pl", "real", "0", "1", True, True),
        Variable("rw", "real", "-oo", "oo", True, True),
        Variable("rl", "real", "-oo", "oo", True, True),
        Variable("Z", "real", "0", "oo", True, True),
    ),
    steps=(
        step("given", "pw = exp(rw)/Z"),
        step("solve rw", "rw = log(pw) + log(Z)"),
        step("given", "pl = exp(rl)/Z"),
        step("solve rl", "rl = log(pl) + log(Z)"),
        step("given", "rw - rl"),
        step("subs 2,4", "log(pw) + log(Z) - log(pl) - log(Z)"),
        step("equal", "log(pw/pl)"),
    ),
)


def test_a_given_may_be_solved_without_copying_it_out():
    lines = ["rw = log(pw) + log(Z)", "rl = log(pl) + log(Z)", "rw - rl", "log(pw/pl)"]
    result = grade_derivation_here(SOLVED_GIVENS, lines)
    assert result.verdict == "correct", [s.message for s in result.steps]
    assert "solved for rw" in result.steps[0].message
    assert "solved for rl" in result.steps[1].message


def test_a_given_solved_wrongly_is_named_as_the_given_it_should_follow():
    lines = ["rw = log(pw) + log(Z)", "rl = log(pl) - log(Z)", "rw - rl", "log(pw/pl)"]
    result = grade_derivation_here(SOLVED_GIVENS, lines)
    assert result.verdict == "incorrect"
    assert result.steps[1].status == StepStatus.WRONG
    assert "solving the given pl = exp(rl)/Z" in result.steps[1].message
