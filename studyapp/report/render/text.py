"""How numbers read in every report format: percentages, durations, counts."""

from __future__ import annotations

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def duration(ms: int) -> str:
    """``45s``, ``12m``, ``3h 05m``: the precision a learner cares about."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def count(value: int) -> str:
    return f"{value:,}"


# The checker's mistake categories (``reviews.mistake``) in the words the learner read.
MISTAKE_WORDS = {
    "declared": "a known wrong answer, explained by the content",
    "sign": "your answer has the opposite sign",
    "constant-factor": "your answer is a constant multiple of the expected one",
    "reciprocal": "your answer is the reciprocal of the expected one",
    "rounded": "close, but not exact or not rounded well enough",
    "tolerance": "close, but not within the tolerance",
    "precision": "the right value, not written to the precision asked",
    "form": "the right value, not in the form asked",
    "step wrong": "a derivation line does not follow",
    "step unreadable": "a derivation line could not be read",
    "step implies": "a derivation line gains solutions (not equivalent)",
    "step implied-by": "a derivation line loses solutions (not equivalent)",
    "step undecided": "a derivation line could not be confirmed",
}


def mistake_words(category: str) -> str:
    """A mistake category as the learner saw it; an unknown one as stored."""
    return MISTAKE_WORDS.get(category, category)
