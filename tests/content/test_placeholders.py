"""Parameterised prompts: placeholders, the lint that refuses stale numbers, and every
bundled ``vary:`` exercise drawn several times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.content.loader import load_content
from studyapp.content.model import Exercise
from studyapp.content.placeholders import PLACEHOLDER, format_value
from studyapp.references import draw_params, render_prompt
from studyapp.references.numeric import reference_scope

BUNDLED = Path(__file__).resolve().parents[2] / "content"
DRAWS = 6

DECK = "```deck\nid: d\ntitle: D\n```\n\n```topic\nid: t\ntitle: T\n```\n\n"


def problems_of(tmp_path: Path, exercise_lines: str) -> list[str]:
    (tmp_path / "t.md").write_text(DECK + f"```exercise\n{exercise_lines}\n```\n")
    return [problem.message for problem in load_content([tmp_path]).problems]


def numeric(prompt: str, *extra: str) -> str:
    return "\n".join(
        [
            "id: ex",
            "kind: numeric",
            f"prompt: {prompt}",
            "given: T = 5",
            "given: eps = 0.3",
            "reference: T * eps",
            "answer: 1.5",
            "tolerance: 1e-3",
            *extra,
        ]
    )


def test_a_varied_given_without_a_placeholder_is_a_problem(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path, numeric("T = {T} rounds, error 0.3.", "vary: eps = uniform(0.1, 0.4)")
    )
    assert any("varies `eps` but its prompt has no `{eps}`" in p for p in found)


def test_a_stated_default_of_a_varied_given_is_a_problem(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path, numeric("Five models, T = {T}, error {eps}.", "vary: T = randint(3, 9)")
    )
    assert any("states `Five`, the default of varied `T`" in p for p in found)


def test_a_prompt_with_placeholders_for_every_varied_given_is_fine(tmp_path: Path) -> None:
    lines = numeric(
        "{T} models with error {eps}, h_{t-1}.",
        "vary: T = randint(3, 9)",
        "vary: eps = uniform(0.1, 0.4)",
    )
    assert problems_of(tmp_path, lines) == []


def test_an_unknown_placeholder_is_a_problem(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path, numeric("{T} models, error {eps}, {epsilon}.", "vary: T = randint(3, 9)")
    )
    assert any("placeholder `{epsilon}` names no given" in p for p in found)


def test_table_rows_vary_together_and_their_labels_must_not_be_written(tmp_path: Path) -> None:
    table = 'vary: model, T = rows(("small", 5), ("large", 9))'
    assert problems_of(tmp_path, numeric("{model}: {T} layers, error {eps}.", table)) == []
    found = problems_of(tmp_path, numeric("small: {T} layers, error {eps}.", table))
    assert any("no `{model}`" in p for p in found)
    assert any("writes `small`, a row of its" in p for p in found)


def test_the_givens_must_be_a_row_of_the_table(tmp_path: Path) -> None:
    table = 'vary: model, T = rows(("small", 4), ("large", 9))'
    found = problems_of(tmp_path, numeric("{model}: {T} layers, error {eps}.", table))
    assert any("must be one row of its `rows(...)` table" in p for p in found)


def test_a_table_mixing_text_and_numbers_in_a_column_is_refused(tmp_path: Path) -> None:
    table = 'vary: model, T = rows(("small", 5), (3, 9))'
    found = problems_of(tmp_path, numeric("{model}: {T} layers, error {eps}.", table))
    assert any("column `model` of `rows` mixes text and numbers" in p for p in found)


# -- every bundled parameterised exercise ----------------------------------------------


def bundled_varied() -> list[Exercise]:
    content = load_content([BUNDLED])
    return [i for i in content.items() if isinstance(i, Exercise) and i.parameterised]


def standalone(text: str, prompt: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(text)}(?!\w|[.,]\d)", prompt) is not None


def flat(value: object) -> list[object]:
    return [v for item in value for v in flat(item)] if isinstance(value, list) else [value]


def stale_numbers(exercise: Exercise, params: dict[str, object]) -> list[str]:
    """Defaults of varied givens still written in the drawn prompt, where no value the
    prompt shows on purpose reads the same."""
    prompt = render_prompt(exercise, params)
    defaults = reference_scope(exercise)
    drawn = reference_scope(exercise, params)
    styles = {m["name"]: m["style"] or "" for m in PLACEHOLDER.finditer(exercise.prompt)}
    shown = {format_value(v, s) for n, s in styles.items() if n in drawn for v in flat(drawn[n])}
    stale = []
    for name, value in params.items():
        old = format_value(defaults[name], styles.get(name, ""))
        changed = old != format_value(value, styles.get(name, ""))
        if changed and old not in shown and standalone(old, prompt):
            stale.append(f"{name}: {old}")
    return stale


def test_there_are_many_bundled_parameterised_exercises() -> None:
    assert len(bundled_varied()) >= 100


@pytest.mark.parametrize("exercise", bundled_varied(), ids=lambda e: e.id)
def test_every_draw_shows_its_values_and_no_stale_number(exercise: Exercise) -> None:
    for seed in range(DRAWS):
        params = draw_params(exercise, seed)
        prompt = render_prompt(exercise, params)
        assert "Use these values" not in prompt
        assert not [m[0] for m in PLACEHOLDER.finditer(prompt)], prompt
        assert stale_numbers(exercise, params) == [], prompt
