"""The live preview under an exercise's input names an error's column once."""

from __future__ import annotations

from studyapp.content.parser import parse_text
from studyapp.tui.widgets.exercise_view import preview_text

EXERCISE = """```deck
id: ml
title: ML
```

```topic
id: calc
title: Calculus
```

```exercise
id: square
kind: symbolic
prompt: The square of x?
var: x real
answer: x**2
```
"""


def square_exercise():
    parsed = parse_text(EXERCISE, "ml.md")
    assert not parsed.problems
    (exercise,) = parsed.decks[0].topics[0].exercises
    return exercise


def test_a_message_that_names_its_column_is_not_given_it_twice() -> None:
    text = preview_text(square_exercise(), "log((1-").plain
    assert text == "✗ `-` at column 7 needs something after it"


def test_a_message_without_a_column_gets_one() -> None:
    text = preview_text(square_exercise(), "__x").plain
    assert text.endswith("(column 1)")
