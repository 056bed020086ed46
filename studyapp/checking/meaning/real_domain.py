"""Where an expression is defined over the reals: every step of it real, not only its value.

``sqrt(x)·sqrt(y)`` at x = y = −1 has the real value −1, but only by way of i·i; over the
reals it is undefined there, as ``log(x) + log(y)`` is. Only a few operations leave the
reals from real arguments — a power with a fractional exponent, a logarithm, the inverse
sine and cosine, the inverse hyperbolic cosine and tangent — so only their arguments are
checked, each compiled once and evaluated at the point beside the whole expression.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import mpmath
import sympy as sp

from studyapp.checking.meaning.evaluation import Undefined, Value, as_real, compile_expr, run

# each function that leaves the reals, with the real arguments it accepts
_FUNCTION_DOMAINS: dict[type, Callable[[mpmath.mpf], bool]] = {
    sp.log: lambda x: x > 0,
    sp.asin: lambda x: -1 <= x <= 1,
    sp.acos: lambda x: -1 <= x <= 1,
    sp.acosh: lambda x: x >= 1,
    sp.atanh: lambda x: -1 < x < 1,
    sp.asec: lambda x: abs(x) >= 1,
    sp.acsc: lambda x: abs(x) >= 1,
}


def real_guard(expr: sp.Basic) -> Callable[[Mapping[str, Value]], bool]:
    """A test of a point: is every fractional power's base ≥ 0 (> 0 for a negative power)
    and every logarithm's, inverse sine's… argument in its real domain there?"""
    checks: list[tuple[Callable[[Mapping[str, Value]], Value], Callable[[mpmath.mpf], bool]]] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and _fractional(node.exp) and node.base.free_symbols:
            negative = node.exp.is_negative
            checks.append((compile_expr(node.base), _positive if negative else _nonnegative))
        elif type(node) in _FUNCTION_DOMAINS and node.args[0].free_symbols:
            checks.append((compile_expr(node.args[0]), _FUNCTION_DOMAINS[type(node)]))

    def defined(env: Mapping[str, Value]) -> bool:
        for argument, accepts in checks:
            try:
                value = as_real(run(argument, env))
            except Undefined:
                return False
            if value is None or not accepts(value):
                return False
        return True

    return defined


def _fractional(exponent: sp.Basic) -> bool:
    """An exponent that is a non-integer number with an even denominator (x^(1/2), x^(-3/4));
    odd roots (x^(1/3)) are real for every real x, as cbrt is."""
    return isinstance(exponent, sp.Rational) and not exponent.is_integer and exponent.q % 2 == 0


def _positive(x: mpmath.mpf) -> bool:
    return x > 0


def _nonnegative(x: mpmath.mpf) -> bool:
    return x >= 0
