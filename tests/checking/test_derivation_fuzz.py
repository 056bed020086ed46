"""Whatever a learner types, the checker answers with a verdict and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.derivation import check_derivation_here

ATOMS = ["x", "y", "L", "1", "2", "0", "-", "+", "*", "/", "**", "(", ")", "=", ",", " ",
         "exp", "log", "sqrt", "diff", "sin", "Abs", "oo", "e", "1/2", "Sum", "(i, 1, 3)"]
LINES = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=12).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=5))
def test_any_lines_get_a_verdict(lines):
    result = check_derivation_here(lines, {"x": "real", "y": "positive"})
    assert result.verdict in {"correct", "incorrect", "invalid"}
    assert len(result.steps) in (0, len(lines))
