"""Build a sympy expression from a syntax tree, refusing anything that would explode.

sympy evaluates numbers eagerly (``9**9**9`` is computed on construction), so every power
of numbers is sized before it is built, numeric results are kept below a bit budget and
function guards (factorial, binomial, diff) run before sympy sees their arguments.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import sympy
from sympy.core.parameters import global_parameters

from studyapp.checking.reading.functions import (
    BINDERS,
    CALCULUS,
    FUNCTIONS,
    MAX_DIFF_ORDER,
    MAX_RESULT_BITS,
    calculus_as_written,
    check_arity,
    diff_order,
)
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.magnitude import Astronomical, check_constant
from studyapp.checking.reading.names import Meaning, primed
from studyapp.checking.reading.tree import (
    Abs,
    Call,
    Chain,
    Factorial,
    Group,
    Name,
    Node,
    Num,
    Power,
    Relation,
    Unary,
)

MAX_PLAIN_EXPONENT = 100_000  # beyond this only a float or a bare symbol may be raised
MAX_MINMAX_ARGS = 20
CONSTANTS = {
    "E": sympy.E,
    "pi": sympy.pi,
    "oo": sympy.oo,
    "-oo": -sympy.oo,
    "I": sympy.I,
    "GoldenRatio": sympy.GoldenRatio,
}
RELATIONS = {
    "=": sympy.Eq,
    "<": sympy.Lt,
    ">": sympy.Gt,
    "<=": sympy.Le,
    ">=": sympy.Ge,
    "!=": sympy.Ne,
}

# name -> builder of a user-defined function's value from its arguments
UserFunctions = Mapping[str, Callable[[tuple[sympy.Expr, ...]], sympy.Expr]]


class Builder:
    def __init__(
        self, symbol: Callable[[str], sympy.Symbol], user_functions: UserFunctions
    ) -> None:
        self.symbol = symbol
        self.user_functions = user_functions
        self.sizes: dict[sympy.Expr, object] = {}  # magnitude estimates of subexpressions
        self.differentiations = 0  # nested diff(diff(…)) counts towards one budget

    def build(self, node: Node) -> sympy.Basic:
        if isinstance(node, Relation):
            left, right = self.scalar(node.left), self.scalar(node.right)
            value = RELATIONS[node.op](left, right, evaluate=False)
        else:
            value = self.scalar(node)
        # checked once here: doing it per node would walk the tree quadratically
        if value.has(sympy.zoo, sympy.nan):
            raise InvalidAnswer("the answer is undefined here (a division by zero or ∞ − ∞)")
        return value

    def scalar(self, node: Node) -> sympy.Expr:
        try:
            value = self._build(node)
        except InvalidAnswer as error:
            error.column = error.column or node.start + 1
            raise
        if not isinstance(value, sympy.Expr):
            raise InvalidAnswer(f"{_kind(value)} cannot be used as a number here", node.start + 1)
        if (value.is_Rational and _bits(value) > MAX_RESULT_BITS) or (
            value.is_Float and not math.isfinite(float(value))
        ):
            raise InvalidAnswer("a number in the answer is too large to work with", node.start + 1)
        try:
            check_constant(value, self.sizes)
        except Astronomical:
            raise InvalidAnswer(
                "a number in the answer is too large or too small to work with", node.start + 1
            ) from None
        return value

    def _build(self, node: Node) -> sympy.Basic:
        if isinstance(node, Num):
            return _number(node.text)
        if isinstance(node, Name):
            return self.name(node.meaning)
        if isinstance(node, Unary):
            return _negated(self.scalar(node.operand))
        if isinstance(node, Chain):
            return self.chain(node)
        if isinstance(node, Power):
            return power(self.scalar(node.base), self.scalar(node.exponent))
        if isinstance(node, Abs):
            return sympy.Abs(self.scalar(node.operand))
        if isinstance(node, Factorial):
            return FUNCTIONS["factorial"].build(self.scalar(node.operand))
        if isinstance(node, Group):
            if len(node.items) != 1:
                raise InvalidAnswer(
                    "a list or tuple is only allowed as the limits of a Sum/Product or in Matrix"
                )
            return self.scalar(node.items[0])
        if isinstance(node, Call):
            return self.call(node)
        raise InvalidAnswer(f"cannot use `{type(node).__name__}` here")

    def name(self, meaning: Meaning) -> sympy.Expr:
        if meaning.kind == "constant":
            return CONSTANTS[meaning.name]
        return self.symbol(meaning.name)

    def chain(self, node: Chain) -> sympy.Expr:
        first = self.scalar(node.first)
        if node.kind == "sum":
            terms = [first]
            for link in node.links:
                term = self.scalar(link.operand)
                terms.append(term if link.op == "+" else _negated(term))
            return sympy.Add(*terms)
        factors = [_factor(node.first, first)]
        for link in node.links:
            factor = _factor(link.operand, self.scalar(link.operand))
            if link.op == "/":
                if factor == 0:
                    raise InvalidAnswer("division by zero", link.operand.start + 1)
                factor = sympy.Pow(factor, -1)
            factors.append(factor)
        if sum(_coefficient_bits(f) for f in factors) > MAX_RESULT_BITS:
            raise InvalidAnswer("a number in the answer is too large to work with", node.start + 1)
        return sympy.Mul(*factors)

    def call(self, node: Call) -> sympy.Expr:
        key = node.meaning.name
        column = node.start + 1
        if node.meaning.kind == "binder":
            return self.binder(node)
        if key in self.user_functions:
            return self.user_functions[key](tuple(self.scalar(a) for a in node.args))
        if key.endswith("'"):
            return self.derivative(node)
        function = FUNCTIONS[key]
        check_arity(function, len(node.args), column)
        if function.name == "Matrix":
            raise InvalidAnswer("Matrix(…) is only allowed inside det(…)", column)
        if function.name == "det":
            return function.build(self.matrix(node.args[0]))
        if function.name in ("Min", "Max") and len(node.args) > MAX_MINMAX_ARGS:
            raise InvalidAnswer(
                f"`{function.name}` takes at most {MAX_MINMAX_ARGS} arguments", column
            )
        args = [self.scalar(a) for a in node.args]
        if function.name == "diff":
            self.differentiations += diff_order(args[1:])
            if self.differentiations > MAX_DIFF_ORDER:
                raise InvalidAnswer(
                    f"more than {MAX_DIFF_ORDER} differentiations in one answer are not supported",
                    column,
                )
        if function.name in CALCULUS and not global_parameters.evaluate:
            return calculus_as_written(key, args)
        return function.build(*args)

    def derivative(self, node: Call) -> sympy.Expr:
        """``σ'(z)``: the function differentiated as many times as it has primes, at z."""
        name, order = primed(node.meaning.name)
        self.differentiations += order
        if self.differentiations > MAX_DIFF_ORDER:
            raise InvalidAnswer(
                f"more than {MAX_DIFF_ORDER} differentiations in one answer are not supported",
                node.start + 1,
            )
        at = sympy.Dummy("t", real=True)
        curve = FUNCTIONS[name].build(at)
        return sympy.diff(curve, at, order).subs(at, self.scalar(node.args[0]))

    def matrix(self, node: Node) -> sympy.Basic:
        if not (isinstance(node, Call) and node.meaning.name == "Matrix" and len(node.args) == 1):
            raise InvalidAnswer("det needs a matrix: det(Matrix([[a, b], [c, d]]))", node.start + 1)
        return FUNCTIONS["Matrix"].build(self.rows(node.args[0]))

    def rows(self, node: Node) -> list | sympy.Expr:
        if isinstance(node, Group) and node.bracket == "[":
            return [self.rows(item) for item in node.items]
        return self.scalar(node)

    def binder(self, node: Call) -> sympy.Expr:
        """``Sum(f, (i, a, b))`` (sympy) or ``sum(f, i, a, b)`` (Maxima); likewise Product."""
        column = node.start + 1
        name = node.meaning.name
        args = node.args
        if len(args) == 4 and isinstance(args[1], Name):
            limits = [(args[1], args[2], args[3])]
        elif 2 <= len(args) <= 4 and all(_is_limit(limit) for limit in args[1:]):
            limits = [limit.items for limit in args[1:]]  # type: ignore[attr-defined]
        else:
            raise InvalidAnswer(f"write {name}(term, (i, start, end))", column)
        built = [
            (self.name(i.meaning), self.scalar(low), self.scalar(high)) for i, low, high in limits
        ]
        return BINDERS[name](self.scalar(args[0]), *built)


