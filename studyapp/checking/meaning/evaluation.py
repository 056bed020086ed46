"""Evaluate sympy expressions at a point with mpmath, at high precision.

Random-point checks evaluate the same expression at ten or more points, so an
expression is compiled once into nested closures over mpmath functions; nodes without
a direct mpmath counterpart fall back to sympy's ``evalf`` (slower, still exact-aware).
Out-of-domain values come back complex (``log(-1)``, ``sqrt(-2)``), division by zero and
infinities raise :class:`Undefined`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TypeVar

import mpmath
import sympy as sp

DIGITS = 40
Value = mpmath.mpf | mpmath.mpc
Point = Mapping[sp.Symbol, sp.Expr]
Compiled = Callable[[Mapping[str, Value]], Value]
T = TypeVar("T")

# Complex results whose imaginary part is below this (relative) are rounding noise.
_IMAG_NOISE = mpmath.mpf(10) ** -(DIGITS - 10)


class Undefined(ArithmeticError):
    """The expression has no finite value at this point."""


def _sign(x: Value) -> Value:
    real = _real_part(x)
    return mpmath.mpf(mpmath.sign(real))


def _real_part(x: Value) -> mpmath.mpf:
    if isinstance(x, mpmath.mpc):
        if abs(x.imag) > _IMAG_NOISE * max(1, abs(x.real)):
            raise Undefined("comparison of a complex value")
        return x.real
    return x


def _max(*xs: Value) -> Value:
    return max(_real_part(x) for x in xs)


def _min(*xs: Value) -> Value:
    return min(_real_part(x) for x in xs)


def _floor(x: Value) -> Value:
    return mpmath.floor(_real_part(x))


def _ceiling(x: Value) -> Value:
    return mpmath.ceil(_real_part(x))


def _heaviside(x: Value, h0: Value | None = None) -> Value:
    real = _real_part(x)
    at_zero = mpmath.mpf(0.5) if h0 is None else h0
    return mpmath.mpf(1) if real > 0 else (mpmath.mpf(0) if real < 0 else at_zero)


def _factorial(x: Value) -> Value:
    if isinstance(x, mpmath.mpf) and x < 0 and x == mpmath.floor(x):
        raise Undefined("factorial of a negative integer")
    return mpmath.factorial(x)


_FUNCTIONS: dict[type, Callable[..., Value]] = {
    sp.exp: mpmath.exp,
    sp.log: mpmath.log,
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.tan: mpmath.tan,
    sp.cot: mpmath.cot,
    sp.sec: mpmath.sec,
    sp.csc: mpmath.csc,
    sp.asin: mpmath.asin,
    sp.acos: mpmath.acos,
    sp.atan: mpmath.atan,
    sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh,
    sp.tanh: mpmath.tanh,
    sp.coth: mpmath.coth,
    sp.sech: mpmath.sech,
    sp.csch: mpmath.csch,
    sp.asinh: mpmath.asinh,
    sp.acosh: mpmath.acosh,
    sp.atanh: mpmath.atanh,
    sp.erf: mpmath.erf,
    sp.erfc: mpmath.erfc,
    sp.gamma: mpmath.gamma,
    sp.loggamma: mpmath.loggamma,
    sp.factorial: _factorial,
    sp.binomial: mpmath.binomial,
    sp.Abs: abs,
    sp.sign: _sign,
    sp.floor: _floor,
    sp.ceiling: _ceiling,
    sp.Max: _max,
    sp.Min: _min,
    sp.Heaviside: _heaviside,
    sp.atan2: lambda y, x: mpmath.atan2(_real_part(y), _real_part(x)),
}


def compile_expr(expr: sp.Basic) -> Compiled:
    """A function of ``{symbol name: value}`` that evaluates ``expr`` with mpmath."""
    if isinstance(expr, sp.Symbol):
        name = expr.name
        return lambda env: env[name]
    if isinstance(expr, (sp.Integer, sp.Rational)):
        p, q = int(expr.p), int(expr.q)
        return lambda env: mpmath.mpf(p) / q if q != 1 else mpmath.mpf(p)
    if isinstance(expr, sp.Float):
        return lambda env: mpmath.mpf(expr)
    if expr is sp.I:
        return lambda env: mpmath.mpc(0, 1)
    if expr in (sp.oo, -sp.oo, sp.zoo, sp.nan):
        return _undefined_constant
    if isinstance(expr, sp.NumberSymbol):
        return lambda env: mpmath.mpf(expr.evalf(DIGITS + 5))
    if isinstance(expr, sp.Add):
        parts = [compile_expr(a) for a in expr.args]
        return lambda env: mpmath.fsum(p(env) for p in parts)
    if isinstance(expr, sp.Mul):
        parts = [compile_expr(a) for a in expr.args]
        return lambda env: mpmath.fprod(p(env) for p in parts)
    if isinstance(expr, sp.Pow):
        return _compile_pow(expr)
    if (
        isinstance(expr, (sp.Sum, sp.Product))
        and len(expr.limits) == 1
        and len(expr.limits[0]) == 3
    ):
        return _compile_series(expr)
    func = _FUNCTIONS.get(expr.func)
    if func is not None and not (expr.func is sp.log and len(expr.args) != 1):
        parts = [compile_expr(a) for a in expr.args]
        return lambda env: func(*(p(env) for p in parts))
    return _compile_fallback(expr)


def _undefined_constant(env: Mapping[str, Value]) -> Value:
    raise Undefined("infinite or undefined constant")


def _compile_pow(expr: sp.Pow) -> Compiled:
    base = compile_expr(expr.base)
    exponent = expr.exp
    if exponent == sp.Rational(1, 2):
        return lambda env: mpmath.sqrt(base(env))
    if isinstance(exponent, sp.Integer):
        n = int(exponent)
        return lambda env: _int_power(base(env), n)
    power = compile_expr(exponent)

    def evaluate_power(env: Mapping[str, Value]) -> Value:
        b = base(env)
        if b == 0:
            e = power(env)
            if _real_part(e) <= 0:
                raise Undefined("0 to a non-positive power")
            return mpmath.mpf(0)
        return mpmath.power(b, power(env))

    return evaluate_power


def _int_power(b: Value, n: int) -> Value:
    if b == 0 and n < 0:
        raise Undefined("division by zero")
    return b**n


_MAX_TERMS = 100_000  # longer finite sums go through sympy


def _compile_series(expr: sp.Sum | sp.Product) -> Compiled:
    """Sums and products over an integer range, term by term (infinite sums: mpmath.nsum)."""
    index, low, high = expr.limits[0]
    body = compile_expr(expr.function)
    first, last = compile_expr(low), compile_expr(high) if high is not sp.oo else None
    fallback = _compile_fallback(expr)
    name = index.name
    is_sum = isinstance(expr, sp.Sum)

    def evaluate_series(env: Mapping[str, Value]) -> Value:
        start = _real_part(first(env))
        if start != mpmath.floor(start):
            raise Undefined("a sum or product from a bound that is not a whole number")
        if last is None:
            if not is_sum:
                return fallback(env)
            return mpmath.nsum(lambda k: body({**env, name: k}), [start, mpmath.inf])
        stop = _real_part(last(env))
        if stop != mpmath.floor(stop):
            raise Undefined("a sum or product to a bound that is not a whole number")
        if stop - start > _MAX_TERMS:
            return fallback(env)
        terms = (body({**env, name: mpmath.mpf(k)}) for k in range(int(start), int(stop) + 1))
        return mpmath.fsum(terms) if is_sum else mpmath.fprod(terms)

    return evaluate_series


def _compile_fallback(expr: sp.Basic) -> Compiled:
    """Anything without an mpmath counterpart (sums, piecewise, special functions)."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def evaluate_with_sympy(env: Mapping[str, Value]) -> Value:
        subs = {s: _to_sympy(env[s.name]) for s in symbols}
        value = expr.xreplace(subs)
        if value.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral, sp.Limit):
            value = value.doit()
        value = value.evalf(DIGITS)
        if not value.is_number or value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise Undefined(f"cannot evaluate {expr.func.__name__} here")
        real, imag = value.as_real_imag()
        real, imag = sp.Float(real, DIGITS), sp.Float(imag, DIGITS)
        if imag == 0:
            return mpmath.mpf(real._mpf_)
        return mpmath.mpc(real._mpf_, imag._mpf_)

    return evaluate_with_sympy


