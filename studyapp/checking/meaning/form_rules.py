"""Equal as written, up to order and grouping and the rewriting rules an author allows:
STACK's EqualComAssRules, our ``same-form-rules``.

Both answers are read as terms (``written_terms``); each allowed rule rewrites one kind
of node (``zeroAdd``: 0 + x → x, ``negNeg``: two minus signs of a product cancel,
``intMul``: its whole numbers multiplied, in front ...). The rules are applied innermost
first, again and again, until none applies: each makes a term shorter or puts a part in
a fixed place, so this ends (a budget of steps guards it all the same). The results are
then compared with sums, products, sets, ``and``/``or`` and both sides of an equation in
a canonical order, unless the author turned commutativity off (``noncomAdd``,
``noncomMul``, ``noncomEq``; ``comMulNum`` and ``comNeg`` then let only the numbers, or
only the minus signs, move to the front of a product). The rules and their groups are
named as STACK names them (see ``content.answer_test_spec.FORM_RULES``); like STACK's,
they rewrite what is literally there (``zPow`` takes ``x^(1-1)`` as it is, not as x^0).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from studyapp.checking.meaning.written_terms import (
    MINUS,
    ONE,
    ZERO,
    Term,
    add,
    is_leaf,
    mul,
    power,
    rebuilt,
    recip,
    whole,
)
from studyapp.checking.reading import InvalidAnswer

_STEPS = 10_000  # rewrites allowed for one answer: far above what any formula needs
_LARGEST_POWER = 10**60  # intPow works out no power beyond this
_LARGEST_FACTORED = 10**12  # intFac factors no whole number beyond this
_HALF = mul(ONE, recip(("int", 2)))
_COMMUTING = ("and", "or", "set")

Key = tuple
Rule = Callable[[Term, "_Order"], Term | None]


@dataclass(frozen=True)
class _Order:
    """Which parts may change places (see the module docstring)."""

    sums: bool
    products: bool
    equations: bool
    numbers_first: bool  # comMulNum
    minus_first: bool  # comNeg

    def key(self, term: Term) -> Key:
        """Equal for terms that differ only in the order this allows."""
        tag, parts = term
        if is_leaf(term):
            return (tag, str(parts))
        keys = [self.key(part) for part in parts]
        if (
            tag in _COMMUTING
            or (tag == "add" and self.sums)
            or (tag == "mul" and self.products)
            or (tag in ("rel:=", "rel:#") and self.equations)
        ):
            keys.sort()
        elif tag == "mul" and (self.numbers_first or self.minus_first):
            moved = [k for k in keys if k[0] == "minus" or (self.numbers_first and k[0] == "int")]
            keys = sorted(moved) + [k for k in keys if k not in moved]
        return (tag, tuple(keys))


def same_with_rules(expected: Term, typed: Term, rules: Iterable[str]) -> bool:
    """Whether ``typed`` and ``expected`` are the same once both are rewritten by
    ``rules`` (STACK's names, groups already expanded, in the author's order) and put in
    order."""
    names = list(dict.fromkeys(rules))
    order = _Order(
        sums="noncomAdd" not in names,
        products="noncomMul" not in names,
        equations="noncomEq" not in names,
        numbers_first="comMulNum" in names,
        minus_first="comNeg" in names,
    )
    chosen = [_RULES[name] for name in names if name in _RULES]
    results = [_Rewriter(chosen, order).rewritten(term) for term in (expected, typed)]
    return order.key(results[0]) == order.key(results[1])


class _Rewriter:
    """Applies each rule in turn all through a term, outermost nodes first, then all of
    them again until the term stays the same, as STACK does: so ``a/(b/(c/d))`` under
    ``divDiv`` alone keeps two denominators (``recipMul`` would join them)."""

    def __init__(self, rules: list[tuple[str, Rule]], order: _Order) -> None:
        self._rules = rules
        self._order = order
        self._steps = _STEPS

    def rewritten(self, term: Term) -> Term:
        while True:
            before = term
            for tag, rule in self._rules:
                term = self._everywhere(term, tag, rule)
            if term == before:
                return term

    def _everywhere(self, term: Term, tag: str, rule: Rule) -> Term:
        while term[0] == tag:
            new = rule(term, self._order)
            if new is None or new == term:
                break
            self._steps -= 1
            if self._steps < 0:
                raise InvalidAnswer("too long to compare rule by rule")
            term = new
        if is_leaf(term):
            return term
        return rebuilt(term[0], tuple(self._everywhere(part, tag, rule) for part in term[1]))


# -- the rules: each rewrites a node with the tag it is filed under, or gives None ----------


def _zero_add(term: Term, order: _Order) -> Term | None:
    return add(*(t for t in term[1] if t != ZERO)) if ZERO in term[1] else None


def _zero_mul(term: Term, order: _Order) -> Term | None:
    return ZERO if ZERO in term[1] else None


def _one_mul(term: Term, order: _Order) -> Term | None:
    return mul(*(t for t in term[1] if t != ONE)) if ONE in term[1] else None


def _one_div(term: Term, order: _Order) -> Term | None:
    over_one = recip(ONE)
    return mul(*(t for t in term[1] if t != over_one)) if over_one in term[1] else None


def _one_pow(term: Term, order: _Order) -> Term | None:
    return ONE if term[1][0] == ONE else None


def _id_pow(term: Term, order: _Order) -> Term | None:
    return term[1][0] if term[1][1] == ONE else None


def _zero_pow(term: Term, order: _Order) -> Term | None:
    """0^x → 0 for an x that is not 0: neither written so nor a number worth 0 (``1-1``)."""
    base, exponent = term[1]
    return ZERO if base == ZERO and _value(exponent) != 0 else None


def _z_pow(term: Term, order: _Order) -> Term | None:
    base, exponent = term[1]
    return ONE if exponent == ZERO and _value(base) != 0 else None


def _value(term: Term) -> Fraction | None:
    """The rational number a term of numbers is worth (``1-1`` is 0); None otherwise."""
    tag, parts = term
    if tag == "int":
        return Fraction(parts)
    if term == MINUS:
        return Fraction(-1)
    if tag in ("add", "mul"):
        values = [_value(part) for part in parts]
        if any(v is None for v in values):
            return None
        return sum(values, Fraction(0)) if tag == "add" else math.prod(values, start=Fraction(1))
    if tag == "recip":
        inner = _value(parts[0])
        return None if not inner else 1 / inner
    return None


def _neg_neg(term: Term, order: _Order) -> Term | None:
    """Two minus signs of a product cancel (wherever they stand in it)."""
    factors = list(term[1])
    if factors.count(MINUS) < 2:
        return None
    for _ in range(2):
        factors.remove(MINUS)
    return mul(*factors)


def _neg_div(term: Term, order: _Order) -> Term | None:
    """y/(−x) → −y/x: a minus sign of a denominator taken out of it."""
    (inner,) = term[1]
    if inner[0] != "mul" or MINUS not in inner[1]:
        return None
    factors = list(inner[1])
    factors.remove(MINUS)
    return mul(MINUS, recip(mul(*factors)))


def _negative(term: Term) -> bool:
    return term[0] == "mul" and term[1].count(MINUS) % 2 == 1


def _negated(term: Term) -> Term:
    if _negative(term):
        factors = list(term[1])
        factors.remove(MINUS)
        return mul(*factors)
    return mul(MINUS, term)


def _neg_ord(term: Term, order: _Order) -> Term | None:
    """A sum that leads with a negative term has the minus sign taken out: y − x and
    −(x − y) become one form."""
    if not _leads_negative(term[1], order):
        return None
    return mul(MINUS, add(*(_negated(t) for t in term[1])))


def _leads_negative(terms: tuple[Term, ...], order: _Order) -> bool:
    """Whether a sum's leading term is negative: its first as written, or, in a sum whose
    order does not count, the first in the canonical order of the terms without their
    signs, where terms alike but for their sign weigh against each other (so exactly one
    of S and −S leads with a negative term, unless S = −S as in a − a)."""
    if not order.sums:
        return _negative(terms[0])
    balance: dict[Key, int] = {}
    for t in terms:
        negative = _negative(t)
        unsigned = order.key(_negated(t) if negative else t)
        balance[unsigned] = balance.get(unsigned, 0) + (-1 if negative else 1)
    return next((weight < 0 for _, weight in sorted(balance.items()) if weight), False)


def _neg_dist(term: Term, order: _Order) -> Term | None:
    """−(a + b) → −a − b: a product's minus sign taken into its last sum."""
    factors = list(term[1])
    sums = [i for i, factor in enumerate(factors) if factor[0] == "add"]
    if MINUS not in factors or not sums:
        return None
    last = sums[-1]
    factors[last] = add(*(_negated(t) for t in factors[last][1]))
    factors.remove(MINUS)
    return mul(*factors)


