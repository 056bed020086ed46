"""Deciding whether two expressions (or two equations) mean the same thing on a domain.

Two kinds of evidence, as in STACK and PrairieLearn:

* numeric: both sides evaluated at random exact points inside the declared domains with
  mpmath at 40 digits. Over the reals, two expressions that agree wherever both are
  defined are equivalent, and a point where both are defined and differ is a
  counterexample (a proof of difference). "Defined" means every step is real
  (:mod:`real_domain`: ``sqrt(x)·sqrt(y)`` is undefined at x = y = −1). A point where
  only one side is defined is skipped, as are points where neither is; two sides that are
  never defined at the same point while one of them is defined somewhere differ
  (``log(-x)`` for ``log(x)``).
* symbolic: the difference is zero by sympy's automatic canonical form or by ``expand``
  / ``cancel`` (cheap, always tried); ``simplify`` under the domain's assumptions is only
  tried when the numeric check cannot decide (too few valid points), because it can be
  slow — it runs inside the sandbox, whose wall-clock cap bounds it.

Agreement at every valid point (at least ``MIN_POINTS``) with no counterexample is
accepted even without a symbolic proof; ``Evidence.how`` records which evidence decided.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field

import mpmath
import sympy as sp

from studyapp.checking.meaning.domains import REAL, VariableSpace, iter_points, sample_points
from studyapp.checking.meaning.evaluation import (
    Compiled,
    Undefined,
    Value,
    as_real,
    compile_expr,
    high_precision,
    point_env,
    run,
)
from studyapp.checking.meaning.real_domain import real_guard
from studyapp.checking.reading import exact

POINTS = 10
_SPARES = 6  # candidate points drawn per point wanted
MIN_POINTS = 3
_LOST_POINTS = 3  # points where only the expected side is defined that make a difference
# Exact inputs are evaluated at 40 digits, so genuine equalities agree to ~35 digits and
# a learner's 0.333333333333333 is still told apart from 1/3.
DEFAULT_REL_TOL = mpmath.mpf(10) ** -20
_ABS_FLOOR = mpmath.mpf(10) ** -30
_EXPAND_LIMIT = 20  # largest power expand() may multiply out
_SOLVE_DEGREE = 4  # equations of higher degree in a variable are not solved for it
_CHEAP_OPS_LIMIT = 80  # larger differences skip the "cheap" canonical forms


@dataclass(frozen=True)
class Tol:
    """How close two numbers must be: ``rel`` (relative), ``abs`` or ``sigfig``."""

    mode: str = "rel"
    value: float = 0.0

    @high_precision
    def close(self, expected: mpmath.mpf, got: mpmath.mpf) -> bool:
        diff = abs(expected - got)
        if self.mode == "abs":
            return diff <= self.value + _ABS_FLOOR
        if self.mode == "sigfig":
            if expected == 0:
                return diff <= _ABS_FLOOR
            digits = int(self.value)
            magnitude = mpmath.floor(mpmath.log10(abs(expected)))
            return diff <= mpmath.mpf(10) ** (magnitude - digits + 1) / 2 * (
                1 + mpmath.mpf(10) ** -12
            )
        rel = self.value if self.value > 0 else DEFAULT_REL_TOL
        # the floor absorbs noise around an exact zero; it must not swamp a stated
        # tolerance on tiny numbers (1.06e-33 is 6% off 1e-33)
        floor = _ABS_FLOOR if self.value == 0 or expected == 0 else 0
        return diff <= rel * max(abs(expected), abs(got)) + floor

    def close_complex(self, expected: mpmath.mpc, got: mpmath.mpc) -> bool:
        """Both parts within the tolerance (exact: within the noise of the modulus)."""
        if self.value == 0:
            scale = max(abs(expected), abs(got))
            return abs(expected - got) <= DEFAULT_REL_TOL * scale + _ABS_FLOOR
        return self.close(mpmath.re(expected), mpmath.re(got)) and self.close(
            mpmath.im(expected), mpmath.im(got)
        )


EXACT = Tol()


@dataclass
class Sample:
    """Both sides' values at one point: real numbers, or None where complex."""

    point: dict[str, str]
    expected: Value
    answer: Value


@dataclass
class Evidence:
    """The outcome of an equivalence check and what it rests on."""

    verdict: str  # "equivalent" | "different" | "unknown"
    how: str  # "identical", "symbolic", "numeric", "counterexample", "real-vs-complex", ...
    points: int = 0  # valid points compared
    counterexample: dict[str, str] | None = None
    symbolic: str = "not tried"  # "proved" | "not proved" | "not tried"
    samples: list[Sample] = field(default_factory=list, repr=False)

    @property
    def equivalent(self) -> bool:
        return self.verdict == "equivalent"

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("samples")
        return data


