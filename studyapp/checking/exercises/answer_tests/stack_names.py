"""STACK's answer-test names, with STACK's options, read as the answer tests we offer.

A question author or a grading script coming from STACK can write ``test: NumSigFigs [3,2]``
or ``FacForm x`` and get our ``sigfigs 3 2`` or ``factored``. Only tests whose meaning we
share are translated; the rest (``Validator`` ...) stay unknown
names, so nobody is graded by a test that only looks like STACK's.
``NumRelative`` and ``NumAbsolute`` are our numeric tolerance, not a named test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.checking.reading import InvalidAnswer, parse_answer
from studyapp.content.answer_test_spec import FORM_RULE_GROUPS

_DELETE_RE = re.compile(r"delete\(\s*(\w+)\s*,\s*(\w+)\s*\)")
_DEFAULT_TOLERANCE = "0.05"  # STACK's default for NumRelative and NumAbsolute

# STACK's name → ours, for tests whose options carry over one for one
_RENAMED = {
    "numsigfigs": "sigfigs",
    "sigfigsstrict": "strict-sigfigs",
    "numdecplaces": "decimals",
    "numdecplaceswrong": "digits",
    "gt": "greater",
    "gte": "at-least",
    "sysequiv": "system",
    "sametype": "same-type",
    "substequiv": "rename",
    "equalcomass": "same-form",
    "casequal": "identical",
    "algequivnouns": "equivalent-nouns",
    "singlefrac": "single-fraction",
    "partfrac": "partial-fractions",
    "compsquare": "completed-square",
    "expanded": "expanded",
    "lowestterms": "lowest-terms",
    "string": "text",
    "stringsloppy": "sloppy-text",
    "sregexp": "pattern",
    "units": "units",
    "unitsrelative": "units-relative",
    "unitsabsolute": "units-absolute",
}
_STRICT_UNITS = {
    "unitsstrict": "units",
    "unitsstrictrelative": "units-relative",
    "unitsstrictabsolute": "units-absolute",
}
_EQUIVALENCE = ("algequiv", "sets", "proplogic")  # statements are compared by truth table
# STACK's tests that take no options: STACK ignores any given, and so do we
_NO_OPTIONS = {
    "sametype",
    "sysequiv",
    "equalcomass",
    "casequal",
    "algequivnouns",
    "singlefrac",
    "expanded",
    "lowestterms",
    "string",
    "stringsloppy",
    "sregexp",
}


@dataclass(frozen=True)
class Translated:
    test: str | None  # our test (None: plain equivalence)
    tol: str | None = None  # our tolerance, for STACK's numeric comparisons


def from_stack(test: str) -> Translated | None:
    """Our test for a STACK test line such as ``NumSigFigs [3,2]``; None when the name is
    not one of STACK's (the line is then one of ours, or unknown)."""
    name, _, rest = test.strip().partition(" ")
    key = name.casefold()
    options = [] if key in _NO_OPTIONS else _options(rest)
    if key in _EQUIVALENCE:
        return Translated(None)
    if key in ("numrelative", "numabsolute"):
        tolerance = options[0] if options else _DEFAULT_TOLERANCE
        return Translated(None, tolerance if key == "numrelative" else f"abs {tolerance}")
    if key in _RENAMED:
        return Translated(" ".join([_RENAMED[key], *options]))
    if key in _STRICT_UNITS:
        return Translated(" ".join([_STRICT_UNITS[key], "strict", *options]))
    if key == "facform":
        return Translated("factored")  # STACK names the variable; ours reads the factors
    flags = {option.upper() for option in options if option.isupper()}
    names = [option for option in options if not option.isupper()]
    if key in ("equiv", "equivfirst"):
        first = ["first"] if key == "equivfirst" else []
        positive = ["positive"] if "assumepos" in {o.lower() for o in options} else []
        return Translated(" ".join(["equivalence-chain", *first, *positive]))
    if key == "diff":
        return Translated(" ".join(["derivative", *names]))
    if key == "antidiff":  # its one option is the variable: NOCONST or FORMAL (Int's) is
        return Translated(" ".join(["antiderivative", *names, *sorted(flags)]))  # refused
    if key == "int":
        # FORMAL compares derivatives only; NOCONST condones a missing constant of
        # integration (or a number) but still wants an expected ln|x| kept; a second
        # option that is not a name is the integrand, which only STACK's feedback uses
        if "FORMAL" in flags:
            ours = "antiderivative"
        else:
            ours = "integral-optional-constant" if "NOCONST" in flags else "integral"
        return Translated(" ".join([ours, *_without_integrand(names)]))
    if key == "levenshtein":  # STACK's flags: CASE and WHITESPACE count
        words = {"CASE": "case", "WHITESPACE": "spaces"}
        return Translated(" ".join(["similar-text", *names, *(words.get(f, f) for f in flags)]))
    if key == "equalcomassrules":
        return Translated(" ".join(["same-form-rules", *_rule_names(rest)]))
    if key == "addconst":
        loose_form = ["loose"] if "NONSTRICT" in flags else []
        return Translated(" ".join(["added-constant", *loose_form, *names]))
    return None


def _rule_names(text: str) -> list[str]:
    """EqualComAssRules' option as a plain list of names: nested lists flattened,
    ``delete(rule, GROUP)`` spelt out, STACK's ``testdebug`` (its own display) dropped."""
    deleted = _DELETE_RE.fullmatch(text.strip())
    if deleted:
        rule, group = deleted.groups()
        return [name for name in FORM_RULE_GROUPS.get(group, (group,)) if name != rule]
    names = re.split(r"[\s,\[\]]+", text)
    return [name for name in names if name and name != "testdebug"]


def _without_integrand(names: list[str]) -> list[str]:
    """Int's ``[x, integrand]`` as ``[x]`` when the integrand is a formula; else as given
    (and refused as the author's mistake, as STACK does)."""
    if len(names) < 2 or not names[0].isidentifier():
        return names
    try:
        readable = all(parse_answer(name).kind == "expression" for name in names[1:])
    except InvalidAnswer:
        return names
    return names[:1] if readable else names


def _options(text: str) -> list[str]:
    """``[3, 2]`` → ``["3", "2"]``; ``x`` → ``["x"]``; nested brackets are left whole."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]") and "[" not in text[1:-1]:
        text = text[1:-1]
    return [part.strip() for part in text.split(",") if part.strip()]
