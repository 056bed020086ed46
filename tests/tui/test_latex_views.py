"""Content math is shown as unicode in the review views; what the file says is unchanged."""

from __future__ import annotations

from datetime import UTC

from textual.widgets import Static
from tui_support import DECK, settle

from studyapp.tui.app import create_app
from studyapp.tui.widgets.card_view import CardView
from studyapp.tui.widgets.exercise_view import ExerciseView

CARDS = r"""```topic
id: boosting
title: Boosting
```

```cards
Q: AdaBoost's weight $\alpha$ for error $e$? {#alpha}
A: $\alpha = \frac{1}{2}\ln\frac{1-e}{e}$, and the gate is $\sigma(\beta x)$.
```
"""

EXERCISE = r"""```topic
id: calculus
title: Calculus
```

```exercise
id: half-log
kind: symbolic
prompt: Give $\alpha = \frac{1}{2}\ln\frac{1-e}{e}$ as an inverse hyperbolic function of $e$.
var: e real (0, 1/2)
answer: atanh(1 - 2*e)
```
"""


async def test_a_card_shows_its_math_as_unicode(make_config, clock) -> None:
    app = create_app(make_config({"ml/deck.md": DECK, "ml/b.md": CARDS}), clock=clock, tz=UTC)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(CardView)
        assert str(view.query_one("#front", Static).render()) == "AdaBoost's weight α for error e?"
        assert str(view.query_one("#back", Static).render()) == (
            "α = ½ ln((1 − e)/e), and the gate is σ(βx)."
        )
        assert view.card.back.startswith(r"$\alpha = \frac{1}{2}")


async def test_an_exercise_prompt_shows_math_and_a_latex_answer_is_previewed_and_graded(
    make_config, clock
) -> None:
    app = create_app(make_config({"ml/deck.md": DECK, "ml/c.md": EXERCISE}), clock=clock, tz=UTC)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ExerciseView)
        prompt = str(view.query_one("#prompt", Static).render())
        assert prompt == "Give α = ½ ln((1 − e)/e) as an inverse hyperbolic function of e."
        view.query_one("Input").value = r"\frac{1}{2}\ln\frac{1-e}{e}"
        await settle(pilot, delay=0.3)
        preview = str(view.query_one("#preview", Static).render())
        assert preview.startswith("you typed: 1/2·ln((1 − e)/e)")
        assert "read the LaTeX as `(1/2)ln((1-e)/e)`" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert "Correct" in str(view.query_one("#verdict", Static).render())
