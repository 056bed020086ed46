"""What each LaTeX command means: to the answer reader, and on screen.

One table per role. The answer reader accepts only the commands of :data:`ANSWER_NAMES`,
:data:`ANSWER_SYMBOLS`, the argument-taking commands it translates itself and
:data:`SPACING`; everything else — ``\\def``, ``\\input``, ``\\write18``, an unknown
macro — is refused by name. The display tables are wider (``\\sum``, ``\\partial``,
``\\mathbb{E}`` render in content) but never reach the grader.
"""

from __future__ import annotations

GREEK_LETTERS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

# Function names LaTeX typesets upright; the answer reader reads those it has in its
# allow-list (checked against FUNCTIONS when the table is used), the display shows them all.
OPERATOR_NAMES = frozenset(
    {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos", "arctan", "exp", "ln", "log", "lg", "max", "min", "det", "sup", "inf", "lim", "arg", "deg", "dim", "gcd", "hom", "ker", "Pr"}
)  # fmt: skip

# The answer reader: a command that stands for a name of the plain syntax.
ANSWER_NAMES = {
    **{name: name for name in GREEK_LETTERS},
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varsigma": "sigma",
    "varrho": "rho",
    "varpi": "pi",
    "infty": "oo",
}

# The answer reader: a command that stands for an operator or bracket of the plain syntax.
ANSWER_SYMBOLS = {
    "cdot": "*", "times": "*", "ast": "*", "div": "/", "pm": "±",
    "le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
    "ne": "!=", "neq": "!=", "lt": "<", "gt": ">",
    "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "%": "%",
    "lvert": "|", "rvert": "|", "vert": "|", "|": "|",
    "lfloor": "floor(", "rfloor": ")", "lceil": "ceiling(", "rceil": ")",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅", "in": "∈",
}  # fmt: skip

# Space in TeX's math mode is typesetting only: ``\,`` ``\;`` ``\!`` ``\quad``.
SPACING = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace"})

# \big( … \Bigr): sizes of the delimiter that follows; nothing to read.
SIZES = frozenset(
    f"{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")
)

# Commands that take arguments: (how many braced arguments, whether ``[…]`` may come first).
ARGUMENTS = {
    "frac": (2, False), "dfrac": (2, False), "tfrac": (2, False), "cfrac": (2, False),
    "binom": (2, False), "dbinom": (2, False), "tbinom": (2, False),
    "sqrt": (1, True),
    "operatorname": (1, False), "mathrm": (1, False), "mathit": (1, False),
    "mathbf": (1, False), "mathsf": (1, False), "mathtt": (1, False), "boldsymbol": (1, False),
    "bm": (1, False), "text": (1, False), "textrm": (1, False), "textit": (1, False),
    "textbf": (1, False), "mbox": (1, False),
    "mathbb": (1, False), "mathcal": (1, False), "mathscr": (1, False), "mathfrak": (1, False),
    "hat": (1, False), "widehat": (1, False), "bar": (1, False), "overline": (1, False),
    "tilde": (1, False), "widetilde": (1, False), "vec": (1, False), "dot": (1, False),
    "ddot": (1, False), "underline": (1, False),
}  # fmt: skip

FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
BINOMIALS = frozenset({"binom", "dbinom", "tbinom"})
# Commands whose argument is the spelling of a name (``\operatorname{atanh}``, ``\mathrm{e}``).
UPRIGHT = frozenset({"operatorname", "mathrm", "mathit", "mathsf", "mathtt", "text", "textrm",
                     "textit", "textbf", "mbox"})  # fmt: skip
BOLD = frozenset({"mathbf", "boldsymbol", "bm"})
ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "underline": "\u0332",
}  # fmt: skip
# The accent as MathML draws it over its base.
ACCENT_MARKS = {
    "hat": "^", "widehat": "^", "bar": "¯", "overline": "¯", "tilde": "~", "widetilde": "~",
    "vec": "→", "dot": "˙", "ddot": "¨", "underline": "_",
}  # fmt: skip

