"""The allow-listed functions a learner (or an author) may call, with their arity.

Only names in this table can ever be called: the parser looks a call up here and nowhere
else. Aliases cover the spellings of other systems (``ln``, ``arctan``, Maxima's
``abs``, STACK's ``nCr``...). Guards reject numeric arguments whose evaluation would
explode (``factorial(10**100)``) before sympy sees them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.rounding import decimal_places, round_number, significant_figures

MAX_FACTORIAL = 400  # 400! ≈ 10^869, below the magnitude limit of magnitude.py
MAX_RESULT_BITS = 3_400  # ≈ 10^1000
MAX_DIFF_ORDER = 4  # in total per answer: each derivative can double its size
MAX_MATRIX_SIZE = 4


@dataclass(frozen=True)
class Function:
    name: str  # the canonical spelling shown in messages
    min_args: int
    max_args: int | None  # None: any number
    build: Callable[..., sympy.Basic]


def sigmoid(x: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-x))


def softplus(x: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(x))


def standard_normal_cdf(x: sympy.Expr) -> sympy.Expr:
    return (1 + sympy.erf(x / sympy.sqrt(2))) / 2


def _log(x: sympy.Expr, base: sympy.Expr | None = None) -> sympy.Expr:
    return sympy.log(x) if base is None else sympy.log(x, base)


def _whole_numbers_only(name: str, *args: sympy.Expr) -> None:
    """factorial(exp(9)), binomial(%i!, 90): sympy multiplies such things out for seconds."""
    if any(not a.is_Number and not a.free_symbols for a in args):
        raise InvalidAnswer(f"{name} of a constant needs a plain number, such as {name}(5)")


def _factorial(n: sympy.Expr) -> sympy.Expr:
    _whole_numbers_only("factorial", n)
    if n.is_Number and abs(n) > MAX_FACTORIAL:
        raise InvalidAnswer(f"factorials above {MAX_FACTORIAL}! are too large to work with")
    return sympy.factorial(n)


def _binomial(n: sympy.Expr, k: sympy.Expr) -> sympy.Expr:
    _whole_numbers_only("binomial", n, k)
    if n.is_Integer and k.is_Integer and n > 0:
        smaller = min(int(k), int(n - k))
        if smaller > 0 and smaller * math.log2(int(n)) > MAX_RESULT_BITS:
            raise InvalidAnswer("this binomial coefficient is too large to work with")
    elif (n.is_Number and abs(n) > 10**6) or (k.is_Number and abs(k) > MAX_FACTORIAL):
        # binomial(1/3, k) multiplies out k fractions
        raise InvalidAnswer("binomial arguments are too large to work with")
    return sympy.binomial(n, k)


def diff_order(spec: Sequence[sympy.Expr]) -> int:
    """How many differentiations ``diff(f, *spec)`` performs (``x, 2, y`` → 3)."""
    if not spec or not all(s.is_Symbol or s.is_Integer for s in spec):
        raise InvalidAnswer("diff needs a variable: diff(f, x)")
    if any(s.is_Integer and not 0 <= s <= MAX_DIFF_ORDER for s in spec):
        raise InvalidAnswer(f"derivatives of order above {MAX_DIFF_ORDER} are not supported")
    return sum(int(s) - 1 if s.is_Integer else 1 for s in spec)


def _diff(f: sympy.Expr, *spec: sympy.Expr) -> sympy.Expr:
    if diff_order(spec) > MAX_DIFF_ORDER:
        raise InvalidAnswer(f"derivatives of order above {MAX_DIFF_ORDER} are not supported")
    return sympy.diff(f, *spec)


def _integral(f: sympy.Expr, x: sympy.Expr, *bounds: sympy.Expr) -> sympy.Expr:
    """``int(f, x)`` or ``int(f, x, a, b)`` (Maxima's spelling), worked out when sympy can."""
    return _unworked_integral(f, x, *bounds).doit()


def _unworked_integral(f: sympy.Expr, x: sympy.Expr, *bounds: sympy.Expr) -> sympy.Integral:
    if not x.is_Symbol or len(bounds) == 1:
        raise InvalidAnswer("write an integral as int(f, x) or int(f, x, a, b)")
    return sympy.Integral(f, (x, *bounds))


def _limit(f: sympy.Expr, x: sympy.Expr, point: sympy.Expr) -> sympy.Expr:
    """``limit(f, x, a)`` (Maxima's spelling), worked out when sympy can."""
    return _unworked_limit(f, x, point).doit()


def _unworked_limit(f: sympy.Expr, x: sympy.Expr, point: sympy.Expr) -> sympy.Limit:
    if not x.is_Symbol:
        raise InvalidAnswer("write a limit as limit(f, x, a)")
    return sympy.Limit(f, x, point)


# Maxima's noun forms ('diff(f, x) is read as noundiff(f, x)), unworked
_NOUNS: dict[str, Callable[..., sympy.Basic]] = {
    "noundiff": sympy.Derivative,
    "nounint": _unworked_integral,
    "nounlimit": _unworked_limit,
}
CALCULUS = ("diff", "int", "limit")


def calculus_as_written(key: str, args: Sequence[sympy.Basic]) -> sympy.Basic:
    """A calculus command (``key`` as typed) in an answer read as written, unevaluated:
    a noun form stays unworked, as Maxima keeps it, and a command is worked out as the
    CAS does even with simplification off (``diff(x^2, x)`` is ``2*x``)."""
    if key in _NOUNS:
        return _NOUNS[key](*args)
    with sympy.evaluate(True):
        return FUNCTIONS[key].build(*(_evaluated(arg) for arg in args))


def _root(x: sympy.Expr, n: sympy.Expr | None = None) -> sympy.Expr:
    return sympy.sqrt(x) if n is None else sympy.root(x, n)


def _relu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, x)


