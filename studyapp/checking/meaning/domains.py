"""Variable domains: what values a declared variable may take, and random points in them.

A domain is read from the short forms authors and scripts write (``(0, 1/2)``,
``[0, oo)``, ``real``, ``positive``, ``integer >= 1``, ``integer [1, 200]``,
``e in (0, 1/2)``, ``real (0, oo) sample [0.05, 2]``) or from a content ``Variable``.
Each domain makes a sympy Symbol with matching assumptions (so simplification may use
them) and draws exact random points inside itself (so numeric checks never leave it).
"""

from __future__ import annotations

import ast
import itertools
import math
import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from studyapp.content.model import Variable

# Finite stand-ins when a domain is unbounded and declares no sample range.
_UNBOUNDED_SPAN = 10.0
_INTEGER_SPAN = 20


class DomainError(ValueError):
    """A domain or ``where`` relation that cannot be read."""


@dataclass(frozen=True)
class Domain:
    """An interval of the real line, optionally restricted to integers."""

    integer: bool = False
    low: sp.Expr = -sp.oo
    high: sp.Expr = sp.oo
    low_open: bool = True
    high_open: bool = True
    sample: tuple[float, float] | None = None

    def assumptions(self) -> dict[str, bool]:
        found: dict[str, bool] = {"real": True}
        if self.integer:
            found["integer"] = True
        if self.low.is_finite and self.low >= 0:
            found["positive" if (self.low > 0 or self.low_open) else "nonnegative"] = True
        if self.high.is_finite and self.high <= 0:
            found["negative" if (self.high < 0 or self.high_open) else "nonpositive"] = True
        return found

    def symbol(self, name: str) -> sp.Symbol:
        return sp.Symbol(name, **self.assumptions())

    def contains(self, value: float) -> bool:
        """Whether a real number (float or mpmath, however large) lies in the domain."""
        low, high = float(self.low), float(self.high)
        above = value > low if self.low_open else value >= low
        below = value < high if self.high_open else value <= high
        return above and below and (not self.integer or int(value) == value)

    def sample_range(self) -> tuple[float, float]:
        """A finite range inside the domain to draw random points from."""
        if self.sample is not None:
            return self.sample
        low, high = float(self.low), float(self.high)
        span = _INTEGER_SPAN if self.integer else _UNBOUNDED_SPAN
        if math.isinf(low) and math.isinf(high):
            return (-span, span)
        if math.isinf(high):
            return (low, low + span)
        if math.isinf(low):
            return (high - span, high)
        return (low, high)

    def draw(self, rng: random.Random) -> sp.Rational:
        """A random exact number inside the domain (never on an open end)."""
        low, high = self.sample_range()
        if self.integer:
            first, last = math.ceil(low), math.floor(high)
            if self.low_open and first == float(self.low):
                first += 1
            if self.high_open and last == float(self.high):
                last -= 1
            if first > last:
                raise DomainError("the domain contains no integer")
            return sp.Integer(rng.randint(first, last))
        # Avoid the ends: an open end may be a pole (log(e) at e = 0).
        x = low + (high - low) * rng.uniform(0.02, 0.98)
        return sp.Rational(round(x * 10**6), 10**6)

    def describe(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        interval = f"{left}{sp.sstr(self.low)}, {sp.sstr(self.high)}{right}"
        return f"integer {interval}" if self.integer else interval


REAL = Domain()


@dataclass(frozen=True)
class VariableSpace:
    """The declared variables of one question: symbols, domains and ``where`` relations."""

    domains: Mapping[str, Domain] = field(default_factory=dict)
    conditions: tuple[sp.Basic, ...] = ()  # sympy relationals over the symbols

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        return {name: domain.symbol(name) for name, domain in self.domains.items()}

    def domain(self, name: str) -> Domain:
        return self.domains.get(name, REAL)

    def including(self, names: Iterable[str]) -> VariableSpace:
        """This space plus real, unbounded domains for any undeclared names."""
        missing = {n: REAL for n in names if n not in self.domains}
        if not missing:
            return self
        return VariableSpace({**self.domains, **missing}, self.conditions)

    def with_conditions(self, conditions: Iterable[sp.Basic]) -> VariableSpace:
        return VariableSpace(self.domains, (*self.conditions, *conditions))

    def adopt(self, expr: sp.Basic) -> sp.Basic:
        """Rebuild ``expr`` over this space's symbols (same names, our assumptions)."""
        symbols = self.including(s.name for s in expr.free_symbols).symbols
        mapping = {s: symbols[s.name] for s in expr.free_symbols if symbols[s.name] != s}
        return expr.xreplace(mapping) if mapping else expr


def sample_points(
    space: VariableSpace,
    count: int,
    rng: random.Random,
    names: Iterable[str] | None = None,
    max_tries: int | None = None,
) -> list[dict[sp.Symbol, sp.Rational]]:
    """Up to ``count`` random exact points inside the domains that satisfy ``where``.

    Only the named variables are drawn (default: all declared ones); conditions that
    mention other variables are ignored. Fewer points come back when the conditions are
    hard to satisfy.
    """
    points = iter_points(space, rng, names, max_tries or count * 30)
    return list(itertools.islice(points, count))


def iter_points(
    space: VariableSpace,
    rng: random.Random,
    names: Iterable[str] | None = None,
    max_tries: int = 300,
) -> Iterator[dict[sp.Symbol, sp.Rational]]:
    """Random points drawn lazily (a caller that needs few valid ones stops early)."""
    wanted = sorted(set(names) if names is not None else set(space.domains))
    full = space.including(wanted)
    symbols = full.symbols
    chosen = [(symbols[n], full.domain(n)) for n in wanted]
    relevant = [c for c in full.conditions if {s.name for s in c.free_symbols} <= set(wanted)]
    checks = [_condition_check(full.adopt(c)) for c in relevant]
    for _ in range(max_tries):
        point = {symbol: domain.draw(rng) for symbol, domain in chosen}
        if all(check(point) for check in checks):
            yield point


def _condition_check(relation: sp.Basic) -> Callable[[Mapping[sp.Symbol, sp.Expr]], bool]:
    from studyapp.checking.meaning.evaluation import (
        Undefined,
        as_real,
        compile_expr,
        point_env,
        run,
    )

    if relation in (sp.true, sp.false):
        return lambda point: bool(relation)
    lhs, rhs = compile_expr(relation.lhs), compile_expr(relation.rhs)
    compare = {
        sp.StrictLessThan: lambda a, b: a < b,
        sp.LessThan: lambda a, b: a <= b,
        sp.StrictGreaterThan: lambda a, b: a > b,
        sp.GreaterThan: lambda a, b: a >= b,
        sp.Unequality: lambda a, b: a != b,
        sp.Equality: lambda a, b: a == b,
    }[type(relation)]

    def holds(point: Mapping[sp.Symbol, sp.Expr]) -> bool:
        env = point_env(point)
        try:
            a, b = as_real(run(lhs, env)), as_real(run(rhs, env))
        except Undefined:
            return False
        return a is not None and b is not None and bool(compare(a, b))

    return holds


# --------------------------------------------------------------------------- reading


_NAMED = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:in|∈)\s+(.*)$", re.DOTALL)
_SAMPLE = re.compile(r"\s+sample\s*\[\s*([^,\]]+?)\s*,\s*([^\]]+?)\s*\]\s*$")
_INTERVAL = re.compile(r"^([(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([)\]])$")
_WORDS = {
    "real": {},
    "reals": {},
    "integer": {"integer": True},
    "integers": {"integer": True},
    "int": {"integer": True},
    "positive": {"low": 0},
    "nonnegative": {"low": 0, "low_open": False},
    "non-negative": {"low": 0, "low_open": False},
    "negative": {"high": 0},
    "nonpositive": {"high": 0, "high_open": False},
    "non-positive": {"high": 0, "high_open": False},
    "natural": {"integer": True, "low": 1, "low_open": False},
}


