"""A formula that cannot be read is a content problem as soon as the content is loaded."""

from __future__ import annotations

from pathlib import Path

from studyapp.content.formulas import formula_problem
from studyapp.content.loader import load_content

DECK = "```deck\nid: d\ntitle: D\n```\n\n```topic\nid: t\ntitle: T\n```\n\n"
BROKEN_EXERCISE = """```exercise
id: alpha
kind: symbolic
prompt: AdaBoost weight alpha for error e?
var: e real (0, 1/2)
answer: log((1 - e)/e/2
wrong: log((1 - e)/e) | forgot the 1/2
```
"""
BROKEN_DERIVATION = """```derivation
id: oob
prompt: Show the limit.
var: n integer [2, 1000]
step: given: (1 - 1/n)**n
step: equal: exp(n*log(1 - 1/n)
```
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "t.md").write_text(DECK + text)
    return [str(problem) for problem in load_content([tmp_path]).problems]


def test_an_unclosed_bracket_in_an_answer_is_a_problem_at_its_exercise(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BROKEN_EXERCISE)
    assert found.startswith(f"{tmp_path / 't.md'}:11: error: exercise `alpha`: cannot read")
    assert "log((1 - e)/e/2" in found


def test_an_unreadable_step_is_a_problem_at_its_line(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BROKEN_DERIVATION)
    assert ":16: error: cannot read the formula `exp(n*log(1 - 1/n)`" in found


def test_equations_relations_and_powers_are_formulas() -> None:
    for text in ["x = 2", "a*x**2 <= b", "diff(L, a) = 0", "Sum(f, (i, 1, n))"]:
        assert formula_problem(text) is None, text
    assert formula_problem("2 +* x") is not None