def equivalent(
    a: sp.Basic,
    b: sp.Basic,
    space: VariableSpace | None = None,
    *,
    tol: Tol = EXACT,
    count: int = POINTS,
    rng: random.Random | None = None,
) -> Evidence:
    """Whether ``a`` (expected) and ``b`` (answer) agree on the space's domains."""
    names = {s.name for s in a.free_symbols | b.free_symbols}
    space = space or VariableSpace()
    # every variable given an interval of its own (real (-oo, oo), (0, 1) ...): all of it counts
    whole_domain = bool(names) and all(space.domains.get(n, REAL) != REAL for n in names)
    space = space.including(names)
    a, b = space.adopt(exact(a)), space.adopt(exact(b))
    if a == b:
        return Evidence("equivalent", "identical", symbolic="proved")
    rng = rng or random.Random(0)
    evidence = compare_numerically(
        a, b, space, tol=tol, count=count, rng=rng, whole_domain=whole_domain
    )
    if evidence.verdict == "different":
        return evidence
    proved = tol is EXACT and _cheap_zero(a - b)
    evidence.symbolic = "proved" if proved else "not proved"
    if evidence.verdict == "equivalent":
        return evidence
    if proved or _simplifies_to_zero(a - b, space):
        evidence.verdict, evidence.how, evidence.symbolic = "equivalent", "symbolic", "proved"
    return evidence


@high_precision
def compare_numerically(
    a: sp.Basic,
    b: sp.Basic,
    space: VariableSpace,
    *,
    tol: Tol = EXACT,
    count: int = POINTS,
    rng: random.Random,
    whole_domain: bool = False,
) -> Evidence:
    """Random-point evidence only (``unknown`` when too few points are valid).

    ``whole_domain``: every variable was given an interval, all of which counts, so the
    answer should be defined wherever the expected one is: an answer undefined at a
    quarter or more of those points (``log(a)`` for ``log|a|``, a in (-oo, oo)) differs,
    rather than being compared only where both are defined."""
    names = sorted({s.name for s in a.free_symbols | b.free_symbols})
    fa, fb = compile_expr(a), compile_expr(b)
    # Complex values are compared only when the imaginary unit is typed: then they are
    # the point of the question, not a sign of leaving the real domain.
    complex_numbers = a.has(sp.I) or b.has(sp.I)
    # Draw spares: where one side is undefined or both are complex the point is skipped,
    # and a function defined on a small part of the domain still gets enough points.
    points = _unique(iter_points(space, rng, names, max_tries=count * _SPARES)) if names else [{}]
    samples: list[Sample] = []
    real_a, real_b = real_guard(a), real_guard(b)
    one_sided: dict[str, str] | None = None  # a point where only one side is defined
    lost: dict[str, str] | None = None  # a point where only the expected side is defined
    lost_count = 0
    tried = 0  # distinct points looked at: few means a small (integer) domain was exhausted
    for point in points:
        tried += 1
        env = point_env(point)
        try:
            va, vb = run(fa, env), run(fb, env)
        except Undefined:
            continue
        ra, rb = as_real(va), as_real(vb)
        shown = {s.name: str(v) for s, v in point.items()}
        if complex_numbers:
            samples.append(Sample(shown, va, vb))
            if not tol.close_complex(mpmath.mpc(va), mpmath.mpc(vb)):
                return Evidence("different", "counterexample", len(samples), shown, samples=samples)
            if len(samples) == count:
                break
            continue
        defined_a = ra is not None and real_a(env)
        defined_b = rb is not None and real_b(env)
        if defined_a != defined_b and one_sided is None:
            one_sided = shown
        if defined_a and not defined_b:
            lost_count += 1
            lost = lost or shown
        if not (defined_a and defined_b):
            continue  # outside where both are defined: the rule compares only inside
        samples.append(Sample(shown, ra, rb))
        if not tol.close(ra, rb):
            return Evidence("different", "counterexample", len(samples), shown, samples=samples)
        if len(samples) == count:
            break
    # a quarter or more of the points where the expected side is defined
    lost_much = lost_count >= _LOST_POINTS and lost_count * 4 >= lost_count + len(samples)
    if whole_domain and lost is not None and lost_much:
        return Evidence("different", "undefined-where-expected", 1, lost, samples=samples)
    if len(samples) >= (MIN_POINTS if names else 1) or (samples and len(samples) == tried):
        return Evidence("equivalent", "numeric", len(samples), samples=samples)
    if not samples and one_sided is not None:
        return Evidence("different", "real-vs-complex", 1, one_sided, samples=samples)
    return Evidence("unknown", "too few points where both sides are defined", len(samples))


