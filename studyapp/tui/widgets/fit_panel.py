"""The statistics screen's lines about the scheduler's fit: how well the parameters in
force predict the learner, whether to optimise (``o``), and what each desired retention
would cost (``w``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text

from studyapp.plural import plural

if TYPE_CHECKING:
    from studyapp.scheduling.fitting.optimize import FitStatus, Outcome
    from studyapp.scheduling.fitting.workload import Workload


def fit_text(status: FitStatus) -> Text:
    """One or two lines: the parameters in force, their fit, and a suggestion."""
    in_force = status.in_force
    if in_force is None:
        whose = "FSRS's default parameters"
    else:
        fitted = datetime.fromtimestamp(in_force.fitted_at / 1000, UTC)
        whose = (
            f"your parameters (fitted {fitted:%Y-%m-%d} on {plural(in_force.reviews, 'review')})"
        )
    score = status.score
    fit = (
        "fit not measured yet"
        if score is None
        else f"log loss {score.log_loss:.3f}, RMSE {score.rmse:.1%}"
    )
    text = Text.assemble(("Scheduler ", "bold"), f"{whose} · {fit}")
    if status.suggest:
        new = plural(status.new_since_fit, "new review")
        text.append(f"\n{new} since the last fit: press o to optimise", style="bold yellow")
    else:
        text.append("\no optimise · w workload by desired retention", style="dim")
    return text


def progress_text(done: int, total: int, stage: str) -> Text:
    width = 20
    filled = width * done // max(1, total)
    bar = "█" * filled + "·" * (width - filled)
    return Text.assemble(("Optimising ", "bold"), f"[{bar}] {stage}… (reviews go on meanwhile)")


def outcome_message(outcome: Outcome) -> str:
    if outcome.before is None or outcome.after is None:
        return outcome.reason
    message = (
        f"Log loss {outcome.before.log_loss:.3f} → {outcome.after.log_loss:.3f}, "
        f"RMSE {outcome.before.rmse:.1%} → {outcome.after.rmse:.1%}: {outcome.reason}."
    )
    if outcome.adopted:
        states = plural(outcome.memory_states, "item")
        message += f" The memory states of {states} follow them; due dates are kept."
    return message


def workload_text(result: Workload, desired: float) -> Text:
    """Reviews per day in the first and the last month simulated, for each retention."""
    text = Text.assemble(("Workload ", "bold"), f"reviews/day, month 1 → 6, {result.items:,} items")
    for cost in result.costs:
        first, last = cost.reviews_per_day[0], cost.reviews_per_day[-1]
        mark = "  ← desired" if abs(cost.retention - desired) < 1e-9 else ""
        text.append(f"\n  {cost.retention:.0%}: {first:.0f} → {last:.0f}{mark}")
    text.append(f"\n  least time per item remembered at {result.recommended:.0%}")
    return text
