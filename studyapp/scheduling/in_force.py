"""The scheduling settings in force: this device's config.toml or a later synced one.

The settings that decide an interval (desired retention, learning and relearning steps,
the leech threshold) are recorded as ``scheduling`` facts when a device syncs, and the
latest written wins everywhere: config.toml counts as written when the file was last
changed, the defaults (no file) as written at the epoch, so any explicit choice beats
them. Replaying an item uses, for each review, the settings and the FSRS parameters in
force at its time (``Timeline``).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from studyapp.config import CONFIG_FILENAME, AppConfig, Settings
from studyapp.scheduling.fuzz import SeededScheduler
from studyapp.scheduling.parameters import FSRS_DEFAULTS
from studyapp.store.queries.parameter_sets import Adoptions

_BEGINNING = -(2**63)  # before any fact (epoch ms)


@dataclass(frozen=True)
class SchedulingSettings:
    desired_retention: float
    learning_steps_minutes: tuple[int, ...]
    relearning_steps_minutes: tuple[int, ...]
    leech_threshold: int

    @classmethod
    def of(cls, settings: Settings) -> SchedulingSettings:
        return cls(
            settings.desired_retention,
            tuple(settings.learning_steps_minutes),
            tuple(settings.relearning_steps_minutes),
            settings.leech_threshold,
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SchedulingSettings:
        return cls(
            float(data["desired_retention"]),
            tuple(int(m) for m in data["learning_steps_minutes"]),
            tuple(int(m) for m in data["relearning_steps_minutes"]),
            int(data["leech_threshold"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {key: list(v) if isinstance(v, tuple) else v for key, v in asdict(self).items()}

    def scheduler(
        self, fuzz: bool, parameters: tuple[float, ...] = FSRS_DEFAULTS
    ) -> SeededScheduler:
        scheduler = SeededScheduler(
            parameters=parameters,
            desired_retention=self.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in self.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in self.relearning_steps_minutes),
            enable_fuzzing=fuzz,
        )
        scheduler.fingerprint = self.fingerprint(fuzz, parameters)
        return scheduler

    def fingerprint(self, fuzz: bool, parameters: tuple[float, ...] = FSRS_DEFAULTS) -> str:
        """A short name for what, besides the item's state and the rating, decides a review:
        these settings, the FSRS parameters, fuzz on or off and the fsrs release. Two
        reviews of the same state with the same rating, time and fingerprint end the same."""
        basis = [self.to_json(), list(parameters), fuzz, _fsrs_release()]
        return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()[:16]


@cache
def _fsrs_release() -> str:
    from importlib.metadata import version  # imports email, zipfile...: when first rating

    return version("fsrs")


def local_written_at(config: AppConfig) -> int:
    """When this device's settings were chosen: config.toml's mtime (ms), 0 without one."""
    try:
        return (config.home / CONFIG_FILENAME).stat().st_mtime_ns // 1_000_000
    except OSError:
        return 0


def effective(
    config: AppConfig, latest: tuple[dict[str, Any], int] | None
) -> tuple[SchedulingSettings, int]:
    """The settings in force now and when they were written: the newer of config.toml and
    the latest synced ``scheduling`` fact (``latest``: its value and time, or None)."""
    local = SchedulingSettings.of(config.settings), local_written_at(config)
    if latest is None or local[1] > latest[1]:
        return local
    return SchedulingSettings.from_json(latest[0]), latest[1]


class Timeline:
    """The settings and FSRS parameters in force at any moment, from the ``scheduling``
    facts (oldest first) and each scope's parameter adoptions.

    Before the first settings fact the first one applies, so devices that share the facts
    agree on every review; with no facts at all, ``fallback`` (this device's settings) does.
    """

    def __init__(
        self,
        history: list[tuple[int, dict[str, Any]]],
        fallback: SchedulingSettings,
        fuzz: bool,
        adoptions: dict[str | None, Adoptions] | None = None,
    ) -> None:
        self._history = [(at, SchedulingSettings.from_json(value)) for at, value in history]
        self._fallback = fallback
        self._fuzz = fuzz
        self._adoptions = adoptions or {}
        self._schedulers: dict[tuple[SchedulingSettings, tuple[float, ...]], SeededScheduler] = {}
        self._decks: dict[str | None, DeckTimeline] = {}

    def changes(self) -> list[tuple[int, SchedulingSettings]]:
        """When the settings in force changed, and to what (a repeated value is no change)."""
        changes: list[tuple[int, SchedulingSettings]] = []
        for written_at, settings in self._history:
            if not changes or changes[-1][1] != settings:
                changes.append((written_at, settings))
        return changes

    def at(self, moment_ms: int) -> SchedulingSettings:
        if not self._history:
            return self._fallback
        chosen = self._history[0][1]
        for written_at, settings in self._history:
            if written_at > moment_ms:
                break
            chosen = settings
        return chosen

    def parameters_at(self, deck_id: str | None, moment_ms: int) -> tuple[float, ...]:
        """The deck's own set in force then, else the set for every deck, else the defaults."""
        for scope in (deck_id, None):
            adoptions = self._adoptions.get(scope)
            adopted = adoptions.at(moment_ms) if adoptions is not None else None
            if adopted is not None:
                return adopted.parameters
        return FSRS_DEFAULTS

    def scheduler(
        self, settings: SchedulingSettings, parameters: tuple[float, ...] = FSRS_DEFAULTS
    ) -> SeededScheduler:
        """The scheduler for these settings and FSRS parameters (one per pair, reused)."""
        key = (settings, parameters)
        if key not in self._schedulers:
            self._schedulers[key] = settings.scheduler(self._fuzz, parameters)
        return self._schedulers[key]

    def for_deck(self, deck_id: str | None) -> DeckTimeline:
        if deck_id not in self._decks:
            self._decks[deck_id] = DeckTimeline(self, deck_id)
        return self._decks[deck_id]

    def moments(self, deck_id: str | None) -> list[int]:
        """When what schedules the deck may change."""
        changes = {at for at, _settings in self._history}
        for scope in (deck_id, None):
            if scope in self._adoptions:
                changes.update(self._adoptions[scope].moments())
        return sorted(changes)


class DeckTimeline:
    """What rates a deck's reviews at any moment, found by bisection: a replay asks for
    every review it goes through."""

    def __init__(self, timeline: Timeline, deck_id: str | None) -> None:
        self._starts = timeline.moments(deck_id)
        self._segments = []
        self._parameter_changes: list[tuple[int, tuple[float, ...]]] = []
        previous = FSRS_DEFAULTS
        for start in (_BEGINNING, *self._starts):
            settings = timeline.at(start)
            parameters = timeline.parameters_at(deck_id, start)
            self._segments.append((settings, timeline.scheduler(settings, parameters)))
            if parameters != previous:
                self._parameter_changes.append((start, parameters))
            previous = parameters

    def at(self, moment_ms: int) -> tuple[SchedulingSettings, SeededScheduler]:
        return self._segments[bisect_right(self._starts, moment_ms)]

    def parameter_changes(self) -> list[tuple[int, tuple[float, ...]]]:
        """When the FSRS parameters in force for the deck changed, and to what."""
        return self._parameter_changes
