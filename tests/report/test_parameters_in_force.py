"""Reports compute recall with the forgetting curve of the parameters in force."""

from __future__ import annotations

from datetime import UTC

import pytest
from report_support import DAY, NOW, History

from studyapp.report import ReportFilter, build_report
from studyapp.report.retrievability import ForgettingCurve
from studyapp.scheduling.parameters import FSRS_DEFAULTS
from studyapp.store.engine import driver
from studyapp.store.queries import parameter_sets
from studyapp.store.queries.parameter_sets import ParameterSet

# A flatter curve than the defaults' (decay w[20] = 0.5 instead of 0.1542).
OWN = (*FSRS_DEFAULTS[:20], 0.5)
MONTH_MS = 30 * 86_400_000
DEFAULT_RECALL = ForgettingCurve.of(FSRS_DEFAULTS).retrievability(MONTH_MS, 4)
OWN_RECALL = ForgettingCurve.of(OWN).retrievability(MONTH_MS, 4)


def adopt(engine, parameters, deck_id=None) -> None:
    with engine.begin() as connection:
        parameter_sets.record(
            driver(connection),
            ParameterSet(0, deck_id, tuple(parameters), 1000, 0.4, 0.3, 0.05, 0.02, True),
        )


def report_of(history: History, engine, **filters):
    with engine.connect() as connection:
        return build_report(
            connection, history.config.settings, ReportFilter(**filters), now=NOW, tz=UTC
        )


@pytest.fixture
def engine(history: History):
    history.item("a", state="review", stability=4, last_review=NOW - 30 * DAY, due=NOW)
    history.item("b", deck="other", state="review", stability=4, last_review=NOW - 30 * DAY)
    engine = history.save()
    yield engine
    engine.dispose()


def test_the_report_uses_the_adopted_forgetting_curve(history: History, engine) -> None:
    before = report_of(history, engine).summary.mean_retrievability
    adopt(engine, OWN)
    after = report_of(history, engine).summary.mean_retrievability
    assert before == pytest.approx(DEFAULT_RECALL)
    assert after == pytest.approx(OWN_RECALL)
    assert after != pytest.approx(before)


def test_a_deck_report_uses_that_decks_own_parameters(history: History, engine) -> None:
    adopt(engine, OWN, deck_id="other")
    own = report_of(history, engine, deck="other").summary.mean_retrievability
    everything = report_of(history, engine, deck="ml").summary.mean_retrievability
    assert own == pytest.approx(OWN_RECALL)
    assert everything == pytest.approx(DEFAULT_RECALL)

