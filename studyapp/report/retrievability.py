"""FSRS's forgetting curve: the probability of recalling an item now.

The formula is that of ``fsrs.Scheduler.get_card_retrievability`` for the parameters in
force (``studyapp.scheduling.parameters``): whole elapsed days, then
``R = (1 + factor * t / S) ** decay``. A test keeps the two in agreement. It is computed
here rather than through ``fsrs.Card`` objects because a report needs it for a hundred
thousand items at once (the store's SQL computes the same, see ``ItemFilter``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.store.times import DAY_MS

DECAY_PARAMETER = 20  # the index of the curve's decay among the FSRS-6 parameters


@dataclass(frozen=True)
class ForgettingCurve:
    decay: float
    factor: float

    @classmethod
    def of(cls, parameters: Sequence[float]) -> ForgettingCurve:
        decay = -parameters[DECAY_PARAMETER]
        return cls(decay=decay, factor=0.9 ** (1 / decay) - 1)

    def retrievability(self, elapsed_ms: int | None, stability: float | None) -> float | None:
        """The probability of recall after ``elapsed_ms`` since the last review."""
        if elapsed_ms is None or stability is None or stability <= 0:
            return None
        elapsed_days = max(0, elapsed_ms // DAY_MS)
        return (1 + self.factor * elapsed_days / stability) ** self.decay
