"""Prompt placeholders: how a parameterised exercise's prompt names the values it shows.

``{T}`` in a prompt is the value of the given (or ``let:``) T, or a text column of a
``vary: ... = rows(...)`` table; ``{N:B}`` writes it scaled with a suffix (7e9 → ``7B``;
also ``K``, ``M``, ``T``), ``{p:%}`` as a percentage (0.25 → ``25%``), ``{n:,}`` with
thousands separators. A varied value is shown only through its placeholder, so a draw can
never leave a stale number behind; ``prompt_problems`` is the lint that keeps it so.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator, Mapping

from studyapp.content.model import Exercise, Variation

PLACEHOLDER = re.compile(r"\{(?P<name>[A-Za-z_]\w*)(?::(?P<style>[,%KMBT]))?\}")
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "%": 1e-2}

# A number as authors write it in prose: 224, -4, 0.3, 1,000, 1.5e9, 7B, 25%, 16x16; not
# the digits inside names (x1, sigma_5) or terms (2i).
_NUMBER = re.compile(
    r"(?:(?<![\w.])|(?<=\dx))(?P<sign>-)?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e(?P<exp>[+-]?\d+))?)"
    r"(?P<suffix>[KMBT](?!\w)|%)?(?!\.\d)(?!(?!x\d)\w)"
)
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_WORD = re.compile(r"\b(?P<word>[A-Za-z]+)\b")


def placeholder_names(prompt: str) -> set[str]:
    return {match["name"] for match in PLACEHOLDER.finditer(prompt)}


def fill(prompt: str, values: Mapping[str, object]) -> str:
    """The prompt with every placeholder whose name has a value written out; braces around
    anything else (``{0, 1}``, an unknown name) stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        return format_value(values[name], match["style"] or "") if name in values else match[0]

    return PLACEHOLDER.sub(replace, prompt)


def format_value(value: object, style: str = "") -> str:
    """A value as the learner should read it: ``0.123``, ``7e9``, ``[1, 2]``, or in the
    placeholder's style (``7B``, ``25%``, ``1,000``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, list | tuple):
            return "[" + ", ".join(format_value(v, style) for v in value) + "]"
        return str(value)
    if style in _SCALE:
        return format_value(_tidy(value / _SCALE[style])) + style
    if style == "," and float(value).is_integer():
        return f"{int(value):,}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e6:
        return str(int(value))
    text = f"{value:.12g}"
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", text)


def _tidy(value: float) -> float:
    """Undo float noise from rescaling (0.15/0.01 = 14.999999999999998)."""
    return float(f"{value:.12g}")


# -- tables -----------------------------------------------------------------------------


def numeric_columns(variation: Variation) -> tuple[str, ...]:
    """The names a variation draws values for (a table's text columns are labels only)."""
    if variation.distribution != "rows":
        return (variation.name,)
    return tuple(n for i, n in enumerate(variation.columns) if not _is_text(variation.args, i))


def label_columns(variation: Variation) -> tuple[str, ...]:
    if variation.distribution != "rows":
        return ()
    return tuple(n for i, n in enumerate(variation.columns) if _is_text(variation.args, i))


def row_labels(variation: Variation, values: Mapping[str, object]) -> dict[str, str] | None:
    """The text columns of the table row whose numbers are ``values`` (None: no such row)."""
    if variation.distribution != "rows":
        return {}
    for row in variation.args:
        cells = dict(zip(variation.columns, row))
        if all(_same(cells[name], values.get(name)) for name in numeric_columns(variation)):
            return {name: str(cells[name]) for name in label_columns(variation)}
    return None


def _is_text(rows: tuple, column: int) -> bool:
    return all(isinstance(row[column], str) for row in rows)


# -- lint -------------------------------------------------------------------------------


def prompt_problems(exercise: Exercise) -> list[str]:
    """Why a parameterised exercise's prompt could show a learner a stale number."""
    defaults = _literal_givens(exercise)
    if not exercise.variations:
        return [
            f"exercise `{exercise.id}` varies nothing, so its prompt writes numbers, not `{{{name}}}`"
            for name in sorted(placeholder_names(exercise.prompt) & set(defaults))
        ]
    known = set(defaults) | {name for name, _ in exercise.lets}
    known |= {name for v in exercise.variations for name in label_columns(v)}
    named = placeholder_names(exercise.prompt)
    problems = [
        f"exercise `{exercise.id}`: the prompt's placeholder `{{{name}}}` names no given, "
        "let or table column"
        for name in sorted(named - known)
    ]
    varied = [name for v in exercise.variations for name in v.columns or (v.name,)]
    problems += [
        f"exercise `{exercise.id}` varies `{name}` but its prompt has no `{{{name}}}`: "
        "a drawn value must be shown where the prompt names it"
        for name in varied
        if name not in named
    ]
    rest = PLACEHOLDER.sub(" ", exercise.prompt)
    for variation in exercise.variations:
        for name in numeric_columns(variation):
            default = defaults.get(name)
            for stated in _stated_numbers(rest):
                if isinstance(default, int | float) and _same(stated[1], default):
                    problems.append(
                        f"exercise `{exercise.id}`: the prompt states `{stated[0]}`, the "
                        f"default of varied `{name}`; write `{{{name}}}` (or a placeholder "
                        "of the given it belongs to) so a draw cannot leave it stale"
                    )
        if variation.distribution == "rows" and row_labels(variation, defaults) is None:
            problems.append(
                f"exercise `{exercise.id}`: the givens {', '.join(numeric_columns(variation))} "
                "must be one row of its `rows(...)` table, the one the default prompt shows"
            )
        for label in {str(row[i]) for row in variation.args for i in _label_indexes(variation)}:
            if label in rest:
                problems.append(
                    f"exercise `{exercise.id}`: the prompt writes `{label}`, a row of its "
                    "`rows(...)` table; write its column's placeholder instead"
                )
    return list(dict.fromkeys(problems))  # a number stated twice is one problem


def _label_indexes(variation: Variation) -> list[int]:
    labels = label_columns(variation)
    return [i for i, name in enumerate(variation.columns) if name in labels]


def _stated_numbers(text: str) -> Iterator[tuple[str, float]]:
    """The numbers a prompt states, without the constants of its formulas (``t-1``,
    ``1/k``, ``2*x``)."""
    for match in _NUMBER.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if re.search(r"\w[-+*/]$", before) or re.match(r"[-+*/]\w", after):
            continue
        number = float(match["digits"].replace(",", ""))
        number *= _SCALE.get(match["suffix"] or "", 1.0)
        yield match[0], -number if match["sign"] else number
    for match in _WORD.finditer(text):
        value = _NUMBER_WORDS.get(match["word"].lower())
        if value is not None and value > 1:  # "one of the models" is not a count to vary
            yield match[0], float(value)


def _literal_givens(exercise: Exercise) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, literal in exercise.givens:
        try:
            values[name] = ast.literal_eval(literal)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            values[name] = None
    return values


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0) or a == b
    return a == b