def _unique(points: Iterable[dict]) -> Iterator[dict]:
    """Skip repeats (a small integer domain has few distinct points)."""
    seen = set()
    for point in points:
        key = tuple(sorted((s.name, v) for s, v in point.items()))
        if key not in seen:
            seen.add(key)
            yield point


def _cheap_zero(difference: sp.Basic) -> bool:
    """Zero by canonical forms that cost little (no simplify)."""
    if difference == 0:
        return True
    if sp.count_ops(difference) > _CHEAP_OPS_LIMIT or any(
        isinstance(p.exp, sp.Integer) and abs(p.exp) > _EXPAND_LIMIT
        for p in difference.atoms(sp.Pow)
    ):
        return False
    try:
        return sp.expand(difference) == 0  # cancel() would prove more but costs ~100 ms
    except (sp.PolynomialError, TypeError, ValueError):
        return False


def _simplifies_to_zero(difference: sp.Basic, space: VariableSpace) -> bool:
    """The expensive path: several simplification strategies (bounded by the sandbox)."""
    attempts = (
        sp.simplify,
        lambda d: sp.simplify(sp.expand_log(d, force=True)),
        lambda d: sp.simplify(d.rewrite(sp.exp)),
        lambda d: sp.simplify(_bounded(d, space)),
    )
    for attempt in attempts:
        try:
            if attempt(difference) == 0:
                return True
        except (TypeError, ValueError, ArithmeticError, NotImplementedError, RecursionError):
            continue
    return False


def _bounded(expr: sp.Basic, space: VariableSpace) -> sp.Basic:
    """Rewrite each bounded real variable through a positive ``t`` so sympy sees its bounds.

    ``(lo, hi)`` → ``lo + (hi - lo)·t/(1 + t)``, ``(lo, oo)`` → ``lo + t``,
    ``(-oo, hi)`` → ``hi - t``: then e.g. ``1 - e > 0`` is visible for e ∈ (0, ½).
    """
    mapping = {}
    for symbol in expr.free_symbols:
        domain = space.domain(symbol.name)
        if domain.integer:
            continue
        t = sp.Symbol(f"{symbol.name}_t", positive=True)
        if domain.low.is_finite and domain.high.is_finite:
            mapping[symbol] = domain.low + (domain.high - domain.low) * t / (1 + t)
        elif domain.low.is_finite and domain.low != 0:
            mapping[symbol] = domain.low + t
        elif domain.high.is_finite:
            mapping[symbol] = domain.high - t
    return expr.xreplace(mapping)


# --------------------------------------------------------------------------- equations


def equations_equivalent(
    expected: sp.Equality,
    answer: sp.Equality,
    space: VariableSpace | None = None,
    *,
    count: int = POINTS,
    rng: random.Random | None = None,
) -> Evidence:
    """Whether two equations have the same solutions (a rearrangement, a multiple, ...)."""
    f = exact(expected.lhs - expected.rhs)
    g = exact(answer.lhs - answer.rhs)
    space = (space or VariableSpace()).including(s.name for s in f.free_symbols | g.free_symbols)
    f, g = space.adopt(f), space.adopt(g)
    f_sides = tuple(space.adopt(exact(side)) for side in (expected.lhs, expected.rhs))
    g_sides = tuple(space.adopt(exact(side)) for side in (answer.lhs, answer.rhs))
    rng = rng or random.Random(0)
    if f == 0 or g == 0:  # an identity (1 = 1) only matches another identity
        same = f == g
        return Evidence("equivalent" if same else "different", "identity", 1)
    if f.free_symbols == set() and g.free_symbols == set():
        same = _is_zero_constant(f) == _is_zero_constant(g)
        return Evidence("equivalent" if same else "different", "constant equations", 1)
    ratio = _constant_ratio(f, g, space, count, rng)
    if ratio:
        return Evidence("equivalent", "rearrangement", count, symbolic="not tried")
    if _polynomial(f) and _polynomial(g):
        # As in STACK, polynomial equations are the same only up to a factor that cannot
        # vanish: (x − 2)² = 0 is not x = 2, a·x = a·y is not x = y, unless a > 0.
        if _nonzero_factor(f, g):
            return Evidence("equivalent", "rearrangement (times a nonzero factor)", count)
        return Evidence("different", "not a rearrangement (multiplied by a non-constant)", count)
    return _same_solutions((f, f_sides), (g, g_sides), space, count, rng)