def parse_named_domain(text: str) -> tuple[str | None, Domain]:
    """``e in (0, 1/2)`` → ("e", domain); a bare domain gives (None, domain)."""
    match = _NAMED.match(text)
    if match:
        return match.group(1), parse_domain(match.group(2))
    return None, parse_domain(text)


def parse_domain(text: str) -> Domain:
    """Read a domain such as ``(0, 1/2)``, ``positive``, ``integer >= 1``.

    Words combine (``positive integer``), an interval or a comparison (``> 0``,
    ``x >= 1``) narrows them, ``sample [a, b]`` gives the random-point range.
    """
    if not isinstance(text, str) or not text.strip():
        raise DomainError("empty domain")
    if len(text) > 200:
        raise DomainError("domain text is too long")
    rest = text.strip()
    named = _NAMED.match(rest)
    if named:
        rest = named.group(2).strip()
    sample = None
    sample_match = _SAMPLE.search(rest)
    if sample_match:
        sample = (
            float(parse_bound(sample_match.group(1))),
            float(parse_bound(sample_match.group(2))),
        )
        if not (math.isfinite(sample[0]) and math.isfinite(sample[1])) or sample[0] > sample[1]:
            raise DomainError(f"bad sample range in {text!r}")
        rest = rest[: sample_match.start()].strip()
    spec: dict[str, object] = {}
    words = rest.split()
    while words and words[0].lower() in _WORDS:
        _merge(spec, _WORDS[words.pop(0).lower()])
    rest = " ".join(words)
    if rest:
        _merge(spec, _read_constraint(rest, text))
    domain = Domain(
        integer=bool(spec.get("integer", False)),
        low=sp.sympify(spec.get("low", -sp.oo)),
        high=sp.sympify(spec.get("high", sp.oo)),
        low_open=bool(spec.get("low_open", True)),
        high_open=bool(spec.get("high_open", True)),
        sample=sample,
    )
    if domain.low > domain.high or (
        domain.low == domain.high and (domain.low_open or domain.high_open)
    ):
        raise DomainError(f"empty domain {text!r}")
    return domain


