"""How big a constant subexpression is, estimated cheaply and safely.

sympy evaluates constants while it builds (``sign``, ``Abs``, ``Max`` and even ``+`` ask
whether a number is positive or zero, which runs ``evalf``), and ``evalf`` of a constant
such as ``exp(exp(20))`` or ``sin(exp(exp(20)))`` can run for minutes. So every constant
the parser builds is first sized here, with mpmath at double precision and a guard before
each step that could grow without bound, and rejected when it is astronomically large
(or so small that only a huge exponent can produce it), before sympy ever applies
another function to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath
import sympy
from mpmath.ctx_mp import MPContext

MAX_LOG10 = 1000  # values above 10^1000 are astronomical
MIN_LOG10 = -1_000_000  # values below 10^-1000000 too (exp(-x) of a huge x)

Value = mpmath.mpf | mpmath.mpc

# A private context at double precision: mpmath's global one is shared by every thread
# (the TUI previews in a thread) and other code may have raised its precision.
_MP = MPContext()
_MP.prec = 53


class Astronomical(ArithmeticError):
    """A constant whose size is beyond what the checker will work with."""


_FUNCTIONS: dict[type, Callable[..., Value]] = {
    sympy.sin: _MP.sin,
    sympy.cos: _MP.cos,
    sympy.tan: _MP.tan,
    sympy.cot: _MP.cot,
    sympy.sec: _MP.sec,
    sympy.csc: _MP.csc,
    sympy.asin: _MP.asin,
    sympy.acos: _MP.acos,
    sympy.atan: _MP.atan,
    sympy.acot: _MP.acot,
    sympy.asec: _MP.asec,
    sympy.acsc: _MP.acsc,
    sympy.sinh: _MP.sinh,
    sympy.cosh: _MP.cosh,
    sympy.tanh: _MP.tanh,
    sympy.coth: _MP.coth,
    sympy.sech: _MP.sech,
    sympy.csch: _MP.csch,
    sympy.asinh: _MP.asinh,
    sympy.acosh: _MP.acosh,
    sympy.atanh: _MP.atanh,
    sympy.acoth: _MP.acoth,
    sympy.asech: _MP.asech,
    sympy.acsch: _MP.acsch,
    sympy.erf: _MP.erf,
    sympy.erfc: _MP.erfc,
    sympy.Abs: abs,
    sympy.floor: _MP.floor,
    sympy.ceiling: _MP.ceil,
    sympy.atan2: _MP.atan2,
    sympy.sign: _MP.sign,
    sympy.Heaviside: lambda v: _MP.mpf(v > 0),
    sympy.Max: lambda *v: max(v, key=_real),
    sympy.Min: lambda *v: min(v, key=_real),
}


def check_constant(value: sympy.Expr, known: dict[sympy.Expr, Value]) -> None:
    """Raise Astronomical if ``value`` is a constant too large or too small to work with.

    Expressions with symbols are left alone (their size depends on the symbols).

    ``known`` caches the sizes of subexpressions already seen, so that checking every node
    of a nested constant bottom-up costs linear time.
    """
    _size_ok(_estimate(value, known))


def _estimate(expr: sympy.Expr, known: dict[sympy.Expr, Value]) -> Value | None:
    """The value at double precision, or None when it cannot be estimated (left alone)."""
    if expr in known:
        return known[expr]
    value = _compute(expr, known)
    if value is not None:
        _size_ok(value)
    known[expr] = value
    return value


def _compute(expr: sympy.Expr, known: dict[sympy.Expr, Value]) -> Value | None:
    if expr.is_Number or expr.is_NumberSymbol or expr is sympy.I:
        if expr.is_infinite:
            return None
        # I directly: sympy's own complex(I) recurses forever under evaluate(False)
        return _MP.mpc(0, 1) if expr is sympy.I else _MP.mpf(expr._to_mpmath(53))
    args = [_estimate(arg, known) for arg in expr.args]
    if any(arg is None for arg in args):
        return None
    try:
        if expr.is_Add:
            return _MP.fsum(args)
        if expr.is_Mul:
            return _MP.fprod(args)
        if expr.is_Pow:
            return _power(*args)
        if isinstance(expr, sympy.exp):
            return _exp(args[0])
        if isinstance(expr, sympy.log):
            return _MP.log(args[0]) if args[0] != 0 else None
        if isinstance(expr, sympy.factorial):
            return _gamma(args[0] + 1)
        function = _FUNCTIONS.get(type(expr))
        return function(*args) if function is not None else None
    except (ValueError, ZeroDivisionError, TypeError):
        return None  # outside the function's domain: sympy will say what it makes of it


def _power(base: Value, exponent: Value) -> Value | None:
    if base == 0:
        return None
    _log10_ok(_MP.log10(abs(base)) * _real(exponent))
    return _MP.power(base, exponent)


def _exp(argument: Value) -> Value:
    _log10_ok(_real(argument) / math.log(10))
    return _MP.exp(argument)


def _gamma(argument: Value) -> Value:
    if abs(argument) > MAX_LOG10:  # log10 Γ(n) > n for n > 1000; the bound is generous
        raise Astronomical
    return _MP.gamma(argument)


def _real(value: Value) -> mpmath.mpf:
    return value.real if isinstance(value, _MP.mpc) else value


def _size_ok(value: Value | None) -> None:
    if value is None or value == 0:
        return
    if not _MP.isfinite(value):
        raise Astronomical
    _log10_ok(_MP.log10(abs(value)))


def _log10_ok(log10: mpmath.mpf) -> None:
    if not MIN_LOG10 <= log10 <= MAX_LOG10:
        raise Astronomical