def _is_limit(node: Node) -> bool:
    return isinstance(node, Group) and len(node.items) == 3 and isinstance(node.items[0], Name)


def power(base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
    if exponent.is_Number and exponent.is_finite:
        size = abs(float(exponent))
        if size * _coefficient_bits(base) > MAX_RESULT_BITS:
            raise InvalidAnswer(f"{short(base)}^{short(exponent)} is too large to work with")
        if size > MAX_PLAIN_EXPONENT and not (
            base.is_Float or base.is_Symbol or base in (0, 1, -1)
        ):
            raise InvalidAnswer(f"the exponent {short(exponent)} is too large to work with")
    return sympy.Pow(base, exponent)


def short(number: sympy.Expr) -> str:
    """A number as text, abbreviated when it has too many digits to read."""
    text = str(number)
    return text if len(text) <= 24 else f"{text[:8]}…({len(text)} digits)"


def _bits(value: sympy.Rational) -> int:
    return max(abs(value.p).bit_length(), value.q.bit_length())


def _coefficient_bits(value: sympy.Expr) -> float:
    """Bits of the exact number sympy would multiply out: 2 in 2·x, 3/7 in 3/7; 0 for ±1."""
    coefficient = value.as_coeff_Mul()[0]
    if not coefficient.is_Rational or coefficient in (1, -1, 0):
        return 0
    return max(math.log2(abs(coefficient.p)), math.log2(coefficient.q))


FLOAT_DIGITS = 60


def _factor(node: Node, value: sympy.Basic) -> sympy.Basic:
    """A factor of a product. Read as written (unevaluated), a typed ``-1`` stays -1 times
    1, as ``-2`` is -1 times 2, so ``-1/4*x`` keeps the factor 1 that tells ``1/4*x`` from
    ``x/4``."""
    if value is sympy.S.NegativeOne and isinstance(node, Unary) and not global_parameters.evaluate:
        return sympy.Mul(sympy.S.NegativeOne, sympy.S.One)
    return value


def _negated(value: sympy.Basic) -> sympy.Basic:
    """``-value``. Read as written (unevaluated), the sign is one more factor: sympy would
    fold it into a leading number, and ``-(1*2)`` would lose its factor 1."""
    if global_parameters.evaluate or not isinstance(value, sympy.Mul):
        return -value
    return sympy.Mul(sympy.S.NegativeOne, *value.args)


def _number(text: str) -> sympy.Number:
    if "/" in text:
        return sympy.Rational(text)
    if text.isdigit():
        return sympy.Integer(text)
    digits = len(text.lower().split("e")[0].replace(".", "").lstrip("0"))
    # Carried well beyond the 40 digits answers are compared at: sympy evaluates 2^0.5 or
    # 0.5·√2 on the spot, and at 15 digits they would no longer equal √2 or 1/√2.
    return sympy.Float(text, max(FLOAT_DIGITS, digits))


def _kind(value: object) -> str:
    if isinstance(value, sympy.MatrixBase):
        return "a matrix"
    return type(value).__name__


def exact(expr: sympy.Basic) -> sympy.Basic:
    """Replace decimal Floats by the exact rationals they spell (0.1 → 1/10).

    A learner's ``0.5*x**2`` then equals ``x**2/2`` exactly, while ``0.333333333333333``
    stays different from 1/3.
    """
    floats = expr.atoms(sympy.Float)
    if not floats:
        return expr
    return expr.xreplace({f: sympy.Rational(str(f)) for f in floats})
