"""How an answer is written: its formula tree as typed, before any simplification.

``identical`` wants the same tree.

``same_form`` accepts an answer that differs from the expected one only in the order of
terms and factors and in their grouping (``1+2*x`` and ``x*2+1``, ``(a*b)/c`` and
``a*(b/c)``), so ``x+x`` is not ``2*x`` and ``2/4`` is not ``1/2``: what STACK calls
EqualComAss. A minus sign is a factor of -1 (``x*(-y)`` is ``-(x*y)``), ``exp(x)`` is
``e^x``, an equation may be written either way round, and set elements keep their
repeats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sympy as sp

from studyapp.checking.meaning.compound import ValueGroup
from studyapp.checking.meaning.domains import REAL, VariableSpace
from studyapp.checking.meaning.structured import read_values

Key = tuple


def read_as_written(expect: str, answer: str, space: VariableSpace) -> tuple[object, object, str]:
    """Both answers as unsimplified trees, and how the answer was read."""
    with sp.evaluate(False):
        expected, typed, _, interpreted = read_values(expect, answer, space)
    return expected, typed, interpreted


def same_form(expected: object, typed: object) -> bool:
    return form_key(expected) == form_key(typed)


def identical(expected: object, typed: object) -> bool:
    """The same tree as typed: order and grouping count too (``a+(b+c)`` is not
    ``a+b+c``); what STACK calls CasEqual without simplification."""
    return _tree(expected) == _tree(typed)


def _tree(value: object) -> object:
    if isinstance(value, ValueGroup):
        return ("group", value.kind, value.shape, tuple(_tree(item) for item in value.items))
    if isinstance(value, sp.Basic) and value.args:
        return (type(value).__name__, tuple(_tree(arg) for arg in value.args))
    return sp.srepr(value) if isinstance(value, sp.Basic) else repr(value)


def form_key(value: object) -> Key:
    """A key equal for trees that differ only by commutativity and associativity."""
    if isinstance(value, ValueGroup):
        keys = [form_key(item) for item in value.items]
        if value.kind == "set":
            keys.sort()
        return ("group", value.kind, value.shape, tuple(keys))
    if isinstance(value, sp.Eq):
        return ("=", *sorted((form_key(value.lhs), form_key(value.rhs))))
    if isinstance(value, (sp.And, sp.Or, sp.Xor)):
        return (type(value).__name__, tuple(sorted(form_key(a) for a in value.args)))
    if isinstance(value, (sp.Add, sp.Mul)):
        parts = _flattened(type(value), value.args)
        return (type(value).__name__, tuple(sorted(form_key(p) for p in parts)))
    if isinstance(value, sp.exp):  # exp(x) is e^x (sympy counts e^x as an exp too)
        return ("Pow", (form_key(sp.E), form_key(value.exp)))
    if isinstance(value, sp.Number):
        return _number_key(value)
    if isinstance(value, sp.Basic) and value.args:
        return (type(value).__name__, tuple(form_key(a) for a in value.args))
    return ("atom", sp.srepr(value) if isinstance(value, sp.Basic) else repr(value))


def _flattened(kind: type, args: Iterable[sp.Basic]) -> list[sp.Basic]:
    """Nested sums (or products) as one; in a product, -2 is the factors -1 and 2."""
    out: list[sp.Basic] = []
    for arg in args:
        if isinstance(arg, kind):
            out.extend(_flattened(kind, arg.args))
        elif kind is sp.Mul and isinstance(arg, sp.Number) and arg.is_negative and arg != -1:
            out.extend((sp.Integer(-1), -arg))
        else:
            out.append(arg)
    return out


def _number_key(value: sp.Number) -> Key:
    if value.is_negative and value != -1:  # a typed -2 is the product of -1 and 2
        return ("Mul", tuple(sorted((_number_key(sp.Integer(-1)), _number_key(-value)))))
    if isinstance(value, sp.Float):
        return ("float", str(value))
    return ("number", str(value))


def with_nouns_named(values: Iterable[object]) -> tuple[list[object], list[str]]:
    """Values read as written, each noun form (an unworked derivative, integral or limit)
    replaced by a name of its own, and evaluated as they are rebuilt; and the names given.
    Nouns that differ only in the order of differentiation (``'diff('diff(f, x), y)``,
    ``'diff(f, x, 1, y, 1)``) share a name."""
    names: dict[Key, sp.Symbol] = {}
    with sp.evaluate(True):
        out = [_nouns_named(value, names) for value in values]
    return out, [symbol.name for symbol in names.values()]


