"""The FSRS parameters in force: the scheduler and the reports' forgetting curve read them
from here, so both follow when they change."""

from __future__ import annotations

from fsrs.scheduler import DEFAULT_PARAMETERS


def scheduler_parameters() -> tuple[float, ...]:
    """The parameters the scheduler uses: fsrs's defaults (no personal parameters yet)."""
    return tuple(DEFAULT_PARAMETERS)