def _det(matrix: sympy.Basic) -> sympy.Expr:
    if not isinstance(matrix, sympy.MatrixBase):
        raise InvalidAnswer("det needs a matrix: det(Matrix([[a, b], [c, d]]))")
    return matrix.det()


def _matrix(rows: sympy.Basic) -> sympy.Basic:
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise InvalidAnswer("write a matrix as Matrix([[a, b], [c, d]])")
    width = len(rows[0])
    if any(len(r) != width for r in rows) or width == 0:
        raise InvalidAnswer("every row of a matrix needs the same number of entries")
    if len(rows) > MAX_MATRIX_SIZE or width > MAX_MATRIX_SIZE:
        raise InvalidAnswer(
            f"matrices larger than {MAX_MATRIX_SIZE}×{MAX_MATRIX_SIZE} are not supported"
        )
    return sympy.Matrix(rows)


def _ev(x: sympy.Basic, *flags: sympy.Basic) -> sympy.Basic:
    """Maxima's ``ev(x, simp)``: x after the CAS's default simplification, which is sympy's
    automatic evaluation, so an answer read as written (unevaluated) gets it too; other
    flags change nothing that is compared."""
    if not any(isinstance(flag, sympy.Symbol) and flag.name == "simp" for flag in flags):
        return x
    with sympy.evaluate(True):
        return _evaluated(x)


def _evaluated(x: sympy.Basic) -> sympy.Basic:
    """``x`` rebuilt node by node, so that each node is evaluated as it is built."""
    if not isinstance(x, sympy.Basic) or not x.args:
        return x
    return x.func(*(_evaluated(arg) for arg in x.args))


_REWRITES = (
    "expand",
    "factor",
    "simplify",
    "ratsimp",
    "fullratsimp",
    "radcan",
    "rectform",
    "polarform",
    "trigsimp",
    "trigrat",
    "trigreduce",
    "trigexpand",
    "logcontract",
    "trigeval",
    "stackeq",
)

