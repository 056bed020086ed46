"""The statistics screen's words about a fit."""

from __future__ import annotations

from studyapp.scheduling.fitting.optimize import Outcome, Score
from studyapp.tui.widgets.fit_panel import outcome_message


def outcome(adopted: bool, memory_states: int) -> Outcome:
    return Outcome(
        None, 5000, (0.1,) * 21, Score(0.34, 0.03), Score(0.32, 0.01), 1.0, adopted, "why",
        memory_states,
    )  # fmt: skip


def test_an_adopted_fit_says_whose_memory_states_follow_it_and_that_due_dates_stay():
    message = outcome_message(outcome(True, 1234))
    assert "The memory states of 1,234 items follow them; due dates are kept." in message


def test_a_fit_not_adopted_says_nothing_of_memory_states():
    assert "memory states" not in outcome_message(outcome(False, 0))