def _nouns_named(value: object, names: dict[Key, sp.Symbol]) -> object:
    if isinstance(value, ValueGroup):
        items = tuple(_nouns_named(item, names) for item in value.items)
        return ValueGroup(value.kind, items, value.shape)
    if isinstance(value, (sp.Derivative, sp.Integral, sp.Limit)):
        key = _noun_key(value)
        if key not in names:  # a leading _ : no typed name can be the same
            names[key] = REAL.symbol(f"_noun{len(names)}")
        return names[key]
    if isinstance(value, sp.Basic) and value.args:
        return value.func(*(_nouns_named(arg, names) for arg in value.args))
    return value


def _noun_key(noun: sp.Basic) -> Key:
    if not isinstance(noun, sp.Derivative):
        return form_key(noun)
    counts: Counter[str] = Counter()
    while isinstance(noun, sp.Derivative):
        for variable, count in noun.variable_count:
            counts[variable.name] += int(count)
        noun = noun.expr
    return ("Derivative", form_key(noun), tuple(sorted(counts.items())))


def is_factored(value: sp.Basic) -> bool:
    """Written as a product of numbers and powers of factors that are irreducible over
    the rationals, none with a whole-number, root or i common factor (``2*x*(x-3)``, not
    ``x*(2*x-6)``, ``2*(x^2-3*x)`` or ``i*x-2*i``)."""
    return all(_irreducible(factor) for factor in _factors(value))


def _factors(value: sp.Basic) -> Iterable[sp.Basic]:
    if isinstance(value, sp.Mul):
        for arg in value.args:
            yield from _factors(arg)
    elif isinstance(value, sp.Pow) and value.exp.is_Integer:
        yield from _factors(value.base)
    else:
        yield value


def _irreducible(factor: sp.Basic) -> bool:
    if not factor.free_symbols or factor.is_Symbol:
        return True
    try:
        coefficient, parts = sp.factor_list(sp.expand(factor))
    except (sp.PolynomialError, NotImplementedError):
        return not isinstance(factor, sp.Add)
    if sum(abs(multiplicity) for _, multiplicity in parts) != 1:
        return False
    if coefficient.is_Integer and abs(coefficient) != 1:
        return False
    # a root or i common to every term is a factor left inside: sqrt(2)*x - 2*sqrt(2)
    common = sp.factor_terms(factor)
    return not (isinstance(common, sp.Mul) and any(_irrational_number(a) for a in common.args))


def _irrational_number(value: sp.Basic) -> bool:
    return not value.free_symbols and value.is_Rational is False


def _nodes(value: object) -> Iterable[sp.Basic]:
    """Every formula node of a value (inside sets, lists, matrices and relations too)."""
    if isinstance(value, ValueGroup):
        for item in value.items:
            yield from _nodes(item)
    elif isinstance(value, sp.Basic):
        yield from sp.preorder_traversal(value)


def _denominator(node: sp.Basic) -> sp.Basic | None:
    """``b`` when ``node`` is ``b^-1`` (``1/b`` as typed)."""
    if isinstance(node, sp.Pow) and node.exp == -1:
        return node.base
    return None


def is_expanded(value: object) -> bool:
    """No product with a sum among its factors and no whole power of a sum."""
    for node in _nodes(value):
        if isinstance(node, sp.Mul) and any(
            isinstance(f, sp.Add) for f in _flattened(sp.Mul, node.args)
        ):
            return False
        if (
            isinstance(node, sp.Pow)
            and isinstance(node.base, sp.Add)
            and node.exp.is_Integer
            and node.exp > 1
        ):
            return False
    return True


def is_single_fraction(value: sp.Basic) -> bool:
    """At most one division, at the top: ``(2*a+1)/2`` or ``-a/b``, not ``a + 1/2``,
    ``2*(1/n)`` or ``1/(1 - 1/x)``."""
    factors = value.args if isinstance(value, sp.Mul) else (value,)
    denominators = [d for d in map(_denominator, factors) if d is not None]
    rest = [f for f in factors if _denominator(f) is None]
    if len(denominators) > 1:
        return False
    return not any(_divides(part) for part in (*rest, *denominators))


