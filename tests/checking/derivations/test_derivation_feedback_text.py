"""How derivation feedback reads: line numbers as the learner sees them, each status said
once, hints that add something, and control characters shown escaped."""

from __future__ import annotations

from studyapp.checking.derivations import DerivationResult, next_hint_here
from studyapp.checking.derivations import check_derivation_here as check
from studyapp.checking.exercises import grade_expression, grade_payload
from studyapp.checking.reading import InvalidAnswer, escape_controls
from studyapp.content.model import Derivation, SourceRef, Step, Variable

WRONG = ["x + 1 = 3", "x = 3"]


def test_a_wrong_line_says_does_not_follow_once():
    message = check(WRONG).message
    assert message.startswith("line 2 does not follow from the previous equation")
    assert message.count("does not follow") == 1


def test_a_line_that_gains_solutions_is_not_said_to_not_follow():
    message = check(["x = 1", "x^2 = 1"]).message
    assert message.startswith("line 2 follows from the previous equation but gains")


def test_blank_lines_count_in_the_line_numbers():
    result = check(["x + 1 = 3", "", "", "x = 3"])
    assert [step.line for step in result.steps] == [1, 4]
    assert result.message.startswith("line 4 ")


def test_first_wrong_step_indexes_steps_and_first_wrong_line_counts_from_one():
    result = check(["x + 1 = 3", "", "x = 3"])
    assert (result.first_wrong_step, result.first_wrong_line) == (1, 3)
    assert result.to_dict()["first_wrong_line"] == 3


def test_an_unreadable_line_is_numbered_as_seen():
    assert check(["x = 1", "", "x +* 2"]).message.startswith("line 3 could not be read")


def test_references_to_earlier_lines_count_blank_lines():
    last = check(["t^2 + s", "", "s = 1", "", "t^2 + 1"]).steps[-1]
    assert (last.line, last.relation, last.message) == (
        5, "subs line 3 into 1", "substitutes line 3 into line 1"
    )


def test_line_numbers_survive_json():
    result = check(["x + 1 = 3", "", "x = 3"])
    assert DerivationResult.from_dict(result.to_dict()) == result


def test_a_derivation_of_blank_lines_only_has_nothing_to_check():
    assert check(["", "  "]).verdict == "invalid"


SQUARE = Derivation(
    id="square",
    prompt="Expand (x + 1)**2.",
    deck_id="d",
    topic_id="t",
    source=SourceRef("test.md", 1),
    variables=(Variable("x", "real", "-5", "5", False, False),),
    steps=(
        Step("given", "(x + 1)**2", "the square"),
        Step("equal", "x**2 + 2*x + 1", "expand"),
    ),
)


def test_the_first_hint_is_the_first_step_after_the_given():
    assert next_hint_here(SQUARE, []) == "x**2 + 2*x + 1  (expand)"


def test_the_hint_after_the_given_line_is_the_next_step():
    assert next_hint_here(SQUARE, ["(x + 1)**2"]) == "x**2 + 2*x + 1  (expand)"


def test_a_control_character_is_escaped_in_an_error_message():
    result = grade_expression("x", "x\x07")
    assert result.verdict == "invalid"
    assert "\x07" not in result.message and "\\x07" in result.message


def test_invalid_answer_escapes_format_characters_too():
    assert str(InvalidAnswer("unknown name `a\u202eb`")) == "unknown name `a\\u202eb`"


def test_printable_text_is_left_alone():
    assert escape_controls("read `½·log(x)` as (1/2)·log(x)") == "read `½·log(x)` as (1/2)·log(x)"


def test_a_batch_derivation_counts_its_steps_from_one_blank_ones_included():
    data = grade_payload({"steps": ["x + 1 = 3", "", "x = 3"]})
    assert (data["first_wrong_step"], data["first_wrong_line"]) == (1, 3)
    assert data["message"].startswith("line 3 ")
