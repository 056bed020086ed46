"""The ``test:`` field of exercise blocks: read, validated at load time, part of the hash."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studyapp.content.answer_test_spec import TEST_NAMES, UnknownTest, read_test
from studyapp.content.loader import load_content
from studyapp.content.parser import parse_text

TOPIC = "```topic\nid: calc\ntitle: Calculus\n```\n\n"


def exercise(*lines: str, exercise_id: str = "ex") -> str:
    body = "\n".join([f"id: {exercise_id}", "prompt: Work it out.", *lines])
    return f"```exercise\n{body}\n```\n\n"


FACTOR = ("var: x real", "answer: 2*x*(x - 3)")
NUMBER = ("kind: numeric", "answer: exp(-1)", "tolerance: 1e-3")


def parse(*blocks: str):
    return parse_text(TOPIC + "".join(blocks), "calc/ex.md", "calc")


def messages(parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_a_test_is_kept_on_the_exercise_with_its_spaces_normalised() -> None:
    parsed = parse(
        exercise(*FACTOR, "test:  factored "), exercise(*NUMBER, "test: sigfigs 4", exercise_id="n")
    )
    assert parsed.problems == []
    assert [e.test for e in parsed.topics[0].exercises] == ["factored", "sigfigs 4"]


def test_an_exercise_without_a_test_has_none() -> None:
    (ex,) = parse(exercise(*FACTOR)).topics[0].exercises
    assert ex.test is None


def test_a_misspelt_test_names_its_line_and_the_closest_test() -> None:
    parsed = parse(exercise(*FACTOR, "test: facored"))
    assert messages(parsed) == [
        "calc/ex.md:11: error: unknown test `facored`: did you mean `factored`?"
    ]


def test_a_name_close_to_nothing_lists_the_known_tests() -> None:
    (message,) = messages(parse(exercise(*FACTOR, "test: zebra")))
    assert "unknown test `zebra`; known tests: added-constant, antiderivative" in message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("test: sigfigs", "takes 1 or 2 whole number(s), got 0"),
        ("test: sigfigs three", "takes whole numbers, got `three`"),
        ("test: sigfigs 3 5", "the accuracy M must be from -1 to 3"),
        ("test: decimals 0", "the count must be at least 1"),
        ("test: factored 2", "takes 0 whole number(s), got 1"),
    ],
)
def test_a_bad_argument_is_reported_with_what_the_test_takes(line: str, words: str) -> None:
    (message,) = messages(parse(exercise(*NUMBER, line)))
    assert message.startswith("calc/ex.md:12: error: ") and words in message


def test_a_variable_argument_must_be_declared() -> None:
    (message,) = messages(parse(exercise(*FACTOR, "test: integral t")))
    assert "names `t`, which no `var:` declares (declared: x)" in message


def test_a_numeric_exercise_takes_only_a_test_on_numbers() -> None:
    (message,) = messages(parse(exercise(*NUMBER, "test: factored")))
    assert "a numeric exercise takes a test on numbers" in message


def test_a_test_cannot_read_the_functions_of_fun() -> None:
    (message,) = messages(parse(exercise(*FACTOR, "fun: m(u) = u**2", "test: expanded")))
    assert "cannot read the functions of `fun:`" in message


def test_a_second_test_line_is_reported_and_the_first_kept() -> None:
    parsed = parse(exercise(*FACTOR, "test: factored", "test: expanded"))
    assert messages(parsed) == [
        "calc/ex.md:12: error: an exercise takes one `test:`; remove the others"
    ]
    assert parsed.topics[0].exercises[0].test == "factored"


def test_a_bad_test_leaves_the_exercise_and_the_rest_of_the_decks_loaded(write_content) -> None:
    root = write_content(
        {
            "calc/deck.md": "```deck\nid: calc\ntitle: Calculus\n```\n",
            "calc/ex.md": TOPIC
            + exercise(*FACTOR, "test: sigfig 3")
            + exercise(*FACTOR, exercise_id="ok"),
            "other/deck.md": "```deck\nid: other\ntitle: Other\n```\n",
            "other/t.md": "```topic\nid: t\ntitle: T\n```\n\n```cards\nQ: q {#q}\nA: a\n```\n",
        }
    )
    content = load_content([root])
    (problem,) = content.problems
    assert problem.source.line == 11
    assert problem.message.endswith("did you mean `sigfigs`?")
    assert sorted(content.by_id()) == ["ex", "ok", "q"]
    assert content.by_id()["ex"].test is None  # graded by equivalence, the problem reported


def test_the_test_changes_the_hash_and_no_test_keeps_the_old_one() -> None:
    (ex,) = parse(exercise(*FACTOR)).topics[0].exercises
    assert replace(ex, test="factored").content_hash() != ex.content_hash()
    assert replace(ex, test=None).content_hash() == ex.content_hash()


def test_every_test_name_reads_with_an_example_argument() -> None:
    examples = {
        "sigfigs": "3",
        "strict-sigfigs": "3",
        "decimals": "2",
        "digits": "2",
        "units": "3",
        "units-relative": "0.01",
        "units-absolute": "0.1",
        "similar-text": "0.8",
        "partial-fractions": "x",
        "completed-square": "x",
        "same-form-rules": "oneMul",
    }
    for name in TEST_NAMES:
        assert read_test(f"{name} {examples.get(name, '')}")[0] == name


def test_no_test_named_is_refused() -> None:
    with pytest.raises(UnknownTest, match="no test named"):
        read_test("  ")


@pytest.mark.parametrize(
    "name",
    [
        "antiderivative",
        "integral",
        "integral-optional-constant",
        "derivative",
        "partial-fractions",
        "completed-square",
    ],
)
def test_the_tests_in_one_variable_refuse_two(name: str) -> None:
    assert read_test(f"{name} x") == (name, ["x"])
    with pytest.raises(UnknownTest, match="takes one variable"):
        read_test(f"{name} x y")
