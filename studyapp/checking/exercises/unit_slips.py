"""A number right but for its unit's spelling: ``16 GB`` for 16 GiB (the other system's
prefix), ``16 Gib`` for 16 GiB (bits for bytes)."""

from __future__ import annotations

from fractions import Fraction

import mpmath

from studyapp.checking.meaning import Diagnosis, Tol
from studyapp.checking.reading import units


def unit_slip(
    value: mpmath.mpf, scale: Fraction, unit: str, expected: mpmath.mpf, tol: Tol, asked: str | None
) -> Diagnosis | None:
    """Why ``value`` (the typed number times ``scale``, its ``unit``'s factor to the
    ``asked`` unit) misses ``expected``, when a unit's spelling explains it."""
    return _prefix_mix_up(value / as_mpf(scale), unit, expected, tol, asked) or _bits_for_bytes(
        value, unit, expected, tol
    )


def as_mpf(fraction: Fraction) -> mpmath.mpf:
    return mpmath.mpf(fraction.numerator) / fraction.denominator


def _prefix_mix_up(
    typed: mpmath.mpf, unit: str, expected: mpmath.mpf, tol: Tol, asked_unit: str | None
) -> Diagnosis | None:
    """``16 GB`` for 16 GiB: right had the prefix been the other system's (10⁹ or 2³⁰)."""
    if not unit or not asked_unit:
        return None
    written = units.lookup(unit, in_answers=True)
    asked = units.lookup(asked_unit, in_answers=True)
    twin = units.prefix_twin(unit)
    if twin is None or written is None or asked is None or asked.dimension != units.DATA:
        return None
    if not tol.close(expected, typed * as_mpf(twin) / as_mpf(asked.factor)):
        return None
    system = "decimal (1000-based)" if written.factor % 1000 == 0 else "binary (1024-based)"
    converted = typed * as_mpf(written.factor) / as_mpf(asked.factor)
    return Diagnosis(
        "unit-prefix",
        f"{unit} is a {system} unit: {float(typed):.6g} {unit} is "
        f"{float(converted):.6g} {asked_unit}, not {float(expected):.6g}",
    )


def _bits_for_bytes(
    value: mpmath.mpf, unit: str, expected: mpmath.mpf, tol: Tol
) -> Diagnosis | None:
    """``16 Gb`` for 16 GB: right had the b been a B (a bit is an eighth of a byte)."""
    written = units.lookup(unit, in_answers=True) if unit else None
    if written is None or written.dimension != units.DATA or written.factor.denominator != 1:
        return None  # (a bare bit is no multiple to mix up)
    if not units.counts_bits(unit) or not tol.close(expected, value * 8):
        return None
    return Diagnosis("unit-prefix", f"{unit} counts bits (b), not bytes (B): a byte is 8 bits")
