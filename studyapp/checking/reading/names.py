"""What a name in an answer means: a declared variable, a constant, a function, or nothing.

Policy (documented for authors and graders):

* Declared names always win, whatever else they could mean (``e``, ``E``, ``I``, ``S``,
  ``N``, ``O``, ``Q``, ``beta``, ``gamma``, ``lambda``, ``lam`` ...).
* Spelling variants of a declared Greek name are accepted: ``lam``/``lambda``/``λ``,
  ``eps``/``epsilon``/``ε``; so are subscripts of a declared name: ``w_1``, ``w₁`` for w1 (a unicode subscript is the subscript: ``x₁`` is ``x_1``).
* Undeclared ``e``/``E`` is Euler's number, ``pi`` is π, ``oo``/``inf``/``infinity`` is ∞,
  Maxima's ``%e``, ``%pi``, ``%i`` (the only spelling of the imaginary unit) and ``minf``.
* With no declared names at all ("free mode", e.g. a trusted expected answer, unless the
  reader is strict as for a learner's answer to an exercise), every other
  identifier is a free real symbol, kept whole (``xy`` is one symbol); a one-letter name
  before a parenthesis multiplies (``a(b+c)``), a longer unknown name there is an unknown
  function.
* With declared names, an unknown run of letters is split into declared names when there is
  exactly one way to do so (``ab`` → a·b, ``2alphax`` → 2·alpha·x); otherwise it is invalid
  with a did-you-mean suggestion.
* ``σ(…)`` and ``sigma(…)`` are the sigmoid unless ``sigma`` is declared (graded against
  an expected answer, its variables are declared: ``σ(1−σ)`` is σ·(1−σ) for
  ``sigma*(1-sigma)``, the sigmoid for ``sigma(z)*(1-sigma(z))``); a function
  name in another capitalisation (``Ln``, ``SIN``) is that function; ``x`` between two
  numbers (``1.5x10^-3``) is a times sign unless ``x`` is declared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from studyapp.checking.reading.functions import BINDERS, FUNCTIONS

CONSTANTS = {
    "e": "E",
    "E": "E",
    "%e": "E",
    "pi": "pi",
    "oo": "oo",
    "inf": "oo",
    "infinity": "oo",
    "Infinity": "oo",
    "infty": "oo",
    "minf": "-oo",
    "%i": "I",
    "i": "I",  # the imaginary unit unless an exercise declares i (STACK and PrairieLearn agree)
    "%phi": "GoldenRatio",
}

ALIASES = {
    "lam": ("lambda",),
    "lambda": ("lam",),
    "eps": ("epsilon", "varepsilon"),
    "epsilon": ("eps", "varepsilon"),
    "varepsilon": ("epsilon", "eps"),
    "vartheta": ("theta",),
    "varphi": ("phi",),
}

MAX_SPLIT_LENGTH = 40

# Words that read as prose or logic, never as a product of letters.
RESERVED = frozenset({"and", "or", "not", "xor", "if", "then", "else", "true", "false"})

GREEK_NAMES = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "eps",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "lam",
        "mu",
        "nu",
        "xi",
        "omicron",
        "rho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Phi",
        "Psi",
        "Omega",
    }
)


def primed(name: str) -> tuple[str, int]:
    """A derivative's function name (``sigmoid''``, see ``calls.parse_derivative``) as the
    function and how many times it is differentiated; a plain name has 0 primes."""
    base = name.rstrip("'")
    return base, len(name) - len(base)


_SHORTEST_MISSPELLING = 3  # a shorter unknown name is a letter, not a misspelt function


@dataclass(frozen=True)
class Meaning:
    kind: str  # "symbol" | "constant" | "function" | "binder"
    name: str  # the declared name, the constant's key or the function's table key


class NameTable:
    """Resolves names against the declared variables and the allowed functions."""

    def __init__(
        self, names: Iterable[str], functions: Mapping[str, object] = {}, strict: bool = False
    ) -> None:
        self.declared = frozenset(names)
        self.user_functions = frozenset(functions)
        self.free_mode = not self.declared and not strict
        self.bound: set[str] = set()

    def lookup(self, name: str) -> Meaning | None:
        if name in self.declared or name in self.bound:
            return Meaning("symbol", name)
        if any(d.startswith(f"{name}[") for d in self.declared):
            return Meaning("symbol", name)  # the stem of a declared indexed name, x of x[1]
        for alias in ALIASES.get(name, ()):
            if alias in self.declared:
                return Meaning("symbol", alias)
        if "_" in name and name.replace("_", "") in self.declared:
            return Meaning("symbol", name.replace("_", ""))  # w_1 for w1, d_h for dh
        if name in self.user_functions:
            return Meaning("function", name)
        if name in FUNCTIONS:
            return Meaning("function", name)
        if name in BINDERS:
            return Meaning("binder", name)
        if name in CONSTANTS:
            return Meaning("constant", CONSTANTS[name])
        return None

    def split(self, run: str, call_follows: bool) -> list[list[str]]:
        """The ways (at most two) to read ``run`` as a product of known names.

        A function name may only be the last piece, and only when a call follows.
        """
        if len(run) > MAX_SPLIT_LENGTH:
            return []
        words = {w for w in self.declared | self.bound | set(CONSTANTS) if w.isascii()}
        words |= {a for a, targets in ALIASES.items() if any(t in self.declared for t in targets)}
        calls = set(FUNCTIONS) | self.user_functions if call_follows else set()
        # readings[i]: up to two ways to read run[i:], filled from the end
        readings: list[list[list[str]]] = [[] for _ in range(len(run) + 1)]
        readings[len(run)] = [[]]
        for start in range(len(run) - 1, -1, -1):
            for end in range(len(run), start, -1):
                piece = run[start:end]
                if piece in words or (end == len(run) and piece in calls):
                    for rest in readings[end]:
                        if len(readings[start]) < 2:
                            readings[start].append([piece, *rest])
        return readings[0]

    def suggestion(self, name: str) -> str | None:
        """The name meant, if one is close: the question's own variables first; a function
        or constant only for a longer Latin name (``n`` is no misspelt ``ln``, nor ``ε``
        ``sin``)."""
        for vocabulary in (sorted(self.declared), self._known_words(name)):
            close = difflib.get_close_matches(name, vocabulary, n=1, cutoff=0.6)
            if not close and name.lower() != name:
                close = [w for w in vocabulary if w.lower() == name.lower()][:1]
            if close:
                return close[0]
        return None

    def _known_words(self, name: str) -> list[str]:
        if len(name) < _SHORTEST_MISSPELLING or name in GREEK_NAMES:  # ε is no misspelt sin
            return []
        return sorted(self.user_functions | set(FUNCTIONS) | set(CONSTANTS))

    def describe_declared(self) -> str:
        return ", ".join(sorted(self.declared))
