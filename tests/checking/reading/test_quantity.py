"""Numeric answers with units, magnitudes, words and working around the number."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studyapp.checking.reading import (
    InvalidAnswer,
    read_quantity,
    rounded_from,
    square_side,
)
from studyapp.checking.reading.quantity import figures_written


@pytest.mark.parametrize(
    ("answer", "unit", "text", "scale"),
    [
        ("131072 bytes", "bytes", "131072", 1),
        ("128 KiB", "bytes", "128", 1024),
        ("128KB", "bytes", "128", 1000),
        ("0.125 MiB", "bytes", "0.125", 2**20),
        ("8000 MB", "GB", "8000", Fraction(1, 1000)),
        ("16 gib", "GiB", "16", 1),
        ("1664 bytes", "bits", "1664", 8),
        ("500 hours", "days", "500", Fraction(1, 24)),
        ("20.8d", "days", "20.8", 1),
        ("24 GPU hours", "GPU-hours", "24", 1),
        ("0.125 GPU-days", "GPU-hours", "0.125", 24),
        ("90 GPU-minutes", "GPU-hours", "90", Fraction(1, 60)),
        ("3 GPU-days", "days", "3", 1),
        ("3.79e25 FLOP", "FLOPs", "3.79e25", 1),
        ("6 million", None, "6", 10**6),
        ("65536 parameters", None, "65536", 1),
        ("800 examples", None, "800", 1),
        ("2 pi", None, "2 pi", 1),
    ],
)
def test_units_are_converted_to_the_exercises_unit(answer, unit, text, scale) -> None:
    quantity = read_quantity(answer, unit)
    assert (quantity.text, quantity.scale) == (text, scale)


def test_magnitude_letters_after_a_number_multiply_it() -> None:
    assert read_quantity("15.6T/405B", None).text == "(15.6*1000000000000)/(405*1000000000)"


def test_b_after_a_number_is_a_byte_where_bytes_are_asked() -> None:
    assert read_quantity("131072 B", "bytes").scale == 1


@pytest.mark.parametrize(
    ("answer", "unit", "message"),
    [
        ("8 days", "GB", "measures something else"),
        ("24 GB", "GPU-hours", "measures something else"),
        ("131072 GPUs", "bytes", "not a unit of bytes"),
        ("16 GiB GiB", "GiB", "more than one unit"),
        ("8 GB", None, "a plain number"),
        ("x =", None, "nothing after `=`"),
    ],
)
def test_units_that_cannot_be_meant_are_refused(answer, unit, message) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        read_quantity(answer, unit)


def test_the_value_after_the_last_equals_sign_is_graded() -> None:
    quantity = read_quantity("17/20 = 0.85", None)
    assert quantity.text == "0.85"
    assert quantity.notes == ("graded the final value: 0.85",)


def test_approximation_words_are_ignored_with_a_note() -> None:
    quantity = read_quantity("about 20.82 days", "days")
    assert quantity.text == "20.82"
    assert "ignored `about` before the number" in quantity.notes


def test_the_value_before_an_approximation_sign_is_graded() -> None:
    # 2/3 ≈ 0.67: the exact value, then its rounding; the rounding is no mistake
    assert read_quantity("1/256 ≈ 0.0039", None).text == "1/256"
    assert read_quantity("x = 2/3 ≈ 0.67", None).text == "2/3"
    assert read_quantity("≈ 0.0039", None).text == "0.0039"


def test_per_cent_written_as_a_word() -> None:
    assert read_quantity("85 per cent", None).scale == Fraction(1, 100)


@pytest.mark.parametrize(
    ("text", "figures"), [("-1.10", 3), ("0.00515", 3), ("5.15e-3", 3), ("21", 2), ("800", None)]
)
def test_significant_figures_as_written(text: str, figures: int | None) -> None:
    assert figures_written(text) == figures


def test_a_correct_rounding_to_three_figures_is_recognised() -> None:
    assert rounded_from("20.8", 20.82096) == 3
    assert rounded_from("20.9", 20.82096) is None
    assert rounded_from("21", 20.82096) is None  # two figures are too few


def test_a_long_answer_is_refused_even_when_its_tail_is_words() -> None:
    with pytest.raises(InvalidAnswer, match="too long"):
        read_quantity("131072 bytes " + "and so on " * 300, "bytes")


@pytest.mark.parametrize(
    ("answer", "text", "note"),
    [
        ("0.16308 (16.3%)", "0.16308", "ignored `(16.3%)` after the value"),
        ("1/3 (≈ 0.333)", "1/3", "ignored `(≈ 0.333)` after the value"),
        ("320 KiB.", "320", ""),  # a full stop ending the sentence
    ],
)
def test_ways_of_writing_one_value(answer: str, text: str, note: str) -> None:
    quantity = read_quantity(answer, "bytes" if "KiB" in answer else None)
    assert quantity.text == text
    if note:
        assert any(note in n for n in quantity.notes)


@pytest.mark.parametrize("answer", ["2 1/4", "0.3 (50%)", "2 (3)"])  # 2 1/4: 2¼ or 2·¼?
def test_what_is_not_one_written_value_is_left_as_typed(answer: str) -> None:
    assert read_quantity(answer, None).text == answer


@pytest.mark.parametrize(
    ("text", "side"), [("8x8", 8), ("15 × 15", 15), ("8x9", None), ("8", None), ("2x3x3", None)]
)
def test_a_square_given_by_its_side_twice(text: str, side: int | None) -> None:
    assert square_side(text) == side


def test_a_power_in_words_is_the_power() -> None:
    quantity = read_quantity("65 squared", None)
    assert quantity.text == "(65)^2"
    assert any("as (65)^2" in note for note in quantity.notes)


def test_a_number_with_more_figures_than_decimal_arithmetic_keeps_is_no_rounding() -> None:
    assert rounded_from("999929999999999999999999999999999999999999", 1 / 3) is None
