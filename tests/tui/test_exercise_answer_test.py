"""An exercise with a ``test:`` shows the test's feedback on the review screen."""

from __future__ import annotations

from datetime import UTC

from textual.widgets import Input
from tui_support import DECK, open_exercise, submit, verdict_text

from studyapp.content.loader import load_content
from studyapp.content.model import Exercise
from studyapp.tui.app import create_app
from studyapp.tui.widgets.exercise_view import input_hint

FACTOR = """```topic
id: algebra
title: Algebra
```

```exercise
id: factor-quadratic
kind: symbolic
prompt: Factor 2*x**2 - 6*x completely.
var: x real
answer: 2*x*(x - 3)
test: factored
```
"""


async def test_an_equivalent_answer_in_the_wrong_form_shows_the_tests_message(
    make_config, clock
) -> None:
    config = make_config({"ml/deck.md": DECK, "ml/algebra.md": FACTOR})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_exercise(pilot)
        await submit(pilot, view, "2*x^2 - 6*x")
        verdict = verdict_text(view)
    assert "Incorrect" in verdict
    assert "not fully factored" in verdict


SIGFIGS = """```topic
id: limits
title: Limits
```

```exercise
id: oob-limit
kind: numeric
prompt: Limit of (1 - 1/n)**n (4 significant figures)?
given: n = 1000000
reference: exp(-1)
answer: exp(-1)
tolerance: 1e-3
test: sigfigs 4
```
"""


async def test_a_precision_only_mistake_may_be_corrected_once_before_rating(
    make_config, clock
) -> None:
    config = make_config({"ml/deck.md": DECK, "ml/limits.md": SIGFIGS})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_exercise(pilot)
        assert "expression" not in str(view.query_one("#input-hint").render())
        await submit(pilot, view, "0.368")
        assert "4 significant figures" in verdict_text(view)
        assert not view.query_one(Input).disabled  # still answering, not rating
        assert pilot.app.screen.phase == "answering"
        await submit(pilot, view, "0.37")
        assert view.query_one(Input).disabled  # the one retry is used: now rating
        assert pilot.app.screen.phase == "rating"


def test_the_hint_of_a_precision_exercise_asks_for_a_decimal(tmp_path) -> None:
    (tmp_path / "deck.md").write_text(DECK + "\n" + SIGFIGS)
    (exercise,) = [i for i in load_content([tmp_path]).items() if isinstance(i, Exercise)]
    hint = input_hint(exercise)
    assert hint == "Type a decimal number, to 4 significant figures."
