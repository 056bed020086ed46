"""Units: the one table of unit names, for SI quantities and for numeric answers.

Each unit is a factor and a dimension (the powers of the BASE units), so ``25*g`` equals
``0.025*kg``, ``1000*m`` equals ``1*km`` and ``8000 MB`` equals ``8 GB``. The table holds
SI base and derived units with their decimal prefixes (``km``, ``ms``, ``kWh``, ``MVA``,
``μs``), a few everyday units (``min``, ``h``, ``day``, ``L``, ``in``, ``ft``, ``mi``,
``lb``, ``amu``, ``eV``), and the units numeric answers are asked in: data sizes (decimal
prefixes are powers of 1000, ``1 GB = 10⁹ bytes``; binary ones powers of 1024), times,
FLOPs, parameter counts and nats, with the words learners write for them (``3 hours``,
``128 kibibytes``).

``lookup(name)`` reads a name in a formula (``9.81*m/s^2``): case matters and a whole name
wins over a prefix reading, so ``min`` is a minute and ``mm`` a millimetre.
``lookup(words, in_answers=True)`` reads the unit after a number in a numeric answer: only
the units answers are asked in, with any case beyond one letter (``B`` is a byte, ``b``
none), so ``12 in total`` keeps its words; a multiple of a bit is read only as spelt with
its small b (``Gb``, ``kb``, ``Gib``: gigabits, kilobits, gibibits), since learners write
``gb`` and ``gib`` for the byte units.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from studyapp.checking.reading.build import exact

BASE = ("m", "kg", "s", "A", "K", "mol", "cd", "B", "flop", "param", "nat")
Dimension = tuple[int, ...]  # powers of the BASE units


@dataclass(frozen=True)
class Unit:
    factor: Fraction  # the unit in BASE units
    dimension: Dimension


def _dim(**powers: int) -> Dimension:
    return tuple(powers.get(name, 0) for name in BASE)


DATA = _dim(B=1)
TIME = _dim(s=1)
# what a number without a unit may be counting (or measuring)
COUNTS = (_dim(flop=1), _dim(param=1), _dim(nat=1))

_PREFIXES = {
    "Y": 24, "Z": 21, "E": 18, "P": 15, "T": 12, "G": 9, "M": 6, "k": 3, "h": 2, "da": 1,
    "d": -1, "c": -2, "m": -3, "u": -6, "μ": -6, "µ": -6, "n": -9, "p": -12, "f": -15,
    "a": -18, "z": -21, "y": -24,
}  # fmt: skip

# name: (factor, dimension); the gram carries the kilogram's 1/1000
_PREFIXABLE = {
    "m": (1, _dim(m=1)),
    "g": (Fraction(1, 1000), _dim(kg=1)),
    "s": (1, TIME),
    "A": (1, _dim(A=1)),
    "K": (1, _dim(K=1)),
    "mol": (1, _dim(mol=1)),
    "cd": (1, _dim(cd=1)),
    "N": (1, _dim(kg=1, m=1, s=-2)),
    "J": (1, _dim(kg=1, m=2, s=-2)),
    "W": (1, _dim(kg=1, m=2, s=-3)),
    "VA": (1, _dim(kg=1, m=2, s=-3)),
    "Wh": (3600, _dim(kg=1, m=2, s=-2)),
    "Pa": (1, _dim(kg=1, m=-1, s=-2)),
    "bar": (100000, _dim(kg=1, m=-1, s=-2)),
    "Hz": (1, _dim(s=-1)),
    "C": (1, _dim(A=1, s=1)),
    "V": (1, _dim(kg=1, m=2, s=-3, A=-1)),
    "F": (1, _dim(kg=-1, m=-2, s=4, A=2)),
    "ohm": (1, _dim(kg=1, m=2, s=-3, A=-2)),
    "Ω": (1, _dim(kg=1, m=2, s=-3, A=-2)),
    "S": (1, _dim(kg=-1, m=-2, s=3, A=2)),
    "Wb": (1, _dim(kg=1, m=2, s=-2, A=-1)),
    "T": (1, _dim(kg=1, s=-2, A=-1)),
    "H": (1, _dim(kg=1, m=2, s=-2, A=-2)),
    "L": (Fraction(1, 1000), _dim(m=3)),
    "l": (Fraction(1, 1000), _dim(m=3)),
    "eV": (Fraction(1602176634, 10**28), _dim(kg=1, m=2, s=-2)),
    "h": (3600, TIME),
    "t": (1000, _dim(kg=1)),
}
_WHOLE = {
    "amu": (Fraction(166053906660, 10**38), _dim(kg=1)),
    "u": (Fraction(166053906660, 10**38), _dim(kg=1)),
    "in": (Fraction(254, 10000), _dim(m=1)),
    "ft": (Fraction(3048, 10000), _dim(m=1)),
    "yd": (Fraction(9144, 10000), _dim(m=1)),
    "mi": (Fraction(1609344, 1000), _dim(m=1)),
    "lb": (Fraction(45359237, 10**8), _dim(kg=1)),
    "cc": (Fraction(1, 10**6), _dim(m=3)),
    "dpt": (1, _dim(m=-1)),
}


def _bit_spellings(prefix: str, word: str) -> tuple[str, ...]:
    """``Gb``, ``Gbit``, ``gigabit``, ``gigabits`` (``kb`` and ``Kb`` for kilo)."""
    upper = prefix[0].upper() + prefix[1:]
    spellings = (f"{prefix}b", f"{upper}b", f"{prefix}bit", f"{upper}bit", word, f"{word}s")
    return tuple(dict.fromkeys(spellings))


def _answer_units(bit_multiples: set[str]) -> dict[str, tuple[int | Fraction, Dimension]]:
    """The units numeric answers are asked in, as learners spell them after a number (the
    short spellings of the multiples of a bit, ``Gb``, go into ``bit_multiples`` too)."""
    table: dict[str, tuple[int | Fraction, Dimension]] = {}

    def add(dimension: Dimension, factor: Fraction | int, *spellings: str) -> None:
        for spelling in spellings:
            table[spelling] = (factor, dimension)

    add(DATA, Fraction(1, 8), "bit", "bits")
    add(DATA, 1, "B", "byte", "bytes")
    for power, (prefix, name) in enumerate(
        (("k", "kilo"), ("M", "mega"), ("G", "giga"), ("T", "tera")), start=1
    ):
        add(DATA, 1000**power, f"{prefix}B", f"{prefix.upper()}B", f"{name}byte", f"{name}bytes")
        binary = f"{prefix.upper()}iB"
        add(DATA, 1024**power, binary, f"{name[:2]}bibyte", f"{name[:2]}bibytes")
        # bits: a small b, spelt so exactly (Gb, kb, Gib, Mbit); gb and gib stay bytes
        for factor, spellings in (
            (1000**power, _bit_spellings(prefix, f"{name}bit")),
            (1024**power, _bit_spellings(f"{prefix.upper()}i", f"{name[:2]}bibit")),
        ):
            add(DATA, Fraction(factor, 8), *spellings)
            bit_multiples.update(s for s in spellings if s.endswith("b"))  # not gigabit
    # GPU time is time: "GPU-hours" reads as "gpu hours", and so on for every length
    gpu = ("", "gpu ")
    add(TIME, 1, *(p + n for p in gpu for n in ("s", "sec", "secs", "second", "seconds")))
    add(TIME, 60, *(p + n for p in gpu for n in ("min", "mins", "minute", "minutes")))
    add(TIME, 3600, *(p + n for p in gpu for n in ("h", "hr", "hrs", "hour", "hours")))
    add(TIME, 86400, *(p + n for p in gpu for n in ("d", "day", "days")))
    add(TIME, 7 * 86400, *(p + n for p in gpu for n in ("week", "weeks")))
    add(_dim(flop=1), 1, "flop", "flops")
    add(_dim(param=1), 1, "parameter", "parameters", "param", "params", "weights")
    add(_dim(nat=1), 1, "nat", "nats")
    return table


_BIT_MULTIPLES: set[str] = set()  # spelt with a small b: only exactly so (Gb, not gb)
_ANSWER_UNITS = _answer_units(_BIT_MULTIPLES)
_NAMES = {**_WHOLE, **_ANSWER_UNITS}  # a formula may name them too: 3*GiB, 2*hours
# any other case reads as the byte unit: learners write gb and gib for GB and GiB
_FOLDED = {
    name.lower(): name for name in _ANSWER_UNITS if len(name) > 1 and name not in _BIT_MULTIPLES
}


@lru_cache(maxsize=1024)
def lookup(name: str, in_answers: bool = False) -> Unit | None:
    """The unit ``name`` spells, or None (see the module docstring for ``in_answers``)."""
    if in_answers:
        spelled = " ".join(name.replace("-", " ").split())
        spelled = spelled if spelled in _ANSWER_UNITS else _FOLDED.get(spelled.lower(), "")
        return _unit(*_ANSWER_UNITS[spelled]) if spelled else None
    if name in _NAMES:
        return _unit(*_NAMES[name])
    if name in _PREFIXABLE:
        return _unit(*_PREFIXABLE[name])
    for prefix, power in _PREFIXES.items():
        rest = name[len(prefix) :]
        if name.startswith(prefix) and rest in _PREFIXABLE:
            factor, dimension = _PREFIXABLE[rest]
            return _unit(Fraction(factor) * Fraction(10) ** power, dimension)
    return None


def _unit(factor: int | Fraction, dimension: Dimension) -> Unit:
    return Unit(Fraction(factor), dimension)


@dataclass(frozen=True)
class Measurement:
    number: sp.Expr  # the number as typed, in the typed units
    scale: sp.Expr  # the typed units in SI base units
    dimension: tuple[tuple[str, int], ...]  # (base unit or unknown name, power), sorted
    units: sp.Expr  # the unit part as typed, e.g. m/s**2 (1 when there is none)

    @property
    def value(self) -> sp.Expr:
        """The quantity in SI base units."""
        return self.number * self.scale


def measure(expr: sp.Basic) -> Measurement | None:
    """``expr``, read without simplification so ``0*m`` keeps its metre, as a number
    times powers of unit names; None for a sum or a non-whole power of a unit. A name
    that is no known unit counts as a dimension of its own (``5*widgets``)."""
    number, scale, units = sp.S.One, sp.S.One, sp.S.One
    dimension: dict[str, int] = {}
    for atom, power in _factors(expr, sp.S.One):
        if atom.is_number:
            number *= atom**power
            continue
        if not isinstance(atom, sp.Symbol) or not power.is_Integer:
            return None
        units *= atom**power
        unit = lookup(atom.name)
        powers = zip(BASE, unit.dimension, strict=True) if unit else ((atom.name, 1),)
        scale *= sp.Rational(unit.factor.numerator, unit.factor.denominator) ** power if unit else 1
        for name, k in powers:
            dimension[name] = dimension.get(name, 0) + int(power) * k
    found = tuple(sorted((name, k) for name, k in dimension.items() if k))
    return Measurement(exact(number), scale, found, units)


def _factors(expr: sp.Basic, power: sp.Expr) -> list[tuple[sp.Basic, sp.Expr]]:
    """The factors of a product and their powers, through nested products and powers."""
    if isinstance(expr, sp.Mul):
        return [pair for arg in expr.args for pair in _factors(arg, power)]
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and not expr.is_number:
        return _factors(expr.base, power * expr.exp)
    return [(expr, power)]


def counts_bits(name: str) -> bool:
    """Whether a unit after a number counts bits (``Gb``, ``kbit``, ``bits``), not bytes."""
    return name in _BIT_MULTIPLES or "bit" in name.lower()


def prefix_twin(name: str) -> Fraction | None:
    """The factor of a data unit with the same prefix in the other system: 2³⁰ bytes for
    ``GB`` (10⁹), 10⁹ for ``GiB``; None for anything else (the usual mix-up to name)."""
    unit = lookup(name, in_answers=True)
    if unit is None or unit.dimension != DATA or unit.factor <= 1:
        return None
    for power in range(1, 9):
        if unit.factor == 1000**power:
            return Fraction(1024**power)
        if unit.factor == 1024**power:
            return Fraction(1000**power)
    return None
