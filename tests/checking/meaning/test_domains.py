"""Reading domains, building symbols with assumptions, drawing points inside them."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from studyapp.checking.meaning import (
    DomainError,
    VariableSpace,
    domains_from_variables,
    parse_bound,
    parse_domain,
    parse_named_domain,
    sample_points,
    space_from_mapping,
)
from studyapp.content.model import Variable


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open", "integer"),
    [
        ("(0, 1/2)", 0, sp.Rational(1, 2), True, True, False),
        ("[0, oo)", 0, sp.oo, False, True, False),
        ("real", -sp.oo, sp.oo, True, True, False),
        ("positive", 0, sp.oo, True, True, False),
        ("nonnegative", 0, sp.oo, False, True, False),
        ("integer >= 1", 1, sp.oo, False, True, True),
        ("integer [1, 200]", 1, 200, False, False, True),
        ("x > 0", 0, sp.oo, True, True, False),
        ("real (0, oo) sample [0.05, 2]", 0, sp.oo, True, True, False),
        ("positive integer", 0, sp.oo, True, True, True),
    ],
)
def test_domain_forms_are_read(text, low, high, low_open, high_open, integer):
    domain = parse_domain(text)
    assert (domain.low, domain.high) == (low, high)
    assert (domain.low_open, domain.high_open, domain.integer) == (low_open, high_open, integer)


def test_named_domain_gives_the_name():
    name, domain = parse_named_domain("e in (0, 1/2)")
    assert name == "e"
    assert domain.high == sp.Rational(1, 2)


def test_sample_range_is_kept():
    assert parse_domain("real (0, oo) sample [0.05, 2]").sample_range() == (0.05, 2.0)


@pytest.mark.parametrize(
    "text", ["", "(1, 0)", "[2, 2)", "banana", "(0, __import__)", "(0, 9**9**9)"]
)
def test_unreadable_domains_raise(text):
    with pytest.raises(DomainError):
        parse_domain(text)


def test_bounds_accept_only_numbers():
    assert parse_bound("-pi/2") == -sp.pi / 2
    with pytest.raises(DomainError):
        parse_bound("x + 1")


def test_symbols_carry_assumptions():
    space = space_from_mapping({"e": "(0, 1/2)", "n": "integer >= 1", "x": "real", "z": "[0, 1]"})
    symbols = space.symbols
    assert symbols["e"].is_positive
    assert symbols["n"].is_integer and symbols["n"].is_positive
    assert symbols["x"].is_real and symbols["x"].is_positive is None
    assert symbols["z"].is_nonnegative and symbols["z"].is_positive is None


def test_points_stay_inside_open_intervals():
    space = space_from_mapping({"e": "(0, 1/2)"})
    points = sample_points(space, 50, random.Random(3))
    assert len(points) == 50
    assert all(0 < p[space.symbols["e"]] < sp.Rational(1, 2) for p in points)


def test_integer_variables_are_drawn_as_integers():
    space = space_from_mapping({"n": "integer [1, 5]"})
    values = {p[space.symbols["n"]] for p in sample_points(space, 40, random.Random(1))}
    assert values <= {1, 2, 3, 4, 5}
    assert all(isinstance(v, sp.Integer) for v in values)


def test_variables_from_content_and_where_relation_restrict_points():
    variables = (
        Variable("g", low="-oo", high="oo", sample=("-3", "3")),
        Variable("h", low="0", high="5"),
    )
    space = domains_from_variables(variables, ["g <= h"])
    g, h = space.symbols["g"], space.symbols["h"]
    points = sample_points(space, 30, random.Random(2))
    assert points and all(p[g] <= p[h] for p in points)
    assert h.is_positive


def test_undeclared_names_default_to_real():
    space = VariableSpace().including(["x"])
    assert space.domain("x").low == -sp.oo