def _to_sympy(value: Value) -> sp.Expr:
    if isinstance(value, mpmath.mpc):
        return sp.Float(value.real, DIGITS) + sp.I * sp.Float(value.imag, DIGITS)
    return sp.Float(value, DIGITS)


def point_env(point: Point) -> dict[str, Value]:
    """A sampled point (symbols → exact numbers) as mpmath values keyed by name."""
    env: dict[str, Value] = {}
    with mpmath.workdps(DIGITS):
        for symbol, value in point.items():
            value = sp.sympify(value)
            if isinstance(value, sp.Rational):
                env[symbol.name] = mpmath.mpf(int(value.p)) / int(value.q)
            else:
                env[symbol.name] = mpmath.mpf(sp.Float(value, DIGITS)._mpf_)
    return env


def run(compiled: Compiled, env: Mapping[str, Value]) -> Value:
    """Evaluate at high precision; raise Undefined for no finite value."""
    with mpmath.workdps(DIGITS):
        try:
            value = compiled(env)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
            raise Undefined(str(exc)) from exc
        except MemoryError as exc:  # mpmath gives up on 2^(10^308) this way
            raise Undefined("too large to compute") from exc
        except KeyError as exc:
            raise Undefined(f"no value for {exc.args[0]}") from exc
        if isinstance(value, (int, float)):
            value = mpmath.mpf(value)
        if not mpmath.isfinite(value):
            raise Undefined("infinite value")
        return value


def as_real(value: Value) -> mpmath.mpf | None:
    """The real number ``value`` stands for, or None when it is genuinely complex."""
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > _IMAG_NOISE * max(1, abs(value.real)):
            return None
        return value.real
    return value


def high_precision(function: Callable[..., T]) -> Callable[..., T]:
    """Run ``function`` with mpmath at DIGITS: arithmetic on evaluated values (ratios,
    differences) must not drop back to mpmath's default 15 digits."""

    @functools.wraps(function)
    def wrapper(*args: object, **kwargs: object) -> T:
        with mpmath.workdps(DIGITS):
            return function(*args, **kwargs)

    return wrapper


def evaluate(expr: sp.Basic, point: Point) -> Value:
    """One-off evaluation of ``expr`` at ``point`` (compile once when evaluating often)."""
    return run(compile_expr(expr), point_env(point))
