"""Exercise review: type an answer, see the verdict, rate; the answer is stored with it."""

from __future__ import annotations

import json
import threading

from textual.widgets import Input, Static
from tui_support import open_exercise, review_rows, settle, submit, verdict_text

from studyapp.scheduling import Rating
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.review import ReviewScreen

SIZE = (100, 30)
CORRECT = "sigmoid(x)*(1-sigmoid(x))"


async def test_wrong_answer_shows_feedback_suggests_again_and_is_stored(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        await pilot.press("ctrl+g")
        assert "chain rule" in str(view.query_one("#hints", Static).render())
        view.query_one(Input).value = "sigmoid(x)**"
        await pilot.press("2")  # typed keys reach the input, not the rating bindings
        await settle(pilot, delay=0.3)
        assert str(view.query_one("#preview", Static).render()) == "you typed: sigmoid(x)²"
        await pilot.press("enter")
        await settle(pilot)
        assert "Incorrect" in verdict_text(view)
        assert "squared the sigmoid" in verdict_text(view)
        assert "Answer:" in str(view.query_one("#solution", Static).render())
        assert exercise_app.screen.suggested == Rating.Again
        await pilot.press("enter")  # accept the suggestion
        await settle(pilot)

    (row,) = review_rows(exercise_app.config)
    assert (row["answer"], row["verdict"], row["rating"]) == ("sigmoid(x)**2", "incorrect", 1)


async def test_unreadable_answer_can_be_fixed_then_the_suggestion_overridden(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        await submit(pilot, view, "sigmoid(x")
        assert "Could not read" in verdict_text(view)
        assert exercise_app.screen.phase == "answering"
        assert not view.query_one(Input).disabled
        await submit(pilot, view, CORRECT)
        assert "Correct" in verdict_text(view)
        assert exercise_app.screen.suggested == Rating.Good
        await pilot.press("4")
        await settle(pilot)

    (row,) = review_rows(exercise_app.config)  # only the graded attempt is a review
    assert (row["answer"], row["verdict"], row["rating"]) == (CORRECT, "correct", 4)


async def test_empty_answer_shows_the_solution_and_suggests_again(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        await submit(pilot, view, "")
        assert "sigmoid(x)·(1 − sigmoid(x))" in str(view.query_one("#solution", Static).render())
        assert exercise_app.screen.suggested == Rating.Again
        await pilot.press("1")
        await settle(pilot)

    (row,) = review_rows(exercise_app.config)
    assert (row["answer"], row["verdict"]) == (None, None)


HOSTILE = [
    "9**9**9**9**9",
    "(" * 20000 + "x" + ")" * 20000,
    "x*" * 50000 + "x",
    "__import__('os').system('touch pwned')",
    "factorial(factorial(100000))",
    "exp(exp(exp(exp(exp(exp(x))))))**123456789",
]


async def test_the_interface_answers_keys_while_a_check_runs(exercise_app, monkeypatch) -> None:
    from studyapp.checking.exercises import grade

    release = threading.Event()

    def slow_check(exercise, answer, params=None, timeout=None) -> grade.GradeResult:
        release.wait(timeout=30)  # a CAS that needs a while, until the test lets it finish
        return grade.GradeResult("incorrect", "not equivalent")

    monkeypatch.setattr(grade, "grade_exercise", slow_check)
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        view.query_one(Input).value = "x"
        await pilot.press("enter")
        await pilot.pause()
        assert "Checking" in verdict_text(view)
        # ? is a character the learner may still be typing: while the check runs it is
        # dropped (no help screen), but the event loop is free: Esc leaves for the decks.
        await pilot.press("question_mark")
        assert isinstance(exercise_app.screen, ReviewScreen)
        assert "Checking" in verdict_text(view)
        await pilot.press("escape")
        assert isinstance(exercise_app.screen, HomeScreen)
        release.set()
        await settle(pilot)  # the check ends in a view already gone: the session goes on
        assert isinstance(exercise_app.screen, HomeScreen)
        assert exercise_app.is_running


async def test_hostile_answers_end_in_a_verdict_and_run_nothing(exercise_app, tmp_path) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        for answer in HOSTILE:
            await submit(pilot, view, answer)
            if exercise_app.screen.phase == "rating":  # graded: the session moves on
                assert exercise_app.screen.outcome["verdict"] in ("incorrect", "undecided")
                break
            assert "Could not read" in verdict_text(view)
    assert not (tmp_path / "pwned").exists()


async def test_parameterised_exercise_is_graded_and_stored_with_its_draw(
    make_config, clock
) -> None:
    from datetime import UTC

    from tui_support import DECK, VARIED

    from studyapp.tui.app import create_app

    app = create_app(make_config({"ml/deck.md": DECK, "ml/sizes.md": VARIED}), clock=clock, tz=UTC)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        width = app.screen.params["values"]["w"]
        assert f"width w = {width}" in str(view.query_one("#prompt", Static).render())
        await submit(pilot, view, str(width * 4))
        assert "Correct" in verdict_text(view)
        await pilot.press("enter")
        await settle(pilot)

    (row,) = review_rows(app.config)
    assert json.loads(row["params"])["values"] == {"w": width}
    assert row["verdict"] == "correct"
