"""A formula an author wrote that no reader can take (``log((1 - e)/e``), found when the
content is loaded, so the home screen lists it with the other content problems instead of
the exercise failing only when a learner answers it.

Content formulas are in Python's expression syntax (``**``, ``*``, ``log``), so Python's
own parser (``ast.parse``: it reads, never runs) tells a typo from a formula; whether the
names and functions are allowed is the checker's business (``studyapp check``).
"""

from __future__ import annotations

import ast
import re

# An equation's "=" (not <=, >=, ==, !=) read as a comparison, so "lhs = rhs" parses.
_EQUALS = re.compile(r"(?<![<>=!])=(?!=)")
# answer tests whose answers are words, not formulas
TEXT_TESTS = ("text", "sloppy-text", "pattern", "similar-text")


def formula_problem(text: str) -> str | None:
    """Why ``text`` cannot be read as a formula or an equation (None: it can)."""
    try:
        ast.parse(_EQUALS.sub("==", text), mode="eval")
    except SyntaxError as exc:
        return f"cannot read the formula `{text}`: {exc.msg}"
    except (ValueError, MemoryError, RecursionError):
        return f"cannot read the formula `{text}`"
    return None
