"""Keys typed right after Enter, while the answer is being checked, never run a command."""

from __future__ import annotations

import threading

from textual.widgets import Input, TextArea
from tui_support import burst, open_exercise, settle, suspended, verdict_text

from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.derivation_view import CHECK_DELAY_S, DerivationView

SIZE = (100, 40)
# Suspend, quit, stats, edit, undo and help: a fast typist's letters, still coming after Enter.
COMMAND_KEYS = ("s", "q", "t", "e", "u", "question_mark")


def held_checks(monkeypatch, module, name: str) -> threading.Event:
    """Make ``module.name`` wait until the returned event is set (it starts set)."""
    release = threading.Event()
    release.set()
    real = getattr(module, name)

    def held(*args, **kwargs):
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return release


def still_reviewing(app, view) -> None:
    assert app.is_running and app.return_code is None
    assert isinstance(app.screen, ReviewScreen)
    assert view in app.screen.query("#item > *")
    assert app.screen.done == []


async def test_letters_typed_while_an_answer_is_checked_run_no_command(
    exercise_app, monkeypatch
) -> None:
    from studyapp.checking import exercises

    release = held_checks(monkeypatch, exercises, "grade_exercise")
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        release.clear()
        burst(pilot, *"sigmoid(x)**2", "enter")
        await pilot.pause()
        assert "Checking" in verdict_text(view)  # the box is closed: the check has begun
        burst(pilot, *COMMAND_KEYS)
        await pilot.pause()
        still_reviewing(exercise_app, view)
        release.set()
        await settle(pilot)
        still_reviewing(exercise_app, view)
        assert "Incorrect" in verdict_text(view)
        assert view.query_one(Input).value == "sigmoid(x)**2"
        assert exercise_app.screen.phase == "rating"
    assert not suspended(exercise_app, "sigmoid-slope")


async def test_letters_typed_while_a_derivation_is_checked_run_no_command(
    derivation_app, monkeypatch
) -> None:
    from studyapp.checking import derivations

    release = held_checks(monkeypatch, derivations, "grade_derivation")
    async with derivation_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, delay=CHECK_DELAY_S)
        view = derivation_app.screen.query_one(DerivationView)
        written = view.query_one(TextArea).text
        release.clear()
        burst(pilot, "ctrl+s")
        await pilot.pause()
        assert view.query_one(TextArea).read_only  # submitted: the check has begun
        burst(pilot, *COMMAND_KEYS)
        await pilot.pause()
        still_reviewing(derivation_app, view)
        release.set()
        await settle(pilot)
        still_reviewing(derivation_app, view)
        assert view.query_one(TextArea).text == written
        assert derivation_app.screen.phase == "rating"
    assert not suspended(derivation_app, "adaboost-alpha-derivation")