def _recip_mul(term: Term, order: _Order) -> Term | None:
    """x/a · y/b → (x·y)/(a·b): a product's denominators joined in one."""
    factors = term[1]
    below = [f[1][0] for f in factors if f[0] == "recip"]
    if len(below) < 2:
        return None
    first = next(i for i, f in enumerate(factors) if f[0] == "recip")
    kept = [f for i, f in enumerate(factors) if f[0] != "recip" or i == first]
    kept[kept.index(factors[first])] = recip(mul(*below))
    return mul(*kept)


def _div_div(term: Term, order: _Order) -> Term | None:
    """a/(b/c) → a·c/b: the denominators of a denominator brought up."""
    (inner,) = term[1]
    if inner[0] == "recip":
        return inner[1][0]
    if inner[0] != "mul" or all(f[0] != "recip" for f in inner[1]):
        return None
    raised = [f[1][0] for f in inner[1] if f[0] == "recip"]
    rest = [f for f in inner[1] if f[0] != "recip"]
    return mul(*raised, recip(mul(*rest))) if rest else mul(*raised)


def _div_cancel(term: Term, order: _Order) -> Term | None:
    """Factors both above and below a product's one denominator cancel."""
    factors = term[1]
    denominators = [f for f in factors if f[0] == "recip"]
    if len(denominators) != 1:
        return None
    (below,) = denominators[0][1]
    under = list(below[1]) if below[0] == "mul" else [below]
    above = [f for f in factors if f[0] != "recip"]
    common = [f for f in above if f in under]
    if not common:
        return None
    for factor in common:
        if factor in under:
            under.remove(factor)
            above.remove(factor)
    return mul(*above, recip(mul(*under))) if under else mul(*above)


