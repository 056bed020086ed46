"""The verdict under an exercise says a thing once."""

from __future__ import annotations

from textual.widgets import Input, Static
from tui_support import settle

from studyapp.tui.widgets.exercise_view import ExerciseView


async def test_a_correct_answer_reads_correct_once(exercise_app) -> None:
    async with exercise_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = exercise_app.screen.query_one(ExerciseView)
        view.query_one(Input).value = "sigmoid(x)*(1-sigmoid(x))"
        await pilot.press("enter")
        await settle(pilot)
        assert str(view.query_one("#verdict", Static).render()) == "✓ Correct"
