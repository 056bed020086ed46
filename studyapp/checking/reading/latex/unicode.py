"""Content math as unicode text for the terminal: ``\\frac{1}{2}`` → ½, ``\\sigma(\\beta x)``
→ σ(βx), ``x_t^2`` → xₜ², ``\\frac{1-e}{e}`` → (1 − e)/e.

Superscripts and subscripts use unicode's small characters where every character has one,
and ``^(…)`` / ``_(…)`` otherwise; fractions are written inline. A command outside the
display tables raises :class:`InvalidAnswer`, so content can be checked for math that
cannot be shown.
"""

from __future__ import annotations

import unicodedata

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.commands import (
    ACCENTS,
    BINOMIALS,
    BOLD,
    DELIMITER_GLYPHS,
    DISPLAY_SYMBOLS,
    DOUBLE_STRUCK,
    FRACTIONS,
    OPERATOR_NAMES,
    SIZES,
    SPACING,
    UPRIGHT,
)
from studyapp.checking.reading.latex.tex import (
    Char,
    Command,
    Delimited,
    Group,
    Scripts,
    Space,
    TexNode,
    read_tex,
)
from studyapp.checking.reading.tokenize import SUBSCRIPTS, SUPERSCRIPTS, VULGAR_FRACTIONS

_TO_SUPERSCRIPT = {plain: small for small, plain in SUPERSCRIPTS.items()} | {
    "=": "⁼", "(": "⁽", ")": "⁾", "−": "⁻", "′": "′", "∗": "*", "*": "*", "⊤": "ᵀ",
}  # fmt: skip
_TO_SUBSCRIPT = {plain: small for small, plain in SUBSCRIPTS.items()} | {
    "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "u": "ᵤ", "v": "ᵥ",
}  # fmt: skip
_VULGAR = {text: glyph for glyph, text in VULGAR_FRACTIONS.items()}
_BINARY = {"+": "+", "-": "−", "=": "=", "<": "<", ">": ">"}
_SPACED_COMMANDS = frozenset(
    {"le", "leq", "leqslant", "ge", "geq", "geqslant", "ne", "neq", "lt", "gt", "approx",
     "sim", "simeq", "cong", "equiv", "propto", "in", "notin", "subset", "subseteq", "to",
     "rightarrow", "leftarrow", "gets", "Rightarrow", "Leftarrow", "implies", "iff",
     "Leftrightarrow", "leftrightarrow", "mapsto", "pm", "mp", "times", "ll", "gg", "cup",
     "cap", "setminus", "land", "lor", "wedge", "vee"}
)  # fmt: skip
_OPENERS = frozenset("([{⟨|‖⌊⌈")
LETTER_STYLES = frozenset({"mathbb", "mathcal", "mathscr", "mathfrak"})


def to_unicode(latex: str) -> str:
    """One line of unicode for a LaTeX formula. Raises InvalidAnswer for what it cannot show."""
    text = " ".join(_items(read_tex(latex).items).split())
    return unicodedata.normalize("NFC", text)  # y + combining hat → ŷ where unicode has it


def _items(items: tuple[TexNode, ...]) -> str:
    out = ""
    shown = [node for node in items if not isinstance(node, Space)]  # TeX spaces math itself
    for index, node in enumerate(shown):
        piece = _node(node)
        if _is_fraction(node) and "/" in piece:
            after = shown[index + 1] if index + 1 < len(shown) else None
            if not _ends_term(out) or not (after is None or _starts_term(after)):
                piece = f"({piece})"  # ln((1 − e)/e), (a/b)x: an inline fraction is grouped
        if isinstance(node, Char) and node.char == ",":
            piece = ", "
        elif isinstance(node, Char) and node.char in _BINARY:
            unary = not out.strip() or out.rstrip()[-1] in "([{=<>+−,⟨≤≥≠→"
            piece = piece if unary else f" {piece} "
        elif isinstance(node, Command) and node.name in _SPACED_COMMANDS:
            piece = f" {piece} "
        elif isinstance(node, Command) and node.name in OPERATOR_NAMES and not _ends_term(out):
            piece = " " + piece  # ½ ln x
        elif piece[:1].isalnum() and out[-1:].isalpha() and _ends_with_name(out):
            piece = " " + piece  # sin x, not sinx
        out += piece
    return out


def _is_fraction(node: TexNode) -> bool:
    return isinstance(node, Command) and node.name in FRACTIONS


def _ends_term(text: str) -> bool:
    """Nothing before, or an operator or opening bracket: a fraction may follow bare."""
    stripped = text.rstrip()
    return not stripped or stripped[-1] in "([{⟨=<>+−,≤≥≠→∈" or text.endswith(" ")


def _starts_term(node: TexNode) -> bool:
    if isinstance(node, Char):
        return node.char in "+-=<>,)]"
    return isinstance(node, Command) and node.name in _SPACED_COMMANDS


