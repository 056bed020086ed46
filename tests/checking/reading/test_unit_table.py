"""The one unit table: SI names in formulas and the units numeric answers are asked in."""

from __future__ import annotations

import pytest

from studyapp.checking.reading import DATA, TIME, lookup, read_quantity


@pytest.mark.parametrize("name", ["s", "min", "h", "GiB", "kB", "hours", "flops"])
def test_a_unit_is_the_same_in_a_formula_and_after_a_number(name: str) -> None:
    assert lookup(name) == lookup(name, in_answers=True) is not None


def test_data_units_use_decimal_and_binary_prefixes() -> None:
    assert (lookup("GB").factor, lookup("GiB").factor) == (1000**3, 1024**3)
    assert lookup("bit").factor * 8 == lookup("byte").factor
    assert lookup("MB").dimension == DATA


def test_an_hour_is_3600_seconds_in_both_readings() -> None:
    assert lookup("h", in_answers=True).factor == 3600 * lookup("s").factor
    assert lookup("hours", in_answers=True).dimension == TIME == lookup("ms").dimension


@pytest.mark.parametrize("words", ["in", "at", "as", "m", "g"])
def test_words_after_a_number_are_only_the_units_answers_are_asked_in(words: str) -> None:
    assert lookup(words) is not None  # inch, atto-tonne, attosecond, metre, gram
    assert lookup(words, in_answers=True) is None


def test_case_matters_after_a_number_only_for_one_letter() -> None:
    assert lookup("gib", in_answers=True) == lookup("GiB")
    assert lookup("Seconds", in_answers=True) == lookup("s")
    assert lookup("b", in_answers=True) is None  # B is a byte, b nothing


@pytest.mark.parametrize(
    ("spelling", "bits"),
    [
        ("Gb", 10**9),
        ("kb", 1000),
        ("Kb", 1000),
        ("Mbit", 10**6),
        ("gigabits", 10**9),
        ("Gib", 2**30),
        ("Kibit", 2**10),
    ],
)
def test_a_small_b_counts_bits(spelling: str, bits: int) -> None:
    assert lookup(spelling, in_answers=True).factor * 8 == bits


@pytest.mark.parametrize("spelling", ["gb", "GB", "gib", "kB", "KB"])
def test_any_other_case_of_a_data_size_is_bytes(spelling: str) -> None:
    assert lookup(spelling, in_answers=True).factor in (1000, 1000**3, 1024**3)


def test_a_formula_may_name_a_data_size() -> None:
    assert lookup("TB").factor == 10**12  # not a prefixed tesla-byte


def test_a_numeric_answer_converts_through_the_table() -> None:
    assert read_quantity("3 hours", "min").scale == 60  # minutes per hour
    assert read_quantity("12 in total", None).text == "12"  # `in` is no inch here


def test_the_prefix_twin_is_the_other_systems_factor() -> None:
    from fractions import Fraction

    from studyapp.checking.reading.units import prefix_twin

    assert prefix_twin("GB") == Fraction(2**30)
    assert prefix_twin("GiB") == Fraction(10**9)
    assert prefix_twin("KiB") == Fraction(1000)
    assert prefix_twin("bytes") is None  # no prefix to mix up
    assert prefix_twin("hours") is None
