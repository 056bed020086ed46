"""Vectorised numeric evaluation of sympy expressions for derivation checks.

A derivation check compares many candidate expressions at the same random points and
scans equations over a grid of thousands of values; ``lambdify`` costs milliseconds per
expression (it prints and compiles code), so each expression is turned once into a tree
of numpy closures instead (cached). Anything without a numpy counterpart falls back to
sympy's own evaluation point by point. Values that are not finite reals (log of a negative, 0/0) come out as NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import sympy as sp

Env = Mapping[sp.Symbol, np.ndarray | float]

REL_TOL = 1e-7
ABS_TOL = 1e-10

_erf = np.frompyfunc(math.erf, 1, 1)
_gamma = np.frompyfunc(lambda x: math.gamma(x) if x < 171 else math.inf, 1, 1)


def _safe(fn: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    def apply(x: np.ndarray) -> np.ndarray:
        try:
            return np.asarray(fn(x), dtype=float)
        except (ValueError, OverflowError, TypeError):
            return np.full(np.shape(x), np.nan)

    return apply


UNARY: dict[type, Callable[[np.ndarray], np.ndarray]] = {
    sp.exp: np.exp,
    sp.log: np.log,
    sp.Abs: np.abs,
    sp.sign: np.sign,
    sp.tanh: np.tanh,
    sp.sinh: np.sinh,
    sp.cosh: np.cosh,
    sp.atanh: np.arctanh,
    sp.asinh: np.arcsinh,
    sp.acosh: np.arccosh,
    sp.sin: np.sin,
    sp.cos: np.cos,
    sp.tan: np.tan,
    sp.asin: np.arcsin,
    sp.acos: np.arccos,
    sp.atan: np.arctan,
    sp.floor: np.floor,
    sp.ceiling: np.ceil,
    # (_safe makes them float arrays: on a 0-d array a ufunc returns a plain float)
    sp.erf: _safe(_erf),
    sp.gamma: _safe(_gamma),
    sp.factorial: _safe(lambda x: _gamma(x + 1)),
}


class _Unsupported(Exception):
    """The compiler does not know this node; evaluate the whole expression with sympy."""


Compiled = Callable[[Env], np.ndarray | float]
_compiled: dict[sp.Basic, Compiled | None] = {}
_CACHE_LIMIT = 5000


def evaluate(expr: sp.Basic, env: Env, size: int | tuple[int, ...]) -> np.ndarray:
    """Values of ``expr`` at ``size`` points (``env`` maps each symbol to its values, which
    may be arrays of any shape that broadcasts to ``size``)."""
    shape = (size,) if isinstance(size, int) else size
    run = compile_numeric(expr)
    with np.errstate(all="ignore"):
        if run is None:
            flat = {s: np.broadcast_to(np.asarray(v, dtype=float), shape).ravel() for s, v in env.items()}
            return _pointwise(expr, flat, math.prod(shape)).reshape(shape)
        try:
            value = np.asarray(run(env), dtype=float)
        except KeyError:  # a symbol without values: nothing to evaluate at
            value = np.asarray(math.nan)
        except _Unsupported:  # e.g. a sum whose bounds are not finite here
            flat = {s: np.broadcast_to(np.asarray(v, dtype=float), shape).ravel() for s, v in env.items()}
            return _pointwise(expr, flat, math.prod(shape)).reshape(shape)
        if value.shape == shape:
            return value
        return np.broadcast_to(value, shape).copy()


def compile_numeric(expr: sp.Basic) -> Compiled | None:
    """A closure tree computing ``expr`` with numpy, or None if a node is unsupported."""
    if expr not in _compiled:
        if len(_compiled) > _CACHE_LIMIT:
            _compiled.clear()
        try:
            _compiled[expr] = _compile(expr)
        except _Unsupported:
            _compiled[expr] = None
    return _compiled[expr]


def _compile(expr: sp.Basic) -> Compiled:
    if expr.is_Symbol:
        return lambda env: env[expr]
    if expr.is_Number or expr.is_NumberSymbol:
        constant = _number(expr)
        return lambda env: constant
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(arg) for arg in expr.args]
        combine = np.add if expr.is_Add else np.multiply

        def fold(env: Env) -> np.ndarray | float:
            total = parts[0](env)
            for part in parts[1:]:
                total = combine(total, part(env))
            return total

        return fold
    if expr.is_Pow:
        base, exponent = (_compile(a) for a in expr.args)
        return lambda env: np.power(np.asarray(base(env), dtype=float), exponent(env))
    fn = UNARY.get(type(expr))
    if fn is not None and len(expr.args) == 1:
        inner = _compile(expr.args[0])
        return lambda env: fn(np.asarray(inner(env), dtype=float))
    if isinstance(expr, (sp.Max, sp.Min)):
        pick = np.maximum if isinstance(expr, sp.Max) else np.minimum
        parts = [_compile(a) for a in expr.args]

        def extreme(env: Env) -> np.ndarray | float:
            result = parts[0](env)
            for part in parts[1:]:
                result = pick(result, part(env))
            return result

        return extreme
    if isinstance(expr, (sp.Sum, sp.Product)) and len(expr.limits) == 1:
        return _compile_series(expr)
    raise _Unsupported


MAX_SERIES_TERMS = 5000


def _compile_series(expr: sp.Sum | sp.Product) -> Compiled:
    """A finite sum or product over an integer index, term by term across all points."""
    index, low, high = expr.limits[0]
    term, first, last = _compile(expr.function), _compile(low), _compile(high)
    is_sum = isinstance(expr, sp.Sum)

    def series(env: Env) -> np.ndarray | float:
        lows, highs = np.asarray(first(env), dtype=float), np.asarray(last(env), dtype=float)
        if not (np.all(np.isfinite(lows)) and np.all(np.isfinite(highs))):
            raise _Unsupported
        start, stop = int(np.min(lows)), int(np.max(highs))
        if stop - start > MAX_SERIES_TERMS:
            raise _Unsupported
        total: np.ndarray | float = 0.0 if is_sum else 1.0
        for i in range(start, stop + 1):
            inside = (lows <= i) & (i <= highs)
            value = term({**env, index: float(i)})
            if is_sum:
                total = total + np.where(inside, value, 0.0)
            else:
                total = total * np.where(inside, value, 1.0)
        return total

    return series


def _number(expr: sp.Basic) -> float:
    if expr is sp.zoo or expr is sp.nan:
        return math.nan
    try:
        return float(expr)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def _pointwise(expr: sp.Basic, env: Env, size: int) -> np.ndarray:
    """Slow path for sums, products and other nodes numpy cannot evaluate."""
    columns = {s: np.broadcast_to(np.asarray(v, dtype=float), (size,)) for s, v in env.items()}
    out = np.full(size, np.nan)
    for i in range(size):
        point = {s: _exact(s, float(col[i])) for s, col in columns.items()}
        try:
            value = expr.xreplace(point)
            if value.has(sp.Sum, sp.Product, sp.Derivative, sp.Limit, sp.Integral):
                value = value.doit()
            value = sp.N(value, 20)
            re_part, im_part = value.as_real_imag()
            real, imag = float(re_part), float(im_part)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
            continue
        if abs(imag) <= 1e-12 * max(1.0, abs(real)):
            out[i] = real
    return out


def _exact(symbol: sp.Symbol, value: float) -> sp.Expr:
    if symbol.is_integer and float(value).is_integer():
        return sp.Integer(int(value))
    return sp.Float(value, 20)


def close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise: equal to a relative ``REL_TOL`` (NaN never equals anything)."""
    with np.errstate(all="ignore"):
        scale = np.maximum(np.abs(a), np.abs(b))
        return np.abs(a - b) <= REL_TOL * scale + ABS_TOL
