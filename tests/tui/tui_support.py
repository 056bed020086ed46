"""Fixed content, a fixed clock and helpers shared by the TUI tests."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime

from textual import events
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled, WorkerFailed

from studyapp.config import AppConfig
from studyapp.tui.widgets.exercise_view import ExerciseView

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

DECK = """```deck
id: ml
title: 机器学习 Machine learning
about: A tiny deck for the TUI tests.
```
"""

CARDS = """```topic
id: boosting
title: Boosting
zh: 提升方法
```

```cards
Q: 什么是 AdaBoost 的学习器权重 α? {#alpha}
A: α = ½·ln((1−e)/e)，e 是加权错误率。
Q: What does bagging mainly reduce? {#bagging}
A: Variance.
```
"""

EXERCISE = """```topic
id: calculus
title: Calculus
```

```exercise
id: sigmoid-slope
kind: symbolic
prompt: Differentiate sigmoid(x) with respect to x.
var: x real (-oo, oo) sample [-3, 3]
answer: sigmoid(x)*(1 - sigmoid(x))
alt: exp(-x)/(1 + exp(-x))**2
alt: sigmoid(x) - sigmoid(x)**2
wrong: sigmoid(x)**2 | squared the sigmoid instead of multiplying by 1 − σ
wrong: -sigmoid(x)*(1 - sigmoid(x)) | sign error
hint: Write sigmoid(x) as 1/(1 + exp(-x)) and use the chain rule.
```
"""


async def settle(pilot, delay: float = 0.0) -> None:
    """Let timers fire and every worker (DB calls, grading) finish before asserting.

    A worker that fails is the app's to report (the tests assert what the screen shows).
    """
    app = pilot.app
    for _ in range(200):
        await pilot.pause(delay)
        for worker in list(app.workers):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the app did not settle")


def burst(pilot, *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all queued before any is handled."""
    for key in keys:
        character = "?" if key == "question_mark" else key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))


def suspended(app, item_id: str) -> bool:
    with sqlite3.connect(app.config.db_path) as db:
        row = db.execute("SELECT suspended FROM items WHERE id = ?", (item_id,)).fetchone()
    return bool(row[0])


def review_rows(config: AppConfig) -> list[sqlite3.Row]:
    """The review log as written to the SQLite file (read with plain sqlite3)."""
    with sqlite3.connect(config.db_path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()


DERIVATION = """```topic
id: adaboost
title: AdaBoost
```

```derivation
id: adaboost-alpha-derivation
prompt: Derive the AdaBoost learner weight by minimising the weighted exponential loss of one round over alpha.
var: e real (0, 1/2)
var: alpha real (-oo, oo) sample [-4, 4]
# declare as symbols: e
step: given: (1 - e)*exp(-alpha) + e*exp(alpha) | the loss of one round
step: diff alpha: -(1 - e)*exp(-alpha) + e*exp(alpha) | differentiate
step: solve alpha: exp(2*alpha) = (1 - e)/e | set the derivative to zero
step: solve alpha: alpha = log((1 - e)/e)/2 | take logarithms and halve
hint: Set the derivative with respect to alpha to zero.
```
"""

VARIED = """```topic
id: sizes
title: Sizes
```

```exercise
id: rectangle-area
kind: numeric
prompt: A rectangle has width w = {w} and height h = 4. What is its area?
given: w = 3
given: h = 4
reference: w * h
answer: 12
tolerance: 0
vary: w = randint(5, 9)
```
"""


async def open_exercise(pilot) -> ExerciseView:
    """From the home screen, start the review and return the exercise shown first."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(ExerciseView)


async def submit(pilot, view: ExerciseView, answer: str) -> None:
    view.query_one(Input).value = answer
    await pilot.press("enter")
    await settle(pilot)


def verdict_text(view: ExerciseView) -> str:
    return str(view.query_one("#verdict", Static).render())
