"""Turn what a learner typed into tokens, folding unicode and Maxima spellings into ASCII.

Tokens keep their column in the original text so that every message can point at what
the learner actually typed. Nothing here builds an expression.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from studyapp.checking.reading.invalid import InvalidAnswer

MAX_LENGTH = 2000
MAX_TOKENS = 1000
MAX_DIGITS = 300
MAX_DECIMAL_EXPONENT = 400
DIGITS = frozenset("0123456789")

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ϵ": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ϑ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Θ": "Theta",
    "Λ": "Lambda",
    "Ξ": "Xi",
    "Π": "Pi",
    "Σ": "Sigma",
    "Φ": "Phi",
    "Ψ": "Psi",
    "Ω": "Omega",
    "π": "pi",
    "∞": "oo",
    "ℯ": "%e",
}

OPERATOR_GLYPHS = {
    "−": "-",
    "–": "-",
    "—": "-",
    "‐": "-",
    "﹣": "-",
    "－": "-",
    "⁒": "-",  # the commercial minus sign
    "＋": "+",
    "·": "*",
    "⋅": "*",
    "×": "*",
    "∗": "*",
    "•": "*",
    "∙": "*",
    "÷": "/",
    "∕": "/",
    "⁄": "/",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "⩽": "<=",
    "⩾": ">=",
    "（": "(",
    "）": ")",
}

VULGAR_FRACTIONS = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
}

SUPERSCRIPTS = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁻": "-",
    "⁺": "+",
    "ⁿ": "n",
    "ᵃ": "a",
    "ᵇ": "b",
    "ᶜ": "c",
    "ᵈ": "d",
    "ʰ": "h",
    "ⁱ": "i",
    "ʲ": "j",
    "ᵏ": "k",
    "ˡ": "l",
    "ᵐ": "m",
    "ᵖ": "p",
    "ʳ": "r",
    "ˢ": "s",
    "ᵗ": "t",
    "ᵘ": "u",
    "ᵛ": "v",
    "ʷ": "w",
    "ˣ": "x",
    "ʸ": "y",
    "ᶻ": "z",
    "ᴺ": "N",
    "ᵀ": "T",
    "ᴸ": "L",
}

SUBSCRIPTS = {chr(0x2080 + d): str(d) for d in range(10)} | {
    "ₐ": "a",
    "ₑ": "e",
    "ₒ": "o",
    "ₓ": "x",
    "ₕ": "h",
    "ₖ": "k",
    "ₗ": "l",
    "ₘ": "m",
    "ₙ": "n",
    "ₚ": "p",
    "ₛ": "s",
    "ₜ": "t",
    "ᵢ": "i",
    "ⱼ": "j",
    "ᵣ": "r",
}

# ⌈x⌉ and ⌊x⌋: the brackets are the call
CEILING_FLOOR = {"⌈": "ceiling", "⌊": "floor"}
CEILING_FLOOR_CLOSERS = frozenset("⌉⌋")

ROOTS = {"√": "sqrt", "∛": "cbrt"}

# Maxima/STACK constants, as typed with their percent sign.
MAXIMA_CONSTANTS = {"%pi": "pi", "%e": "%e", "%i": "%i", "%inf": "oo", "%phi": "%phi"}

OPERATORS = (
    "**",
    "<=",
    ">=",
    "!=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "^",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "<",
    ">",
    "|",
    "!",
)

FORBIDDEN = {
    ";": "`;` is not allowed: type a single expression",
    ":": "`:` is not allowed",
    "'": "quotes are not allowed",
    '"': "quotes are not allowed",
    "`": "backquotes are not allowed",
    "&": "`&` is not allowed",
    "@": "`@` is not allowed",
    "#": "`#` is not allowed",
    "$": "`$` is not allowed",
    "~": "`~` is not allowed",
    "?": "`?` is not allowed",
}

# one separator throughout: 131,072 / 131 072 (also thin spaces) / 131_072 / 131'072 (Swiss)
_GROUPED = re.compile(
    r"[1-9][0-9]{0,2}(?:(?:,[0-9]{3})+|(?:[ \u00a0\u2009\u202f][0-9]{3})+|(?:_[0-9]{3})+"
    r"|(?:['’][0-9]{3})+|(?:\.[0-9]{3}){2,}(?!\.[0-9]))(?![0-9])"
)
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+(?![0-9])(?!,[0-9])")
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)")
_EXPONENT = re.compile(r"[eE][+\-−]?[0-9]+")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NAME_TAIL = re.compile(r"[A-Za-z0-9_]+")
_MAXIMA = re.compile(r"%[A-Za-z]+")
_NOUN_CALL = re.compile(r"[A-Za-z][A-Za-z0-9_]*\(")
PRIMES = "'′’"  # after a function's name, before its bracket: its derivative
# Maxima's spelling of a quoted calculus command: its value is the same, but an answer
# read as written keeps it unevaluated
_NOUN_SPELLINGS = {
    "diff": "noundiff",
    "int": "nounint",
    "integrate": "nounint",
    "limit": "nounlimit",
}


@dataclass(frozen=True)
class Token:
    kind: str  # "num" | "name" | "op" | "sup" | "root" | "end"
    value: str  # the ASCII reading: "2.5", "alpha", "**", "sqrt", a superscript's "-1"
    start: int  # 0-based offset of the first character in the original text
    end: int
    spaced: bool = False  # whitespace before this token
    glyph: str = ""  # the unicode character the token came from, if any

    @property
    def column(self) -> int:
        return self.start + 1


def tokenize(
    text: str, scientific_e: bool = True, scientific_E: bool = True, times_x: bool = False
) -> list[Token]:
    """Split ``text`` into tokens; ``scientific_e`` is False when ``e`` is a declared name.

    With ``times_x`` (``x`` is not a variable), an ``x`` between two numbers is a
    multiplication sign, as in ``1.5x10^-3``. Raises InvalidAnswer for characters that
    have no place in a formula.
    """
    if len(text) > MAX_LENGTH:
        raise InvalidAnswer(
            f"the answer is too long ({len(text)} characters, at most {MAX_LENGTH})"
        )
    tokens: list[Token] = []
    i, spaced, depth, quoted = 0, False, 0, False
    while i < len(text):
        ch = text[i]
        if ch.isspace() or unicodedata.category(ch) == "Cf":  # incl. zero-width spaces
            i, spaced = i + 1, True
            continue
        if ch == "." and tokens and not text[i + 1 :].strip():
            break  # a full stop ending the answer, as at the end of a sentence
        if ch in PRIMES and tokens and tokens[-1].kind == "name" and tokens[-1].end == i:
            end = i
            while end < len(text) and text[end] in PRIMES:
                end += 1
            if text[end : end + 1] == "(":  # σ'(z), tanh′′(x): a derivative
                tokens.append(Token("prime", str(end - i), i, end, False, text[i:end]))
                i = end
                continue
        if ch == "'" and _NOUN_CALL.match(text, i + 1):
            i += 1  # Maxima's noun quote ('diff(f, x), 'root(x)): the same value unevaluated
            quoted = True
            continue
        if (
            times_x
            and ch == "x"
            and tokens
            and tokens[-1].kind == "num"
            and _digit_follows(text, i + 1)
        ):
            token = Token("op", "*", i, i + 1, spaced, "x")
        elif ch in CEILING_FLOOR:
            tokens.append(Token("name", CEILING_FLOOR[ch], i, i, spaced, ch))
            token = Token("op", "(", i, i + 1, False, ch)
        elif ch in VULGAR_FRACTIONS and tokens and _mixed_number(tokens[-1], i):
            token = _mixed(tokens.pop(), VULGAR_FRACTIONS[ch], i + 1)
        elif ch in DIGITS and depth == 0:
            token = _read_grouped_number(text, i, spaced, scientific_e, scientific_E)
        else:
            token = _read_token(text, i, spaced, scientific_e, scientific_E)
        if token.kind == "op":
            depth += (token.value in "([{") - (token.value in ")]}")
        if quoted and token.value in _NOUN_SPELLINGS:  # read as written, 'diff stays a noun
            token = replace(token, value=_NOUN_SPELLINGS[token.value])
        quoted = False
        tokens.append(token)
        if len(tokens) > MAX_TOKENS:
            raise InvalidAnswer(f"the answer is too long (more than {MAX_TOKENS} symbols)")
        i, spaced = token.end, False
    tokens.append(Token("end", "", len(text), len(text), spaced))
    return tokens


def _mixed_number(before: Token, i: int) -> bool:
    """``2¼``: a whole number written right against a vulgar fraction."""
    return before.kind == "num" and before.value.isdigit() and before.end == i


def _mixed(whole: Token, fraction: str, end: int) -> Token:
    numerator, denominator = (int(part) for part in fraction.split("/"))
    value = int(whole.value) * denominator + numerator
    return Token("num", f"{value}/{denominator}", whole.start, end, whole.spaced)


def _digit_follows(text: str, i: int) -> bool:
    rest = text[i:].lstrip()
    return bool(rest) and rest[0] in DIGITS


def _read_token(text: str, i: int, spaced: bool, sci_e: bool, sci_E: bool) -> Token:
    ch = text[i]
    if ch in DIGITS or (ch == "." and text[i + 1 : i + 2] in DIGITS):
        return _read_number(text, i, spaced, sci_e, sci_E)
    if ch.isascii() and ch.isalpha():
        match = _NAME.match(text, i)
        assert match is not None
        value, end = _with_subscripts(text, match.group(), match.end())
        return Token("name", value, i, end, spaced)
    if ch == "_":
        raise InvalidAnswer("names starting with `_` are not allowed", i + 1)
    if ch == "%":
        match = _MAXIMA.match(text, i)
        if match and match.group() in MAXIMA_CONSTANTS:
            return Token(
                "name", MAXIMA_CONSTANTS[match.group()], i, match.end(), spaced, match.group()
            )
        if match:
            raise InvalidAnswer(f"unknown constant `{match.group()}`", i + 1)
        return Token("op", "%", i, i + 1, spaced)
    if ch in GREEK:
        # μ0, θ_1: a Greek letter starts an identifier like an ASCII letter does
        tail = _NAME_TAIL.match(text, i + 1)
        end = tail.end() if tail else i + 1
        value, end = _with_subscripts(text, GREEK[ch] + text[i + 1 : end], end)
        return Token("name", value, i, end, spaced, ch)
    if ch in VULGAR_FRACTIONS:
        return Token("num", VULGAR_FRACTIONS[ch], i, i + 1, spaced, ch)
    if ch in CEILING_FLOOR_CLOSERS:
        return Token("op", ")", i, i + 1, spaced, ch)
    if ch in SUPERSCRIPTS:
        return _read_superscript(text, i, spaced)
    if ch in ROOTS:
        return Token("root", ROOTS[ch], i, i + 1, spaced, ch)
    if ch in OPERATOR_GLYPHS:
        return Token("op", OPERATOR_GLYPHS[ch], i, i + 1, spaced, ch)
    if ch == ".":
        raise InvalidAnswer("`.` is only allowed inside a number such as 0.5", i + 1)
    for op in OPERATORS:
        if text.startswith(op, i):
            value = {"**": "^", "==": "="}.get(op, op)
            return Token("op", value, i, i + len(op), spaced)
    if ch in FORBIDDEN:
        raise InvalidAnswer(FORBIDDEN[ch], i + 1)
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and folded != ch:  # 𝐀 → A, ℼ → π, full-width digits → digits
        return _read_token(text[:i] + folded + text[i + 1 :], i, spaced, sci_e, sci_E)
    if ch.isalpha():
        raise InvalidAnswer(f"the letter `{ch}` is not allowed: use ASCII letters or Greek", i + 1)
    raise InvalidAnswer(f"the character `{ch}` is not allowed", i + 1)


_LOG_BASES = ("₂", "₁₀")


def _with_subscripts(text: str, name: str, end: int) -> tuple[str, int]:
    """``w₁``, ``μ₀``, ``xₜ``: subscript characters are the subscript ``w_1``, ``mu_0``,
    ``x_t`` (which also stands for a declared ``w1``, as a typed ``w_1`` does)."""
    start = end
    while end < len(text) and text[end] in SUBSCRIPTS:
        end += 1
    if end == start:
        return name, end
    # log₂ and log₁₀ are the functions log2 and log10 (a call may follow without brackets)
    joiner = "" if name.endswith("_") or (name == "log" and text[start:end] in _LOG_BASES) else "_"
    return name + joiner + "".join(SUBSCRIPTS[c] for c in text[start:end]), end


def _read_grouped_number(text: str, i: int, spaced: bool, sci_e: bool, sci_E: bool) -> Token:
    """Outside brackets, digits grouped by thousands (``131,072``, ``131 072``, ``131_072``,
    ``6.738.415.616``: dots, when two or more group them) or written with a decimal comma
    (``0,85``) form one number.

    A comma followed by exactly three digits groups thousands, as the prompts write them
    ("1,000 examples"); any other comma between digits is a decimal comma. Inside brackets
    a comma separates arguments, so nothing is joined there.
    """
    joined = _GROUPED.match(text, i) or _DECIMAL_COMMA.match(text, i)
    if joined is None or text[i - 1 : i] == ",":
        return _read_number(text, i, spaced, sci_e, sci_E)
    clean = (
        re.sub(r"[\s,_'’.]", "", joined.group())
        if joined.re is _GROUPED
        else (joined.group().replace(",", "."))
    )
    try:
        token = _read_number(clean + text[joined.end() :], 0, spaced, sci_e, sci_E)
    except InvalidAnswer as error:
        raise InvalidAnswer(error.message, i + 1) from error
    end = joined.end() + token.end - len(clean)
    return Token("num", token.value, i, end, spaced)


def _read_number(text: str, i: int, spaced: bool, sci_e: bool, sci_E: bool) -> Token:
    match = _NUMBER.match(text, i)
    assert match is not None
    end = match.end()
    exponent = _EXPONENT.match(text, end)
    if exponent and (
        (exponent.group()[0] == "e" and sci_e) or (exponent.group()[0] == "E" and sci_E)
    ):
        if abs(int(exponent.group()[1:].replace("−", "-"))) > MAX_DECIMAL_EXPONENT:
            raise InvalidAnswer(f"the exponent of the number at column {i + 1} is too large", i + 1)
        end = exponent.end()
    if text[end : end + 1] == "." and text[end + 1 : end + 2] in DIGITS:
        raise InvalidAnswer("a number cannot contain two decimal points", end + 1)
    if len(match.group().replace(".", "").strip("0")) > MAX_DIGITS:
        raise InvalidAnswer(
            f"the number at column {i + 1} has too many digits (at most {MAX_DIGITS})", i + 1
        )
    return Token("num", text[i:end].replace("−", "-"), i, end, spaced)


def _read_superscript(text: str, i: int, spaced: bool) -> Token:
    end = i
    while end < len(text) and text[end] in SUPERSCRIPTS:
        end += 1
    value = "".join(SUPERSCRIPTS[c] for c in text[i:end])
    if not re.fullmatch(r"[+-]?([0-9]+[A-Za-z]?|[A-Za-z])", value):
        raise InvalidAnswer(f"cannot read the superscript `{text[i:end]}`", i + 1)
    return Token("sup", value, i, end, spaced, text[i:end])