# On screen: a command that is one symbol. "mi" symbols are things (∞, ∂, ℓ), "mo" ones
# operators and relations; MathML needs the difference, unicode text does not.
DISPLAY_SYMBOLS: dict[str, tuple[str, str]] = {
    **{name: (glyph, "mi") for name, glyph in GREEK_LETTERS.items()},
    "infty": ("∞", "mi"), "partial": ("∂", "mi"), "nabla": ("∇", "mi"), "ell": ("ℓ", "mi"),
    "hbar": ("ℏ", "mi"), "emptyset": ("∅", "mi"), "varnothing": ("∅", "mi"),
    "top": ("⊤", "mi"), "bot": ("⊥", "mi"), "prime": ("′", "mo"), "dagger": ("†", "mo"),
    "cdot": ("·", "mo"), "times": ("×", "mo"), "ast": ("∗", "mo"), "div": ("÷", "mo"),
    "pm": ("±", "mo"), "mp": ("∓", "mo"), "circ": ("∘", "mo"), "odot": ("⊙", "mo"),
    "otimes": ("⊗", "mo"), "oplus": ("⊕", "mo"), "star": ("⋆", "mo"), "bullet": ("•", "mo"),
    "le": ("≤", "mo"), "leq": ("≤", "mo"), "leqslant": ("≤", "mo"), "ge": ("≥", "mo"),
    "geq": ("≥", "mo"), "geqslant": ("≥", "mo"), "ne": ("≠", "mo"), "neq": ("≠", "mo"),
    "lt": ("<", "mo"), "gt": (">", "mo"), "approx": ("≈", "mo"), "sim": ("∼", "mo"),
    "simeq": ("≃", "mo"), "cong": ("≅", "mo"), "equiv": ("≡", "mo"), "propto": ("∝", "mo"),
    "ll": ("≪", "mo"), "gg": ("≫", "mo"), "in": ("∈", "mo"), "notin": ("∉", "mo"),
    "ni": ("∋", "mo"), "subset": ("⊂", "mo"), "subseteq": ("⊆", "mo"), "supset": ("⊃", "mo"),
    "supseteq": ("⊇", "mo"), "cup": ("∪", "mo"), "cap": ("∩", "mo"), "setminus": ("∖", "mo"),
    "to": ("→", "mo"), "rightarrow": ("→", "mo"), "leftarrow": ("←", "mo"),
    "gets": ("←", "mo"), "Rightarrow": ("⇒", "mo"), "Leftarrow": ("⇐", "mo"),
    "implies": ("⟹", "mo"), "iff": ("⟺", "mo"), "Leftrightarrow": ("⇔", "mo"),
    "leftrightarrow": ("↔", "mo"), "mapsto": ("↦", "mo"), "forall": ("∀", "mo"),
    "exists": ("∃", "mo"), "neg": ("¬", "mo"), "lnot": ("¬", "mo"), "land": ("∧", "mo"),
    "wedge": ("∧", "mo"), "lor": ("∨", "mo"), "vee": ("∨", "mo"), "perp": ("⊥", "mo"),
    "parallel": ("∥", "mo"), "mid": ("∣", "mo"), "ldots": ("…", "mo"), "dots": ("…", "mo"),
    "cdots": ("⋯", "mo"), "vdots": ("⋮", "mo"), "ddots": ("⋱", "mo"),
    "sum": ("∑", "mo"), "prod": ("∏", "mo"), "int": ("∫", "mo"), "oint": ("∮", "mo"),
    "langle": ("⟨", "mo"), "rangle": ("⟩", "mo"), "lvert": ("|", "mo"), "rvert": ("|", "mo"),
    "vert": ("|", "mo"), "|": ("‖", "mo"), "lVert": ("‖", "mo"), "rVert": ("‖", "mo"),
    "Vert": ("‖", "mo"), "lfloor": ("⌊", "mo"), "rfloor": ("⌋", "mo"), "lceil": ("⌈", "mo"),
    "rceil": ("⌉", "mo"), "{": ("{", "mo"), "}": ("}", "mo"), "lbrace": ("{", "mo"),
    "rbrace": ("}", "mo"), "%": ("%", "mo"), "$": ("$", "mo"), "_": ("_", "mo"),
    "&": ("&", "mo"), "#": ("#", "mo"),
}  # fmt: skip

# On screen: what a \left … \right delimiter draws ("." draws nothing).
DELIMITER_GLYPHS = {
    ".": "", "\\{": "{", "\\}": "}", "\\lbrace": "{", "\\rbrace": "}", "\\langle": "⟨",
    "\\rangle": "⟩", "\\|": "‖", "\\lVert": "‖", "\\rVert": "‖", "\\vert": "|",
    "\\lvert": "|", "\\rvert": "|", "\\lfloor": "⌊", "\\rfloor": "⌋", "\\lceil": "⌈",
    "\\rceil": "⌉",
}  # fmt: skip

# \mathbb{R}: the double-struck letters unicode has outside the mathematical alphabets.
DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ"}
