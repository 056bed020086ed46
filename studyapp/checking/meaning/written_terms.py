"""An answer as written, as terms a rule can rewrite: what ``form_rules`` works on.

Nothing is worked out: the parser's tree becomes nested tuples ``(tag, parts)``, where a
minus sign is a factor ``MINUS`` of a product and a division a factor ``recip(d)``, as
STACK's rule-based tests represent them. So ``-x·-y`` is a product with two MINUS factors
(which commute to the front like any factor) and ``(a·b)/c`` is ``a·b·recip(c)``; a sum or
product inside another of its kind is flattened into it (associativity always holds). The
leaves are whole numbers (never negative: ``-3`` is ``MINUS·3``), decimals as typed,
names and constants.
"""

from __future__ import annotations

from collections.abc import Iterable

from studyapp.checking.reading import (
    Collection,
    Comparison,
    Formula,
    InvalidAnswer,
    Logic,
    Shape,
    Truth,
    read_structure,
    syntax_tree,
)
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

Term = tuple  # (tag, parts): parts is a tuple of terms, or a leaf's value (int or str)

MINUS: Term = ("minus", "")
ZERO: Term = ("int", 0)
ONE: Term = ("int", 1)
_E: Term = ("const", "E")


def add(*terms: Term) -> Term:
    """The sum of ``terms``, nested sums flattened into it (0 for none, a lone term as it is)."""
    return _joined("add", terms, ZERO)


def mul(*terms: Term) -> Term:
    """The product of ``terms``, nested products flattened into it (1 for none)."""
    return _joined("mul", terms, ONE)


def recip(term: Term) -> Term:
    return ("recip", (term,))


def power(base: Term, exponent: Term) -> Term:
    return ("pow", (base, exponent))


def whole(value: int) -> Term:
    """A whole number, a negative one as ``MINUS·n``."""
    return ("int", value) if value >= 0 else mul(MINUS, ("int", -value))


def is_leaf(term: Term) -> bool:
    return not isinstance(term[1], tuple)


def rebuilt(tag: str, parts: tuple[Term, ...]) -> Term:
    """A node of ``tag`` over ``parts`` (sums and products flattened)."""
    if tag == "add":
        return add(*parts)
    if tag == "mul":
        return mul(*parts)
    return (tag, parts)


def _joined(tag: str, terms: Iterable[Term], empty: Term) -> Term:
    flat: list[Term] = []
    for term in terms:
        flat.extend(term[1] if term[0] == tag else (term,))
    if not flat:
        return empty
    return flat[0] if len(flat) == 1 else (tag, tuple(flat))


def written_term(text: str) -> Term:
    """``text`` (a formula, an equation, a set, ``a = 1 or a = 2`` ...) as terms. Raises
    InvalidAnswer for what cannot be read, divides by a written 0, or has no rule-based
    reading (intervals, ±, matrices)."""
    term = _shape_term(read_structure(text))
    if _divides_by_zero(term):
        raise InvalidAnswer("division by zero")
    return term


def _shape_term(node: Shape) -> Term:
    if isinstance(node, Formula):
        return _term(syntax_tree(node.text))
    if isinstance(node, Comparison):
        return (f"rel:{node.op}", (_shape_term(node.lhs), _shape_term(node.rhs)))
    if isinstance(node, Logic):
        parts = tuple(_shape_term(part) for part in node.parts)
        if node.op == "not":
            return ("not", parts)
        return _joined(node.op, parts, ("truth", node.op == "and"))
    if isinstance(node, Collection) and node.kind in ("set", "list"):
        return (node.kind, tuple(_shape_term(item) for item in node.items))
    if isinstance(node, Truth):
        return ("truth", node.value)
    raise InvalidAnswer("this kind of answer cannot be compared rule by rule")


def _term(node: Node) -> Term:
    if isinstance(node, Num):
        return _number(node.text)
    if isinstance(node, Name):
        return ("const" if node.meaning.kind == "constant" else "name", node.meaning.name)
    if isinstance(node, Call):
        return _call(node.meaning.name, tuple(_term(arg) for arg in node.args))
    if isinstance(node, Unary) and node.op in "+-":
        operand = _term(node.operand)
        return mul(MINUS, operand) if node.op == "-" else operand
    if isinstance(node, Power):
        return power(_term(node.base), _term(node.exponent))
    if isinstance(node, Chain):
        return _chain(node)
    if isinstance(node, Group):
        items = tuple(_term(item) for item in node.items)
        if len(items) == 1 and node.bracket == "(":
            return items[0]
        return ("list", items)
    if isinstance(node, Abs | Factorial):
        return (f"call:{type(node).__name__.lower()}", (_term(node.operand),))
    if isinstance(node, Relation):
        return (f"rel:{node.op}", (_term(node.left), _term(node.right)))
    raise InvalidAnswer("this kind of answer cannot be compared rule by rule")


def _number(text: str) -> Term:
    if text.isdigit():
        return ("int", int(text))
    top, slash, bottom = text.partition("/")  # a vulgar fraction: ½
    if slash and top.isdigit() and bottom.isdigit():
        return mul(("int", int(top)), recip(("int", int(bottom))))
    return ("float", text)


def _call(name: str, args: tuple[Term, ...]) -> Term:
    if name == "exp" and len(args) == 1:
        return power(_E, args[0])  # exp(x) is e^x, as STACK has it
    if name == "ev" and args:
        return args[0]  # Maxima's ev(-3, simp): the number it stands for
    return (f"call:{name}", args)


def _chain(chain: Chain) -> Term:
    first = _term(chain.first)
    if chain.kind == "sum":
        terms = [first]
        for link in chain.links:
            operand = _term(link.operand)
            terms.append(mul(MINUS, operand) if link.op == "-" else operand)
        return add(*terms)
    factors = [first]
    for link in chain.links:
        operand = _term(link.operand)
        factors.append(recip(operand) if link.op == "/" else operand)
    return mul(*factors)


def _divides_by_zero(term: Term) -> bool:
    if is_leaf(term):
        return False
    if term[0] == "recip" and term[1][0] == ZERO:
        return True
    return any(_divides_by_zero(part) for part in term[1])