def _nonzero_factor(f: sp.Basic, g: sp.Basic) -> bool:
    """f/g simplifies to something the domains' assumptions prove is never zero."""
    if _has_big_power(f) or _has_big_power(g):
        return False
    factor = sp.cancel(f / g)
    return bool(factor.is_positive or factor.is_negative)


def _polynomial(expr: sp.Basic) -> bool:
    """Polynomial in its variables once denominators are cleared (without expanding)."""
    numerator = expr if _has_big_power(expr) else sp.numer(sp.together(expr))
    return bool(numerator.is_polynomial(*numerator.free_symbols))


def _is_zero_constant(expr: sp.Basic) -> bool:
    try:
        value = as_real(run(compile_expr(expr), {}))
    except Undefined:
        return False
    return value is not None and abs(value) <= _ABS_FLOOR


@high_precision
def _constant_ratio(
    f: sp.Basic, g: sp.Basic, space: VariableSpace, count: int, rng: random.Random
) -> bool:
    """Cleared of denominators, f = c·g for a nonzero constant c (checked at random points)."""
    if not (_has_big_power(f) or _has_big_power(g)):
        f, g = sp.numer(sp.together(f)), sp.numer(sp.together(g))
        if sp.expand(f - g) == 0 or sp.expand(f + g) == 0:
            return True
    names = sorted({s.name for s in f.free_symbols | g.free_symbols})
    ff, fg = compile_expr(f), compile_expr(g)
    value = _value_reader(f, g)
    ratios: list[mpmath.mpf] = []
    for point in sample_points(space, count, rng, names=names):
        env = point_env(point)
        try:
            vf, vg = value(run(ff, env)), value(run(fg, env))
        except Undefined:
            continue
        if vf is None or vg is None or abs(vg) <= _ABS_FLOOR:
            continue
        ratios.append(vf / vg)
    if len(ratios) < MIN_POINTS or abs(ratios[0]) <= _ABS_FLOOR:
        return False
    if not all(EXACT.close(ratios[0], r) for r in ratios[1:]):
        return False
    return _partials_agree(f, g, ratios[0], space, rng)


def _value_reader(f: sp.Basic, g: sp.Basic) -> Callable[[object], object]:
    """Real values, or complex ones when the imaginary unit is typed (a·i = b, …)."""
    if f.has(sp.I) or g.has(sp.I):
        return mpmath.mpc
    return as_real


@high_precision
def _partials_agree(
    f: sp.Basic, g: sp.Basic, ratio: mpmath.mpf, space: VariableSpace, rng: random.Random
) -> bool:
    """f = c·g implies ∂f = c·∂g: catches terms too small to move the values at 40 digits
    (``y − (x − a)**5999`` against ``y + (x − a)**5999``)."""
    symbols = sorted(f.free_symbols | g.free_symbols, key=lambda s: s.name)
    points = sample_points(space, 2, rng, names=[s.name for s in symbols])
    value = _value_reader(f, g)
    for symbol in symbols:
        df, dg = compile_expr(sp.diff(f, symbol)), compile_expr(sp.diff(g, symbol))
        for point in points:
            env = point_env(point)
            try:
                vf, vg = value(run(df, env)), value(run(dg, env))
            except Undefined:
                continue
            if vf is not None and vg is not None and not EXACT.close(vf, ratio * vg):
                return False
    return True


def _has_big_power(expr: sp.Basic) -> bool:
    return any(
        isinstance(p.exp, sp.Integer) and abs(p.exp) > _EXPAND_LIMIT for p in expr.atoms(sp.Pow)
    )


Sides = tuple[sp.Basic, sp.Basic]


