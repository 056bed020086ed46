"""A typed numeric answer as learners write it: a formula with units, words and working.

``8000 MB`` where GB are asked, ``≈ 20.8 days``, ``128 KiB``, ``6 million``, ``15.6T/405B``,
``17/20 = 0.85``, ``F_0 = ln(1/3)``, ``800 examples``: this module separates the formula
(read afterwards by the safe parser) from what surrounds it, and says by what factor the
value must be scaled to be in the exercise's unit. Nothing here evaluates anything.

Units, from the one table in :mod:`units`, are converted only within one dimension (data,
time, counts of one kind); a unit of another dimension is refused with a message. Decimal
prefixes are powers of 1000 (``1 GB = 10⁹ bytes``), binary ones powers of 1024
(``1 GiB = 2³⁰ bytes``), as in the prompts. With a data unit ``B`` is a byte; elsewhere
``B`` after a number is a billion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from studyapp.checking.reading.functions import FUNCTIONS
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.names import CONSTANTS
from studyapp.checking.reading.rounding import roundings
from studyapp.checking.reading.tokenize import MAX_LENGTH
from studyapp.checking.reading.units import COUNTS, DATA, Unit, counts_bits, lookup

_DECIMAL_PREFIXES = frozenset(Fraction(1000**power) for power in range(1, 5))
MAGNITUDES: dict[str, Fraction | int] = {
    "percent": Fraction(1, 100),
    "pct": Fraction(1, 100),
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,  # the one-letter keys serve the suffixes k, M, B, T
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "t": 10**12,
}
SUFFIXES = ("k", "K", "M", "B", "bn", "T")  # the letters that multiply when typed after a number
APPROXIMATE = ("≈", "~", "about", "approx.", "approx", "approximately", "roughly", "around", "ca.")

_SUFFIXED = re.compile(r"(?<![\w.])([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(k|K|M|B|bn|T)(?!\w)")
_TAIL = re.compile(
    r"^(?P<head>.*?[0-9)%.²³¹⁰-⁹])\s*(?P<tail>[A-Za-z]+(?:[\s/-]+[A-Za-z]+)*)$", re.DOTALL
)
_EQUALS = re.compile(r"(?<![<>!=])=(?!=)")
_PLAIN_NUMBER = re.compile(r"[+\-−]?([0-9]*\.?[0-9]+)(?:[eE][+\-−]?[0-9]+)?")


@dataclass(frozen=True)
class Quantity:
    text: str  # the formula, for the safe parser
    scale: Fraction  # multiply its value by this to have it in the exercise's unit
    notes: tuple[str, ...]
    unit: str = ""  # the unit or magnitude typed after the formula ("KiB", "million")


_POWER_WORD = re.compile(r"(?P<base>[0-9.]+)\s+(?P<word>squared|cubed)", re.IGNORECASE)
_SQUARE = re.compile(r"(?P<a>[0-9]+)\s*[x×]\s*(?P<b>[0-9]+)(?:\s*(?:px|pixels?))?")
_RESTATED = re.compile(r"(?P<value>[^()]+?)\s+\((?P<again>[^()]+)\)\s*")


def read_quantity(answer: str, unit: str | None) -> Quantity:
    """Split ``answer`` into the formula to read and its scale to ``unit`` (None: a pure number).

    Raises InvalidAnswer for a unit of another dimension, or an ``=`` with nothing after it.
    """
    if len(answer) > MAX_LENGTH:  # checked here too: words after the number are dropped
        raise InvalidAnswer(
            f"the answer is too long ({len(answer)} characters, at most {MAX_LENGTH})"
        )
    notes: list[str] = []
    text = _last_value(_without_restatement(_without_full_stop(answer.strip()), notes), notes)
    text = _without_approximation(text, notes)
    text = _powers_in_words(text, notes)
    expected = _unit_of(unit)
    if expected is None or expected.dimension != DATA:
        text = _expand_suffixes(text, notes)
    text, scale, typed_unit = _split_unit(text, unit, expected, notes)
    return Quantity(text, scale, tuple(notes), typed_unit)


def _without_full_stop(text: str) -> str:
    """``320 KiB.``: a full stop ending the answer as a sentence, after a unit or a word
    (after a number the tokenizer drops it, and ``2700.`` keeps its meaning there)."""
    if text.endswith(".") and text[-2:-1].isalpha():
        return text[:-1]
    return text


def _without_restatement(text: str, notes: list[str]) -> str:
    """``0.16308 (16.3%)``, ``1/3 (≈ 0.333)``: the value said again in brackets after it
    is dropped, not multiplied in: a bracket opened by ≈, ~ or =, or a percentage that
    restates a decimal."""
    match = _RESTATED.fullmatch(text)
    if match is None:
        return text
    value, again = match.group("value").strip(), match.group("again").strip()
    if again[:1] not in "≈~=" and not _same_percentage(value, again):
        return text
    notes.append(f"ignored `({again})` after the value")
    return value


def _powers_in_words(text: str, notes: list[str]) -> str:
    """``65 squared``, ``4 cubed``: the power the word says, not a word to drop."""
    match = _POWER_WORD.fullmatch(text)
    if match is None:
        return text
    base, word = match.group("base"), match.group("word").lower()
    power = 2 if word == "squared" else 3
    notes.append(f"read `{text}` as ({base})^{power}")
    return f"({base})^{power}"


def square_side(text: str) -> int | None:
    """The side of ``8x8`` (``15 × 15 px``): a square's size given by its side twice, which
    may mean the side (a receptive field of 8) or the area (64 positions)."""
    match = _SQUARE.fullmatch(text.strip())
    if match is None or match.group("a") != match.group("b"):
        return None
    return int(match.group("a"))


def _same_percentage(value: str, percentage: str) -> bool:
    if not (_PLAIN_NUMBER.fullmatch(value) and percentage.endswith("%")):
        return False
    try:
        decimal, percent = float(value), float(percentage[:-1])
    except ValueError:
        return False
    return decimal != 0 and abs(percent / (100 * decimal) - 1) < 0.01


def _last_value(text: str, notes: list[str]) -> str:
    """``17/20 = 0.85``, ``F_0 = ln(1/3)``: the value after the last ``=`` is the answer;
    ``2/3 ≈ 0.67``: the value before a ``≈`` is, the one after only rounds it."""
    parts = _EQUALS.split(text)
    last = parts[-1].strip()
    if len(parts) > 1 and not last:
        raise InvalidAnswer("nothing after `=`: type the value", len(text))
    exact, approximately, rounded = last.partition("≈")
    if approximately and exact.strip() and rounded.strip():
        notes.append(f"graded {exact.strip()}, the value before ≈")
        return exact.strip()
    if len(parts) > 1 and any(part.strip() for part in parts[:-1]):
        notes.append(f"graded the final value: {last}")
    return last.strip("≈ ") if approximately else last


def _without_approximation(text: str, notes: list[str]) -> str:
    lowered = text.lower()
    for word in APPROXIMATE:
        rest = text[len(word) :]
        if lowered.startswith(word) and (not word[-1].isalpha() or rest[:1].isspace()):
            notes.append(f"ignored `{text[: len(word)]}` before the number")
            return rest.strip()
    return text


@lru_cache(maxsize=64)
def _unit_of(unit: str | None) -> Unit | None:
    return None if unit is None else lookup(unit, in_answers=True)


def _split_unit(
    text: str, unit: str | None, expected: Unit | None, notes: list[str]
) -> tuple[str, Fraction, str]:
    """The formula, its scale to ``unit`` and the unit words typed after it."""
    match = _TAIL.match(text)
    if match is None:
        return text, Fraction(1), ""
    head, tail = match.group("head").strip(), match.group("tail").strip()
    words = re.sub(r"(?i)\bper\s+cent\b", "percent", tail).replace("/", " / ").split()
    if not head or words[0] in CONSTANTS or words[0] in FUNCTIONS:
        return text, Fraction(1), ""  # 2 pi, 3 e: part of the formula
    typed_words = words
    scale = Fraction(1)
    magnitude = _magnitude(words[0], expected)
    if magnitude is not None:
        scale, words = Fraction(magnitude), words[1:]
    typed, rest = _leading_unit(words)
    if typed is not None:
        scale *= _conversion(typed, tail, unit, expected)
    elif rest and rest[0] != "/" and expected is not None:
        raise InvalidAnswer(f"`{rest[0]}` is not a unit of {unit}: give the answer in {unit}")
    label = [word for word in rest if word != "/"]
    if label and lookup(label[0], in_answers=True) is not None:
        raise InvalidAnswer(f"more than one unit in `{tail}`: give one number in one unit")
    if label and len(label[0]) == 1:
        raise InvalidAnswer(f"`{label[0]}` after the number is not a unit this checker knows")
    if scale != 1:
        into = f" {unit}" if unit else ""
        notes.append(f"read `{head} {tail}` as {head} × {_shown(scale)}{into}")
    if typed is not None and typed.dimension == DATA and counts_bits(_unit_words(typed_words, rest)):
        notes.append("b is a bit and B a byte: 8 bits make a byte")
    decimal = typed is not None and typed.dimension == DATA and typed.factor in _DECIMAL_PREFIXES
    if decimal and (expected is None or typed.factor != expected.factor):
        notes.append("kB, MB, GB are powers of 1000 bytes; KiB, MiB, GiB powers of 1024")
    if label:
        notes.append(f"ignored `{' '.join(label)}` after the number")
    return head, scale, " ".join(typed_words[: len(typed_words) - len(rest)])


def _magnitude(word: str, expected: Unit | None) -> Fraction | int | None:
    if expected is not None and expected.dimension == DATA and word.lower() == "b":
        return None  # 128 B: bytes
    if len(word) <= 2 and word not in SUFFIXES:
        return None
    return MAGNITUDES.get(word.lower())


def _leading_unit(words: list[str]) -> tuple[Unit | None, list[str]]:
    for size in (2, 1):
        if len(words) >= size:
            found = lookup(" ".join(words[:size]), in_answers=True)
            if found is not None:
                return found, words[size:]
    return None, words


def _conversion(typed: Unit, tail: str, unit: str | None, expected: Unit | None) -> Fraction:
    if expected is None:
        if typed.dimension in COUNTS:
            return Fraction(1)
        raise InvalidAnswer(f"this answer is a plain number, not a quantity in `{tail}`")
    if typed.dimension != expected.dimension:
        raise InvalidAnswer(f"the answer is asked in {unit}; `{tail}` measures something else")
    return typed.factor / expected.factor


def _expand_suffixes(text: str, notes: list[str]) -> str:
    """``15.6T/405B``, ``64K``: a magnitude letter right after a number multiplies it."""

    def expand(match: re.Match[str]) -> str:
        power = MAGNITUDES[match.group(2).lower()]
        notes.append(f"read `{match.group()}` as {match.group(1)}×{_shown(Fraction(power))}")
        return f"({match.group(1)}*{power})"

    return _SUFFIXED.sub(expand, text)


def _unit_words(typed_words: list[str], rest: list[str]) -> str:
    """The unit as typed: the words before ``rest`` (after any magnitude word)."""
    return " ".join(typed_words[: len(typed_words) - len(rest)][-1:])


def _shown(value: Fraction) -> str:
    if (
        value.denominator == 1
        and value.numerator >= 1000
        and str(value.numerator).rstrip("0") == "1"
    ):
        return f"10^{len(str(value.numerator)) - 1}"
    return str(value) if value.denominator != 1 else f"{value.numerator:,}"


def figures_written(text: str) -> int | None:
    """How many significant figures a plain decimal answer shows (``-1.10`` → 3), else None."""
    match = _PLAIN_NUMBER.fullmatch(text.strip())
    if match is None or "." not in match.group(1) and match.group(1).endswith("0"):
        return None  # 800: the trailing zeros may or may not be significant
    digits = match.group(1).replace(".", "").lstrip("0")
    return len(digits) or None


def rounded_from(text: str, expected: float, least: int = 3) -> int | None:
    """The significant figures of ``text`` when it is ``expected`` correctly rounded to at
    least ``least`` of them (``20.8`` for 20.821…), else None."""
    text = text.strip()
    if text.endswith("%"):  # 0.138% is 0.00138 written with three figures
        text, expected = text[:-1], expected * 100
    figures = figures_written(text)
    if figures is None or figures < least or expected == 0:
        return None
    typed = float(text.strip().replace("−", "-"))
    rounded = roundings(Decimal(repr(expected)), figures)
    return figures if any(abs(typed - float(r)) <= 1e-12 * abs(expected) for r in rounded) else None
