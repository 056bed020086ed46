"""A one-line unicode rendering of a syntax tree: how the answer was read.

Rendered from the tree, not from sympy, so the preview shows exactly the structure that
was parsed (``2x`` → ``2·x``, ``1/2x`` → ``(1/2)·x``) without reordering or simplifying,
and takes time linear in the input.
"""

from __future__ import annotations

import re

from studyapp.checking.reading.functions import FUNCTIONS
from studyapp.checking.reading.names import primed
from studyapp.checking.reading.tokenize import GREEK
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

RELATION, SUM, TERM, UNARY, POWER, POSTFIX, ATOM = range(7)

GLYPHS = {name: glyph for glyph, name in GREEK.items() if glyph not in "ϵϑµςϕ"}
GLYPHS |= {"lam": "λ", "eps": "ε", "varepsilon": "ε", "vartheta": "θ", "varphi": "φ"}
CONSTANT_GLYPHS = {"E": "e", "pi": "π", "oo": "∞", "-oo": "−∞", "I": "i", "GoldenRatio": "φ"}
RELATION_GLYPHS = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥", "!=": "≠"}
_INDEXED = re.compile(r"([A-Za-z]+?)([0-9]+|_[A-Za-z0-9_]*)")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def render(node: Node) -> str:
    return _render(node)[0]


def _wrap(node: Node, minimum: int) -> str:
    text, precedence = _render(node)
    return f"({text})" if precedence < minimum else text


def _render(node: Node) -> tuple[str, int]:
    if isinstance(node, Num):
        if node.glyph:
            return node.glyph, ATOM
        return node.text, (TERM if "/" in node.text else ATOM)
    if isinstance(node, Name):
        return _name(node), ATOM
    if isinstance(node, Call):
        return _call(node), ATOM
    if isinstance(node, Unary):
        return "−" + _wrap(node.operand, TERM), UNARY  # −b·x: the sign of a product is clear
    if isinstance(node, Chain):
        return _chain(node)
    if isinstance(node, Power):
        return _wrap(node.base, POSTFIX) + _exponent(node.exponent), POWER
    if isinstance(node, Abs):
        return f"|{render(node.operand)}|", ATOM
    if isinstance(node, Factorial):
        return _wrap(node.operand, ATOM) + "!", POSTFIX
    if isinstance(node, Group):
        if len(node.items) == 1:
            return _render(node.items[0])
        closer = {"[": "]", "{": "}"}.get(node.bracket, ")")
        return node.bracket + ", ".join(render(i) for i in node.items) + closer, ATOM
    if isinstance(node, Relation):
        return f"{render(node.left)} {RELATION_GLYPHS[node.op]} {render(node.right)}", RELATION
    raise TypeError(f"cannot render {type(node).__name__}")


def _name(node: Name) -> str:
    if node.meaning.kind == "constant":
        return CONSTANT_GLYPHS.get(node.meaning.name, node.meaning.name)
    name = node.meaning.name
    match = _INDEXED.fullmatch(name)
    if match and match.group(1) in GLYPHS:  # theta_1 → θ_1, mu0 → μ0
        return GLYPHS[match.group(1)] + match.group(2)
    return GLYPHS.get(name, name)


def _call(node: Call) -> str:
    name = node.meaning.name  # as typed: ln stays ln, arctan stays arctan
    base, primes = primed(name)
    if primes:  # a derivative: σ′(z)
        shown = "σ" if base == "sigmoid" and node.glyph == "σ" else base
        return f"{shown}{'′' * primes}({', '.join(render(a) for a in node.args)})"
    function = FUNCTIONS.get(name)
    canonical = function.name if function else name
    if canonical == "sqrt" and len(node.args) == 1:
        return "√" + _wrap(node.args[0], ATOM)
    if canonical == "Abs" and len(node.args) == 1:
        return f"|{render(node.args[0])}|"
    if canonical == "sigmoid" and node.glyph == "σ":
        name = "σ"
    return f"{name}({', '.join(render(a) for a in node.args)})"


def _chain(node: Chain) -> tuple[str, int]:
    if node.kind == "sum":
        text = _wrap(node.first, SUM)
        for link in node.links:
            term = _wrap(link.operand, TERM)
            if isinstance(link.operand, Unary):
                term = f"({term})"
            text += f" {'+' if link.op == '+' else '−'} {term}"
        return text, SUM
    text = _wrap(node.first, TERM)
    divided = False
    for link in node.links:
        if link.op == "*" and divided:
            text = f"({text})"  # 1/2x is (1/2)·x: say so instead of printing 1/2·x
        divided = divided or link.op == "/"
        operand = link.operand
        associative = link.op == "*" and isinstance(operand, Chain) and operand.kind == "product"
        if associative and all(inner.op == "*" for inner in operand.links):  # type: ignore[union-attr]
            text += "·" + _chain(operand)[0]  # type: ignore[arg-type]
            continue
        text += ("·" if link.op == "*" else "/") + _wrap(operand, POWER)
    return text, TERM


def _exponent(node: Node) -> str:
    if isinstance(node, Num) and node.text.isdigit() and not node.glyph:
        return node.text.translate(SUPERSCRIPT_DIGITS)
    if isinstance(node, Unary) and isinstance(node.operand, Num) and node.operand.text.isdigit():
        return "⁻" + node.operand.text.translate(SUPERSCRIPT_DIGITS)
    return "^" + _wrap(node, POSTFIX)
