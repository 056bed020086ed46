"""Garbled answers as hypothesis strategies: token soup and near-valid formulas.

What a learner's keyboard, a paste from a PDF or a cat on the keys produces: operators,
function names, unicode, LaTeX commands, huge numbers, deep nesting, NUL and zero-width
characters, and correct-looking formulas with a character dropped, doubled or swapped.
Used by ``test_garbled_answers.py`` and ``bench/fuzz.py``.
"""

from __future__ import annotations

from hypothesis import strategies as st

OPERATORS = [
    "+", "-", "*", "/", "^", "**", "=", "<", ">", "<=", ">=", "!=", "!", "|", ",", ";",
    ":", "%", "'", ".", "_", "&", "~", "->", "±", "−", "·", "×", "÷", "√", "∞", "²",
    "⁻¹", "½", "≤", "≥", "≠", "∑", "∫", "∂", "∈", "∪", "+/-", " ", "  ",
]
FUNCTIONS = [
    "sin", "cos", "log", "ln", "exp", "sqrt", "sigmoid", "tanh", "atanh", "Abs", "abs",
    "max", "min", "Sum", "diff", "Integral", "integrate", "factorial", "binomial", "det",
    "Matrix", "floor", "ceil", "gamma", "erf", "softmax", "limit", "log_2", "log10",
    "E", "pi", "oo", "I", "i", "nan", "zoo", "inf", "d/dx", "and", "or", "not", "in",
    "true", "false", "__import__", "eval", "lambda", "os.system",
]
LATEX = [
    "\\frac{", "\\sqrt{", "\\cdot", "\\left(", "\\right)", "\\sum_{", "\\int", "\\alpha",
    "\\beta", "\\pi", "\\infty", "\\le", "\\ge", "\\log", "\\exp", "\\mathrm{", "\\text{",
    "\\,", "^{", "_{", "}", "{", "\\\\", "\\begin{pmatrix}", "\\end{pmatrix}", "&",
    "\\hat", "\\partial", "\\lim_{x\\to 0}", "$", "$$",
]
NUMBERS = [
    "0", "1", "2", "0.5", "1e308", "1e-400", "9" * 40, "10**100", "1e99999", "2**2**2**2",
    "0x1F", "1_000", "1,000", "3.", ".5", "1/0", "0^0", "-0", "١٢", "𝟙", "Ⅻ", "½",
    "1e5", "99999999999^99999999999", "0.000", "2.50e-2",
]
NAMES = [
    "x", "y", "e", "n", "a", "b", "p", "q", "t", "alpha", "beta", "lam", "σ", "α", "ε",
    "θ", "μ", "X", "L", "w", "ŷ", "x_1", "x1", "A",
]
UNITS = ["m", "kg", "s", "MB", "GB", "%", "FLOP", "params", "nats", "bits", "ms"]
INVISIBLE = [
    "\0", "\u200b", "\u200d", "\ufeff", "\u202e", "\t", "\n", "\r", "\x7f", "\u00a0",
    "\uffff", "🙂", "\u0301", "ﬁ", "⁄", "∕", "ˆ", "＾", "（", "）",
]
BRACKETS = ["(", ")", "[", "]", "{", "}", "|"]
TOKENS = OPERATORS + FUNCTIONS + LATEX + NUMBERS + NAMES + UNITS + INVISIBLE + BRACKETS

# Templates joining two smaller formulas the ways learners (and bad pastes) do.
_JOINS = [
    "{a}{op}{b}", "{f}({a})", "{f}({a}, {b})", "({a})^({b})", "{a}^{b}^{a}",
    "\\frac{{{a}}}{{{b}}}", "\\sqrt{{{a}}}{b}", "{a}_{{{b}}}", "|{a}|{b}", "[{a}, {b}]",
    "{{{a}, {b}}}", "({a}, {b}]", "{a} = {b}", "{a} <= {b}", "{a} and {b}", "{a} or {b}",
    "Matrix([[{a}, {b}]])", "[[{a}], [{b}]]", "{a}!{b}", "d/d{a} {b}",
    "Sum({a}, (i, 1, {b}))", "integrate({a}, {b})", "{a} {u}", "{a} ± {b}",
    "{a}\u200b{b}", "{a}\0{b}", "-({a})", "{a}{b}",
]

token_soup = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join)


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    """Brackets nested far beyond any real answer, balanced or not."""
    depth = draw(st.integers(5, 400))
    inner = draw(token_soup)
    opener, closer = draw(st.sampled_from([("(", ")"), ("[", "]"), ("{", "}"), ("|", "|")]))
    return opener * depth + inner + closer * draw(st.integers(0, depth))


def _join(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda template, a, b, op, f, u: template.format(a=a, b=b, op=op, f=f, u=u),
        st.sampled_from(_JOINS),
        parts,
        parts,
        st.sampled_from(OPERATORS),
        st.sampled_from(FUNCTIONS),
        st.sampled_from(UNITS),
    )


formula_trees = st.recursive(
    st.sampled_from(NAMES + NUMBERS + ["pi", "oo", "E", "I"]), _join, max_leaves=12
)


@st.composite
def near_valid(draw: st.DrawFn, formulas: st.SearchStrategy[str]) -> str:
    """A formula with a few characters dropped, inserted, doubled or swapped."""
    chars = list(draw(formulas))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(chars)))
        edit = draw(st.sampled_from(["drop", "insert", "double", "swap"]))
        if edit == "insert" or not chars:
            chars.insert(at, draw(st.sampled_from(TOKENS)))
            continue
        at = min(at, len(chars) - 1)
        if edit == "drop":
            del chars[at]
        elif edit == "double":
            chars.insert(at, chars[at])
        else:
            other = draw(st.integers(0, len(chars) - 1))
            chars[at], chars[other] = chars[other], chars[at]
    return "".join(chars)


def garbled_answers(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Every kind of garbled answer; ``valid`` supplies the formulas to damage."""
    return st.one_of(
        token_soup, deep_nesting(), formula_trees, near_valid(valid), near_valid(formula_trees)
    )


# Expected answers of every kind the checker grades, with their domains and answer tests.
EXPECTED: list[tuple[str, dict[str, str] | None, str | None]] = [
    ("x^2", None, None),
    ("(1/2)*log((1-e)/e)", {"e": "(0, 1/2)"}, None),
    ("n*(n+1)/2", {"n": "integer >= 1"}, None),
    ("sigmoid(x)*(1-sigmoid(x))", None, None),
    ("exp(-x^2)", None, None),
    ("sqrt(2)/2", None, None),
    ("0.25", None, None),
    ("x = 3 or x = -3", None, None),
    ("x + y = 1", None, None),
    ("x > 2", None, None),
    ("A and B", None, None),
    ("{1, 2}", None, None),
    ("[0, 1)", None, None),
    ("[1, 2, 3]", None, None),
    ("Matrix([[1, 2], [3, 4]])", None, None),
    ("10 MB", None, None),
    ("true", None, None),
    ("0.0250", None, "sigfigs 3"),
    ("3.14", None, "decimals 2"),
    ("sqrt(2)/2", None, "greater"),
    ("(x+1)^2", None, "factored"),
    ("x^2 + 2*x + 1", None, "expanded"),
    ("1/(x+1)", None, "single-fraction"),
    ("(x-1)^2 + 2", None, "completed-square x"),
    ("x^3/3", None, "antiderivative x"),
    ("x^3/3", None, "integral x"),
    ("a*x + b", None, "rename"),
    ("x + y = 3, x - y = 1", None, "system"),
    ("\"gradient descent\"", None, "sloppy-text"),
    ("3 GB", None, "units 3"),
]