def _merge(spec: dict[str, object], extra: Mapping[str, object]) -> None:
    """Intersect ``spec`` with ``extra``: the tighter bound on each side wins."""
    if extra.get("integer"):
        spec["integer"] = True
    for end, tighter in (("low", lambda new, old: new > old), ("high", lambda new, old: new < old)):
        if end not in extra:
            continue
        new_value, new_open = sp.sympify(extra[end]), bool(extra.get(f"{end}_open", True))
        if end not in spec:
            spec[end], spec[f"{end}_open"] = new_value, new_open
            continue
        old_value = sp.sympify(spec[end])
        if tighter(new_value, old_value) or (new_value == old_value and new_open):
            spec[end], spec[f"{end}_open"] = new_value, new_open


def _read_constraint(rest: str, text: str) -> dict[str, object]:
    interval = _INTERVAL.match(rest)
    if interval:
        left, low, high, right = interval.groups()
        return {
            "low": parse_bound(low),
            "high": parse_bound(high),
            "low_open": left == "(",
            "high_open": right == ")",
        }
    comparison = re.match(r"^(?:[A-Za-z_]\w*\s*)?(<=|>=|≤|≥|<|>)\s*(.+)$", rest)
    if comparison:
        op = {"≤": "<=", "≥": ">="}.get(comparison.group(1), comparison.group(1))
        bound = parse_bound(comparison.group(2))
        if op.startswith(">"):
            return {"low": bound, "low_open": op == ">"}
        return {"high": bound, "high_open": op == "<"}
    raise DomainError(
        f"cannot read domain {text!r} (want e.g. '(0, 1/2)', 'positive', 'integer >= 1')"
    )


