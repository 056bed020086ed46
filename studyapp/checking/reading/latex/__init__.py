"""LaTeX, read safely: answers typed in LaTeX, and ``$…$`` math in content shown readably.

One lexer and grammar (:mod:`.tex`) reads a formula into a TeX tree — nothing is ever
expanded or executed — and three writers walk that tree: :mod:`.plain` spells an answer in
the plain answer syntax for the one answer reader (same tree, same allow-list, same
limits), :mod:`.unicode` writes content math as unicode text for the terminal, and
:mod:`.mathml` as MathML for the HTML report. :mod:`.content` finds ``$…$`` and ``$$…$$``
in content text. None of it imports sympy or textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.checking.lazy import exports

if TYPE_CHECKING:
    from studyapp.checking.reading.latex.content import (
        content_math_problems,
        math_html,
        math_problems,
        math_text,
    )
    from studyapp.checking.reading.latex.mathml import to_mathml
    from studyapp.checking.reading.latex.plain import PlainText, as_plain, is_latex, latex_to_plain
    from studyapp.checking.reading.latex.unicode import to_unicode

_HOMES = {
    "plain": ["PlainText", "as_plain", "is_latex", "latex_to_plain"],
    "unicode": ["to_unicode"],
    "mathml": ["to_mathml"],
    "content": ["content_math_problems", "math_html", "math_problems", "math_text"],
}
__all__ = [
    "PlainText",
    "as_plain",
    "content_math_problems",
    "is_latex",
    "latex_to_plain",
    "math_html",
    "math_problems",
    "math_text",
    "to_mathml",
    "to_unicode",
]
__getattr__ = exports(__name__, _HOMES)