def _signed_whole(term: Term) -> int | None:
    """The whole number ``term`` is as written: n, or −n written MINUS·n."""
    if term[0] == "int":
        return term[1]
    if term[0] == "mul" and len(term[1]) == 2 and term[1][0] == MINUS and term[1][1][0] == "int":
        return -term[1][1][1]
    return None


def _int_add(term: Term, order: _Order) -> Term | None:
    return _summed(term[1], _signed_whole)


def _summed(
    terms: tuple[Term, ...], value_of: Callable[[Term], int | Fraction | None]
) -> Term | None:
    """A sum with the terms that ``value_of`` reads as numbers added up in place of the
    first of them; None for fewer than two."""
    values = [(i, v) for i, v in enumerate(map(value_of, terms)) if v is not None]
    if len(values) < 2:
        return None
    kept = list(terms)
    kept[values[0][0]] = _fraction(sum((v for _, v in values), Fraction(0)))
    dropped = {i for i, _ in values[1:]}
    return add(*(t for i, t in enumerate(kept) if i not in dropped))


def _int_mul(term: Term, order: _Order) -> Term | None:
    """A product's whole numbers (and minus signs) multiplied, the result in front."""
    factors = term[1]
    numbers = [f[1] for f in factors if f[0] == "int"]
    if not numbers:
        return None
    value = math.prod(numbers) * (-1) ** factors.count(MINUS)
    rest = [f for f in factors if f[0] != "int" and f != MINUS]
    arranged = ((MINUS,) if value < 0 else ()) + (("int", abs(value)), *rest)
    return None if arranged == factors else mul(*arranged)