def _ends_with_name(text: str) -> bool:
    word = text.split(" ")[-1]
    return any(word.endswith(name) for name in OPERATOR_NAMES) and len(word) > 1


def _node(node: TexNode) -> str:
    if isinstance(node, Char):
        return {"-": "−", "'": "′", "*": "∗"}.get(node.char, node.char)
    if isinstance(node, Space):
        return " "
    if isinstance(node, Group):
        return _items(node.items)
    if isinstance(node, Command):
        return _command(node)
    if isinstance(node, Scripts):
        return _scripts(node)
    if isinstance(node, Delimited):
        left, right = (DELIMITER_GLYPHS.get(d, d) for d in (node.left, node.right))
        return f"{left}{_node(node.body)}{right}"
    raise TypeError(type(node).__name__)


def _command(node: Command) -> str:
    name = node.name
    if name in FRACTIONS:
        return _fraction(node.args[0], node.args[1])
    if name == "sqrt":
        radicand = _grouped(node.args[0])
        if node.option is None:
            return "√" + radicand
        index = _node(node.option).strip()
        sign = {"3": "∛", "4": "∜"}.get(index) or _small(index, _TO_SUPERSCRIPT) + "√"
        return sign + radicand
    if name in BINOMIALS:
        return f"binom({_node(node.args[0])}, {_node(node.args[1])})"
    if name in UPRIGHT or name in BOLD:
        inner = node.args[0]
        if name.startswith("text") or name == "mbox":
            return _plain_text(inner)
        return _node(inner)
    if name in LETTER_STYLES:
        return styled_letters(name, _node(node.args[0]))
    if name in ACCENTS:
        return _node(node.args[0]) + ACCENTS[name]
    if name in DISPLAY_SYMBOLS:
        return DISPLAY_SYMBOLS[name][0]
    if name in OPERATOR_NAMES:
        return name
    if name in SPACING:
        return " "
    if name in SIZES:
        return ""
    raise InvalidAnswer(f"the LaTeX command `\\{name}` is not understood", node.start + 1)


def _plain_text(node: TexNode) -> str:
    """``\\text{if } x > 0``: the words as written, spaces kept."""
    if isinstance(node, Group):
        return "".join(_plain_text(item) for item in node.items)
    return " " if isinstance(node, Space) else _node(node)


def styled_letters(style: str, text: str) -> str:
    """``\\mathbb{E}`` → 𝔼, ``\\mathcal{L}`` → 𝓛: capitals in unicode's math alphabets."""
    return "".join(_letter(style, char) for char in text)


def _letter(style: str, char: str) -> str:
    if not ("A" <= char <= "Z"):
        return char
    if style == "mathbb":
        return DOUBLE_STRUCK.get(char) or chr(0x1D538 + ord(char) - ord("A"))
    if style == "mathfrak":
        return chr(0x1D56C + ord(char) - ord("A"))  # bold fraktur: no holes in the block
    return chr(0x1D4D0 + ord(char) - ord("A"))  # bold script, for \mathcal and \mathscr


def _fraction(numerator: TexNode, denominator: TexNode) -> str:
    top, bottom = _node(numerator).strip(), _node(denominator).strip()
    if f"{top}/{bottom}" in _VULGAR:
        return _VULGAR[f"{top}/{bottom}"]
    return f"{_wrap(top)}/{_wrap(bottom)}"


def _grouped(node: TexNode) -> str:
    return _wrap(_node(node).strip())


def _wrap(text: str) -> str:
    """Parentheses unless ``text`` is one number, name or bracketed whole."""
    if _is_simple(text):
        return text
    return f"({text})"


def _is_simple(text: str) -> bool:
    if not any(c in text for c in " +−/=<>,·×([{"):
        return True  # √dₖ, but √(β(t)): a call under the sign would read as (√β)(t)
    return text[:1] in _OPENERS and _closes_at_end(text)


def _closes_at_end(text: str) -> bool:
    depth = 0
    for index, char in enumerate(text):
        depth += char in "([{⟨"
        depth -= char in ")]}⟩"
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


def _scripts(node: Scripts) -> str:
    out = _node(node.base)
    if node.sub is not None:
        out += _script(_node(node.sub).strip(), _TO_SUBSCRIPT, "_")
    if node.sup is not None:
        out += _script(_node(node.sup).strip(), _TO_SUPERSCRIPT, "^")
    big = isinstance(node.base, Command) and node.base.name in ("sum", "prod", "int", "oint")
    return out + " " if big else out  # ∑ᵢ₌₁ⁿ xᵢ


def _script(text: str, small: dict[str, str], mark: str) -> str:
    squeezed = text.replace(" ", "")
    if squeezed and all(char in small for char in squeezed):
        return _small(squeezed, small)
    return mark + _wrap(text)


def _small(text: str, small: dict[str, str]) -> str:
    return "".join(small.get(char, char) for char in text)
