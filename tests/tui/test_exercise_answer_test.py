"""An exercise with a ``test:`` shows the test's feedback on the review screen."""

from __future__ import annotations

from datetime import UTC

from tui_support import DECK, open_exercise, submit, verdict_text

from studyapp.tui.app import create_app

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