def parse_bound(text: str) -> sp.Expr:
    """A numeric bound: integers, decimals, fractions, ``pi``, ``oo``; nothing else."""
    text = text.strip().replace("∞", "oo").replace("−", "-")
    if len(text) > 60:
        raise DomainError(f"bound {text!r} is too long")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise DomainError(f"cannot read bound {text!r}") from exc
    value = _bound_value(tree.body, text)
    if not (value.is_extended_real and (value.is_finite or value in (sp.oo, -sp.oo))):
        raise DomainError(f"bound {text!r} is not a real number")
    return value


_CONSTANTS = {"oo": sp.oo, "inf": sp.oo, "infinity": sp.oo, "pi": sp.pi, "E": sp.E}
_OPERATORS: dict[type, Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def _bound_value(node: ast.AST, text: str) -> sp.Expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool) or abs(node.value) > 1e300:
            raise DomainError(f"bound {text!r} is out of range")
        return (
            sp.Rational(repr(node.value))
            if isinstance(node.value, float)
            else sp.Integer(node.value)
        )
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _bound_value(node.operand, text)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](
            _bound_value(node.left, text), _bound_value(node.right, text)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, exponent = _bound_value(node.left, text), _bound_value(node.right, text)
        if abs(base) > 10**6 or abs(exponent) > 300:
            raise DomainError(f"bound {text!r} is out of range")
        return base**exponent
    raise DomainError(f"cannot read bound {text!r} (numbers, fractions, pi and oo only)")


def domain_from_variable(variable: Variable) -> Domain:
    """The domain a content ``var:`` line declares."""
    sample = None
    if variable.sample is not None:
        sample = (float(parse_bound(variable.sample[0])), float(parse_bound(variable.sample[1])))
    return Domain(
        integer=variable.kind == "integer",
        low=parse_bound(variable.low),
        high=parse_bound(variable.high),
        low_open=variable.low_open,
        high_open=variable.high_open,
        sample=sample,
    )


def domains_from_variables(
    variables: Sequence[Variable],
    where: Sequence[str] = (),
    parse_relation: Callable[[str, VariableSpace], sp.Basic] | None = None,
) -> VariableSpace:
    """The space of an exercise or derivation: its ``var:`` lines and ``where:`` relations."""
    space = VariableSpace({v.name: domain_from_variable(v) for v in variables})
    if not where:
        return space
    reader = parse_relation or read_relation
    return space.with_conditions(reader(text, space) for text in where)


def space_from_mapping(where: Mapping[str, str] | None) -> VariableSpace:
    """The space a ``grade --batch`` line declares: ``{"e": "(0, 1/2)", "n": "integer >= 1"}``."""
    if not where:
        return VariableSpace()
    if not isinstance(where, Mapping):
        raise DomainError("'where' must map variable names to domains")
    domains: dict[str, Domain] = {}
    for name, text in where.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z]\w{0,30}", name):
            raise DomainError(f"bad variable name {name!r} in 'where'")
        if not isinstance(text, str):
            raise DomainError(f"domain of {name!r} must be a string such as '(0, 1)'")
        domains[name] = parse_domain(text)
    return VariableSpace(domains)


def read_relation(text: str, space: VariableSpace) -> sp.Basic:
    """A ``where:`` relation such as ``g <= h``, read by the safe parser."""
    from studyapp.checking.reading import InvalidAnswer, parse_answer

    try:
        parsed = parse_answer(text, names=list(space.domains), allow_relations=True)
    except InvalidAnswer as exc:
        raise DomainError(f"cannot read relation {text!r}: {exc}") from exc
    if parsed.kind == "expression":
        raise DomainError(f"cannot read relation {text!r} (want e.g. 'g <= h')")
    return space.adopt(parsed.value)
