"""Content math as MathML for the HTML report: self-contained, drawn by the browser, no
script and no network.

Written from the same TeX tree as the terminal's unicode text; a command outside the
display tables raises :class:`InvalidAnswer` (the report then shows the source).
"""

from __future__ import annotations

from html import escape

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.commands import (
    ACCENT_MARKS,
    BINOMIALS,
    BOLD,
    DELIMITER_GLYPHS,
    DISPLAY_SYMBOLS,
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
from studyapp.checking.reading.latex.unicode import LETTER_STYLES, styled_letters

_MINUS = {"-": "−", "*": "∗", "'": "′"}


def to_mathml(latex: str, display: bool = False) -> str:
    """A ``<math>`` element for a LaTeX formula. Raises InvalidAnswer for what it cannot show."""
    body = _row(read_tex(latex).items)
    mode = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{mode}>{body}</math>'


def _row(items: tuple[TexNode, ...]) -> str:
    parts: list[str] = []
    digits = ""
    for node in items:
        if isinstance(node, Char) and (node.char.isdigit() or (node.char == "." and digits)):
            digits += node.char  # 0.368 is one number
            continue
        if digits:
            parts.append(f"<mn>{digits}</mn>")
            digits = ""
        if not isinstance(node, Space):
            parts.append(_node(node))
    if digits:
        parts.append(f"<mn>{digits}</mn>")
    return parts[0] if len(parts) == 1 else f"<mrow>{''.join(parts)}</mrow>"


def _node(node: TexNode) -> str:
    if isinstance(node, Char):
        return _char(node.char)
    if isinstance(node, Group):
        return _row(node.items)
    if isinstance(node, Command):
        return _command(node)
    if isinstance(node, Scripts):
        return _scripts(node)
    if isinstance(node, Delimited):
        left, right = (DELIMITER_GLYPHS.get(d, d) for d in (node.left, node.right))
        fences = (f'<mo fence="true">{escape(d)}</mo>' if d else "" for d in (left, right))
        opening, closing = fences
        return f"<mrow>{opening}{_node(node.body)}{closing}</mrow>"
    if isinstance(node, Space):
        return ""
    raise TypeError(type(node).__name__)


def _char(char: str) -> str:
    if char.isdigit():
        return f"<mn>{char}</mn>"
    if char.isalpha():
        return f"<mi>{escape(char)}</mi>"
    return f"<mo>{escape(_MINUS.get(char, char))}</mo>"


def _command(node: Command) -> str:
    name = node.name
    if name in FRACTIONS:
        return f"<mfrac>{_node(node.args[0])}{_node(node.args[1])}</mfrac>"
    if name == "sqrt":
        if node.option is None:
            return f"<msqrt>{_node(node.args[0])}</msqrt>"
        return f"<mroot>{_node(node.args[0])}{_node(node.option)}</mroot>"
    if name in BINOMIALS:
        fraction = f'<mfrac linethickness="0">{_node(node.args[0])}{_node(node.args[1])}</mfrac>'
        return f"<mrow><mo>(</mo>{fraction}<mo>)</mo></mrow>"
    if name in UPRIGHT:
        if name.startswith("text") or name == "mbox":
            return f"<mtext>{escape(_source_text(node.args[0]))}</mtext>"
        return f'<mi mathvariant="normal">{escape(_source_text(node.args[0]))}</mi>'
    if name in LETTER_STYLES:
        letters = styled_letters(name, _source_text(node.args[0]))
        return f"<mi>{escape(letters)}</mi>"
    if name in BOLD:  # MathML Core draws mathvariant only as "normal": bold is a style
        return f'<mrow style="font-weight: bold">{_node(node.args[0])}</mrow>'
    if name in ACCENT_MARKS:
        under = name == "underline"
        tag = "munder" if under else "mover"
        mark = f"<mo>{escape(ACCENT_MARKS[name])}</mo>"
        accent = ' accentunder="true"' if under else ' accent="true"'
        return f"<{tag}{accent}>{_node(node.args[0])}{mark}</{tag}>"
    if name in DISPLAY_SYMBOLS:
        glyph, element = DISPLAY_SYMBOLS[name]
        return f"<{element}>{escape(glyph)}</{element}>"
    if name in OPERATOR_NAMES:
        return f"<mi>{name}</mi>"
    if name in SPACING:
        return '<mspace width="0.25em"/>' if name not in ("!",) else ""
    if name in SIZES:
        return ""
    raise InvalidAnswer(f"the LaTeX command `\\{name}` is not understood", node.start + 1)


def _source_text(node: TexNode) -> str:
    if isinstance(node, Group):
        return "".join(_source_text(item) for item in node.items)
    if isinstance(node, Char):
        return node.char
    if isinstance(node, Space):
        return " "
    if isinstance(node, Command) and node.name in DISPLAY_SYMBOLS:
        return DISPLAY_SYMBOLS[node.name][0]
    raise InvalidAnswer(
        f"`\\{getattr(node, 'name', '')}` cannot be shown inside text", node.start + 1
    )


def _scripts(node: Scripts) -> str:
    base = _node(node.base)
    sub = _node(node.sub) if node.sub is not None else None
    sup = _node(node.sup) if node.sup is not None else None
    if sub is not None and sup is not None:
        return f"<msubsup>{base}{sub}{sup}</msubsup>"
    if sub is not None:
        return f"<msub>{base}{sub}</msub>"
    return f"<msup>{base}{sup}</msup>"