def _int_pow(term: Term, order: _Order) -> Term | None:
    base, exponent = term[1]
    if base[0] != "int" or exponent[0] != "int":
        return None
    if base[1] > 1 and exponent[1] * math.log10(base[1]) > math.log10(_LARGEST_POWER):
        return None
    return ("int", base[1] ** exponent[1])


def _int_fac(term: Term, order: _Order) -> Term | None:
    """A whole number as the product of its prime powers (18 → 2·3²)."""
    primes = _prime_factors(term[1])
    if len(primes) < 2:
        return None
    counted = {p: primes.count(p) for p in primes}
    return mul(
        *(
            ("int", p) if count == 1 else power(("int", p), ("int", count))
            for p, count in counted.items()
        )
    )


def _prime_factors(n: int) -> list[int]:
    if not 3 < n <= _LARGEST_FACTORED:
        return [n]
    found, p = [], 2
    while p * p <= n:
        while n % p == 0:
            found.append(p)
            n //= p
        p += 1
    return [*found, n] if n > 1 else found


def _sqrt_rem(term: Term, order: _Order) -> Term | None:
    return power(term[1][0], _HALF) if len(term[1]) == 1 else None


def _rat_low(term: Term, order: _Order) -> Term | None:
    """A fraction of whole numbers in lowest terms (2/4 → 1/2)."""
    factors = list(term[1])
    tops = [i for i, f in enumerate(factors) if f[0] == "int"]
    bottoms = [i for i, f in enumerate(factors) if f[0] == "recip" and f[1][0][0] == "int"]
    if len(tops) != 1 or len(bottoms) != 1:
        return None
    top, bottom = factors[tops[0]][1], factors[bottoms[0]][1][0][1]
    common = math.gcd(top, bottom)
    if common < 2:
        return None
    factors[tops[0]] = ("int", top // common)
    factors[bottoms[0]] = recip(("int", bottom // common))
    return mul(*(f for f in factors if f != recip(ONE)))


def _rational(term: Term) -> Fraction | None:
    """The rational number ``term`` is as written (n, 1/d, −n/d ...), else None (a lone
    minus sign, left of ``−1/1`` by oneMul and oneDiv, is not a number: STACK's reading;
    nor is 1/0, which intAdd may leave)."""
    factors = term[1] if term[0] == "mul" else (term,)
    written = all(
        f == MINUS or f[0] == "int" or (f[0] == "recip" and f[1][0][0] == "int") for f in factors
    )
    return _value(term) if written and term != MINUS else None


def _rat_add(term: Term, order: _Order) -> Term | None:
    """A sum's rational numbers added up (1/2 + 1/2 → 1)."""
    return _summed(term[1], _rational)


def _fraction(value: Fraction) -> Term:
    """A rational number as the rules write it: n, or [−]p·recip(q)."""
    if value.denominator == 1:
        return whole(value.numerator)
    sign = (MINUS,) if value < 0 else ()
    return mul(*sign, ("int", abs(value.numerator)), recip(("int", value.denominator)))


# STACK's name → (the tag of the nodes it rewrites, the rule)
_RULES: dict[str, tuple[str, Rule]] = {
    "zeroAdd": ("add", _zero_add),
    "zeroMul": ("mul", _zero_mul),
    "oneMul": ("mul", _one_mul),
    "oneDiv": ("mul", _one_div),
    "onePow": ("pow", _one_pow),
    "idPow": ("pow", _id_pow),
    "zeroPow": ("pow", _zero_pow),
    "zPow": ("pow", _z_pow),
    "negNeg": ("mul", _neg_neg),
    "negDiv": ("recip", _neg_div),
    "negOrd": ("add", _neg_ord),
    "negDist": ("mul", _neg_dist),
    "recipMul": ("mul", _recip_mul),
    "divDiv": ("recip", _div_div),
    "divCancel": ("mul", _div_cancel),
    "intAdd": ("add", _int_add),
    "intMul": ("mul", _int_mul),
    "intPow": ("pow", _int_pow),
    "intFac": ("int", _int_fac),
    "sqrtRem": ("call:sqrt", _sqrt_rem),
    "ratLow": ("mul", _rat_low),
    "ratAdd": ("add", _rat_add),
}