def _same_solutions(
    first: tuple[sp.Basic, Sides],
    second: tuple[sp.Basic, Sides],
    space: VariableSpace,
    count: int,
    rng: random.Random,
) -> Evidence:
    """Solve both equations for each shared variable; the roots of one must solve the other.

    Trying every variable catches degenerate cases (``a·x = a·y`` also holds for a = 0).
    """
    (f, _), (g, _) = first, second
    # Every variable, not only shared ones: a·x = a·y also holds at a = 0, where x = y fails.
    shared = sorted(
        f.free_symbols | g.free_symbols,
        key=lambda s: (min(_degree(f, s), _degree(g, s)) < 0, s.name),
    )
    solved = []
    for symbol in shared:
        degrees = (_degree(f, symbol), _degree(g, symbol))
        if max(degrees) > _SOLVE_DEGREE or (min(degrees) < 0 and solved):
            continue  # too costly, or non-polynomial and already decided by another variable
        for source, target in ((first, second), (second, first)):
            holds = _roots_satisfy(source, target, symbol, space, count, rng)
            if holds is False:
                return Evidence(
                    "different", f"a solution for {symbol} of one is not a solution of the other", 1
                )
            if holds:
                solved.append(symbol.name)
    if solved:
        return Evidence("equivalent", f"same solutions for {', '.join(sorted(set(solved)))}", count)
    return Evidence("unknown", "could not solve either equation", 0)


def _degree(expr: sp.Basic, symbol: sp.Symbol) -> int:
    """Polynomial degree in ``symbol`` (-1 for non-polynomial forms, which solve may handle)."""
    big = [p for p in expr.atoms(sp.Pow) if _has_big_power(p)]
    if any(p.has(symbol) for p in big):
        return _EXPAND_LIMIT + 1
    expr = expr.xreplace({p: sp.Dummy() for p in big})  # powers free of symbol: coefficients
    try:
        return int(sp.degree(sp.numer(sp.together(expr)), symbol))
    except (sp.PolynomialError, TypeError, ValueError):
        return -1


def _solve(expr: sp.Basic, symbol: sp.Symbol) -> list[sp.Basic] | None:
    """Roots of ``expr`` for ``symbol``; huge powers free of it are held as opaque symbols
    so sympy never expands them, and a linear equation is solved without sympy's solve."""
    big = {p: sp.Dummy() for p in expr.atoms(sp.Pow) if _has_big_power(p)}
    held = expr.xreplace(big)
    back = {d: p for p, d in big.items()}
    slope = sp.diff(held, symbol)
    if not slope.has(symbol):
        if slope == 0:
            return []
        return [(-held.subs(symbol, 0) / slope).xreplace(back)]
    try:
        roots = sp.solve(held, symbol, dict=False)
    except (NotImplementedError, TypeError, ValueError, sp.PolynomialError):
        return None
    if not isinstance(roots, list):
        return None
    return [root.xreplace(back) for root in roots]


@high_precision
def _roots_satisfy(
    source: tuple[sp.Basic, Sides],
    target: tuple[sp.Basic, Sides],
    symbol: sp.Symbol,
    space: VariableSpace,
    count: int,
    rng: random.Random,
) -> bool | None:
    """Do the real solutions of ``source`` (for ``symbol``) solve ``target``? None: unsolvable.

    A solution counts only where both sides of its equation are real (``sqrt(x) = sqrt(y)``
    has no solution at x = y = −1), and must make both sides of ``target`` real and equal.
    """
    (difference, source_sides), (_, target_sides) = source, target
    roots = _solve(difference, symbol)
    if roots is None:
        return None
    names = {s.name for s in difference.free_symbols | target[0].free_symbols} - {symbol.name}
    points = sample_points(space, count, rng, names=sorted(names)) if names else [{}]
    domain = space.domain(symbol.name)
    source_fns = [compile_expr(side) for side in source_sides]
    target_fns = [compile_expr(side) for side in target_sides]
    for point in points:
        env = point_env(point)
        for root in roots:
            try:
                value = as_real(run(compile_expr(root), env))
            except Undefined:
                continue
            if value is None or not domain.contains(value):
                continue
            at_root = {**env, symbol.name: value}
            if _real_values(source_fns, at_root) is None:
                continue  # not a real solution of the source equation
            sides = _real_values(target_fns, at_root)
            if sides is None or not _solves(*sides, scale=1 + abs(value)):
                return False
    return True


def _real_values(functions: list[Compiled], env: Mapping[str, Value]) -> list[mpmath.mpf] | None:
    try:
        values = [as_real(run(fn, env)) for fn in functions]
    except Undefined:
        return None
    return None if any(v is None for v in values) else values


def _solves(lhs: mpmath.mpf, rhs: mpmath.mpf, scale: mpmath.mpf) -> bool:
    return abs(lhs - rhs) <= mpmath.mpf(10) ** -15 * (scale + abs(lhs) + abs(rhs))
