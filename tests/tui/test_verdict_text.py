"""The verdict under an exercise says a thing once."""

from __future__ import annotations

from tui_support import open_exercise, submit, verdict_text


async def test_a_correct_answer_reads_correct_once(exercise_app) -> None:
    async with exercise_app.run_test(size=(100, 30)) as pilot:
        view = await open_exercise(pilot)
        await submit(pilot, view, "sigmoid(x)*(1-sigmoid(x))")
        assert verdict_text(view) == "✓ Correct"