_TABLE: list[tuple[Sequence[str], int, int | None, Callable[..., sympy.Basic]]] = [
    (("exp",), 1, 1, sympy.exp),
    (("log", "ln"), 1, 2, _log),
    (("lg",), 1, 2, lambda x, base=10: sympy.log(x, base)),  # STACK: lg(x) = log10, lg(x, b)
    (("logbase",), 2, 2, sympy.log),
    (("log10",), 1, 1, lambda x: sympy.log(x, 10)),
    (("log2",), 1, 1, lambda x: sympy.log(x, 2)),
    (("log1p",), 1, 1, lambda x: sympy.log(1 + x)),  # numpy's names, as ML code writes them
    (("expm1",), 1, 1, lambda x: sympy.exp(x) - 1),
    (("sqrt",), 1, 1, sympy.sqrt),
    (("cbrt",), 1, 1, sympy.cbrt),
    (("root",), 1, 2, _root),
    (("Abs", "abs"), 1, 1, sympy.Abs),
    (("sign", "sgn", "signum"), 1, 1, sympy.sign),
    (("Min", "min"), 1, None, sympy.Min),
    (("Max", "max"), 1, None, sympy.Max),
    (("floor",), 1, 1, sympy.floor),
    (("round",), 1, 1, round_number),
    (("significantfigures", "sigfigs"), 2, 2, significant_figures),
    (("decimalplaces", "displaydp", "dispdp"), 2, 2, decimal_places),
    (("Heaviside", "step"), 1, 1, sympy.Heaviside),
    (("ceiling", "ceil"), 1, 1, sympy.ceiling),
    (("factorial", "fact"), 1, 1, _factorial),
    (("binomial", "binom", "choose", "comb", "nCr"), 2, 2, _binomial),
    (("sin",), 1, 1, sympy.sin),
    (("cos",), 1, 1, sympy.cos),
    (("tan",), 1, 1, sympy.tan),
    (("cot",), 1, 1, sympy.cot),
    (("sec",), 1, 1, sympy.sec),
    (("csc", "cosec"), 1, 1, sympy.csc),
    (("asin", "arcsin"), 1, 1, sympy.asin),
    (("acos", "arccos"), 1, 1, sympy.acos),
    (("atan", "arctan"), 1, 1, sympy.atan),
    (("atan2", "arctan2"), 2, 2, sympy.atan2),
    (("acot", "arccot"), 1, 1, sympy.acot),
    (("asec", "arcsec"), 1, 1, sympy.asec),
    (("acsc", "arccsc", "arccosec"), 1, 1, sympy.acsc),
    (("sinh",), 1, 1, sympy.sinh),
    (("cosh",), 1, 1, sympy.cosh),
    (("tanh",), 1, 1, sympy.tanh),
    (("coth",), 1, 1, sympy.coth),
    (("sech",), 1, 1, sympy.sech),
    (("csch", "cosech"), 1, 1, sympy.csch),
    (("asinh", "arsinh", "arcsinh"), 1, 1, sympy.asinh),
    (("acosh", "arcosh", "arccosh"), 1, 1, sympy.acosh),
    (("atanh", "artanh", "arctanh"), 1, 1, sympy.atanh),
    (("acoth", "arcoth", "arccoth"), 1, 1, sympy.acoth),
    (("asech", "arsech", "arcsech"), 1, 1, sympy.asech),
    (("acsch", "arcsch", "arccsch"), 1, 1, sympy.acsch),
    (("erf",), 1, 1, sympy.erf),
    (("erfc",), 1, 1, sympy.erfc),
    (("sigmoid", "logistic", "expit"), 1, 1, sigmoid),
    (("softplus",), 1, 1, softplus),
    (("relu", "ReLU"), 1, 1, _relu),
    (("Phi",), 1, 1, standard_normal_cdf),
    (("diff", "noundiff"), 2, 6, _diff),
    (("int", "integrate", "nounint"), 2, 4, _integral),
    (("limit", "nounlimit"), 3, 3, _limit),
    (("det",), 1, 1, _det),
    (("Matrix",), 1, 1, _matrix),
    # CAS commands that only rewrite (a STACK author's ratsimp(…), ev(…, simp)): grading
    # compares values, so the rewritten form is the expression itself
    (_REWRITES, 1, 1, lambda x: x),
    (("ev",), 1, None, _ev),
]

FUNCTIONS: dict[str, Function] = {
    alias: Function(names[0], low, high, build)
    for names, low, high, build in _TABLE
    for alias in names
}

# sin^-1(x) and tanh⁻¹(x) name these inverse functions
INVERSES = {
    "sin": "asin",
    "cos": "acos",
    "tan": "atan",
    "cot": "acot",
    "sec": "asec",
    "csc": "acsc",
    "sinh": "asinh",
    "cosh": "acosh",
    "tanh": "atanh",
    "coth": "acoth",
    "sech": "asech",
    "csch": "acsch",
}

# Sums and products bind their index variable: the parser handles them itself.
BINDERS = {"Sum": sympy.Sum, "sum": sympy.Sum, "Product": sympy.Product, "product": sympy.Product}


def check_arity(function: Function, count: int, column: int | None) -> None:
    if count < function.min_args or (function.max_args is not None and count > function.max_args):
        if function.max_args is None:
            expected = f"at least {function.min_args}"
        elif function.min_args == function.max_args:
            expected = str(function.min_args)
        else:
            expected = f"{function.min_args} to {function.max_args}"
        plural = "" if expected == "1" else "s"
        raise InvalidAnswer(
            f"`{function.name}` takes {expected} argument{plural}, got {count}", column
        )