def _divides(node: sp.Basic) -> bool:
    """A division anywhere but in an exponent (``5^(3/2)`` is not a fraction)."""
    if _denominator(node) is not None:
        return True
    parts = (node.base,) if isinstance(node, sp.Pow) else node.args
    return any(_divides(part) for part in parts)


def in_lowest_terms(value: object) -> bool:
    """Every typed fraction of whole numbers is in lowest terms (``1/3``, not ``2/6`` or
    ``-1/-3``), and no denominator holds a root or the imaginary unit."""
    for node in _nodes(value):
        below = _denominator(node)
        if below is not None and _irrational(below):
            return False
        if not isinstance(node, sp.Mul):
            continue
        factors = _flattened_keeping_signs(node)
        above = [f for f in factors if f.is_Integer]
        under = [d for d in map(_denominator, factors) if d is not None and d.is_Integer]
        if above and under:
            top, bottom = sp.Mul(*above), sp.Mul(*under)
            if sp.gcd(top, bottom) != 1 or (top < 0 and bottom < 0):
                return False
    return True


def _flattened_keeping_signs(node: sp.Mul) -> list[sp.Basic]:
    out: list[sp.Basic] = []
    for arg in node.args:
        out.extend(_flattened_keeping_signs(arg) if isinstance(arg, sp.Mul) else [arg])
    return out


def _irrational(node: sp.Basic) -> bool:
    """A root (a power with a fractional exponent) or the imaginary unit inside."""
    return any(
        n is sp.I or (isinstance(n, sp.Pow) and n.exp.is_number and not n.exp.is_Integer)
        for n in sp.preorder_traversal(node)
    )


def is_partial_fractions(value: sp.Basic, x: sp.Symbol) -> bool:
    """A constant times a sum of a polynomial in x and proper fractions over powers of
    one irreducible polynomial each (``9/(y-4) + 28/(y-4)^2``, ``(x+1)/(x^2+1)``)."""
    factors = [f for f in _flattened(sp.Mul, sp.Mul.make_args(value)) if x in f.free_symbols]
    if len(factors) == 1 and isinstance(factors[0], sp.Add):
        value = factors[0]  # 3*(1/(x+1) + 1/(x+2))
    terms = _flattened(sp.Add, sp.Add.make_args(value))
    with sp.evaluate(True):
        return all(_proper_fraction(sp.together(term), x) for term in terms)


def _proper_fraction(term: sp.Expr, x: sp.Symbol) -> bool:
    numerator, denominator = sp.fraction(term)
    if x not in denominator.free_symbols:
        return numerator.is_polynomial(x)
    if not (numerator.is_polynomial(x) and denominator.is_polynomial(x)):
        return False
    _, parts = sp.factor_list(denominator, x)
    irreducible = {p for p, _ in parts if x in p.free_symbols}
    if len(irreducible) != 1:
        return False
    return sp.degree(numerator, x) < sp.degree(irreducible.pop(), x)


def is_completed_square(value: sp.Basic, x: sp.Symbol) -> bool:
    """x only inside squares of one linear expression (``-4*(x-1)^2 + 3``, ``(1-x)^2``),
    or nowhere in a square and at most linearly (``x - a``)."""
    squares = {
        node.base
        for node in sp.preorder_traversal(value)
        if isinstance(node, sp.Pow) and node.exp == 2 and x in node.base.free_symbols
    }
    with sp.evaluate(True):
        bases = {sp.expand(b) for b in squares}
        if len({frozenset((b, -b)) for b in bases}) > 1:
            return False
        if not bases:
            return sp.expand(value).is_polynomial(x) and sp.degree(sp.expand(value), x) <= 1
        base = bases.pop()
        if not base.is_polynomial(x) or sp.degree(base, x) != 1:
            return False
        stand_in = sp.Dummy("square")
        rest = _replace_squares(value, x, stand_in)
    return x not in rest.free_symbols


def _replace_squares(value: sp.Basic, x: sp.Symbol, stand_in: sp.Symbol) -> sp.Basic:
    if isinstance(value, sp.Pow) and value.exp == 2 and x in value.base.free_symbols:
        return stand_in
    if not value.args:
        return value
    return value.func(*(_replace_squares(a, x, stand_in) for a in value.args))
