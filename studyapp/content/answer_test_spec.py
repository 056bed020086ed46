"""The answer tests an exercise's ``test:`` field may name, and how their arguments read.

This is the one catalogue of test names and argument shapes: the content parser validates
``test:`` lines with it at load time, and the checker's graders
(:mod:`studyapp.checking.exercises.answer_tests`) read their arguments with it. It stays free of
sympy so loading content does not load the CAS.
"""

from __future__ import annotations

from collections.abc import Sequence

# names whose arguments are variable names: these take exactly one, the others any number
_ONE_VARIABLE = (
    "antiderivative",
    "integral",
    "integral-optional-constant",
    "derivative",
    "partial-fractions",
    "completed-square",
)
_NAMED_ARGUMENTS = (*_ONE_VARIABLE, "rename", "added-constant")
_VARIABLE_NEEDED = ("partial-fractions", "completed-square")
_QUANTITY_TESTS = ("units", "units-relative", "units-absolute")
# names whose arguments are whole numbers: the counts of them each accepts
_COUNTED: dict[str, tuple[int, ...]] = {
    "sigfigs": (1, 2),
    "strict-sigfigs": (1,),
    "decimals": (1,),
    "digits": (1,),
    "greater": (0,),
    "at-least": (0,),
    "system": (0,),
    "same-type": (0,),
    "same-form": (0,),
    "identical": (0,),
    "equivalent-nouns": (0,),
    "factored": (0,),
    "single-fraction": (0,),
    "expanded": (0,),
    "lowest-terms": (0,),
    "text": (0,),
    "sloppy-text": (0,),
    "pattern": (0,),
}
# names whose arguments are flags: the flags each accepts
_FLAGGED: dict[str, tuple[str, ...]] = {"equivalence-chain": ("first", "positive")}
# same-form-rules: the rewriting rules it may allow, named as STACK's EqualComAssRules
# names them (see ``checking.meaning.form_rules``), the groups of them, and the words
# that change which parts commute
FORM_RULES = (
    "zeroAdd", "zeroMul", "oneMul", "oneDiv", "onePow", "idPow", "zeroPow", "zPow",
    "negNeg", "negDiv", "negOrd", "negDist", "recipMul", "divDiv", "divCancel",
    "intAdd", "intMul", "intPow", "intFac", "sqrtRem", "ratLow", "ratAdd",
)
FORM_RULE_GROUPS = {
    "ID_TRANS": ("zeroAdd", "zeroMul", "oneMul", "oneDiv", "onePow", "idPow", "zeroPow", "zPow"),
    "NEG_TRANS": ("negNeg", "negDiv", "negOrd"),
    "DIV_TRANS": ("recipMul", "divDiv", "divCancel"),
    "INT_ARITH": ("intAdd", "intMul", "intPow"),
}
_FORM_ORDER_WORDS = (
    "noncomAdd", "noncomMul", "noncomEq", "comMulNum", "comNeg",
    "assAdd", "assMul", "comAdd", "comMul",  # always so unless turned off: nothing to do
)
_CLASHING_RULES = (("intMul", "intFac"), ("negDist", "negOrd"))
TEST_NAMES: tuple[str, ...] = (
    *_COUNTED,
    *_NAMED_ARGUMENTS,
    *_QUANTITY_TESTS,
    "similar-text",
    *_FLAGGED,
    "same-form-rules",
)


# the tests that ask for a number written to a precision
PRECISION_TESTS = ("sigfigs", "strict-sigfigs", "decimals", "digits")
# the tests a numeric exercise may take: its answer is a number
NUMBER_TESTS = (*PRECISION_TESTS, "greater", "at-least")
# tests that look only at how an answer is written, not at its value: an exercise pairs
# them with its usual comparison (equivalence, or the numeric tolerance)
FORM_ONLY_TESTS = ("expanded", "lowest-terms", "strict-sigfigs", "same-type")


class UnknownTest(ValueError):
    """A test name (or its argument) that the answer tests do not offer."""


def read_test(test: str) -> tuple[str, list]:
    """``"sigfigs 3 2"`` → ``("sigfigs", [3, 2])``, ``"rename x"`` → ``("rename", ["x"])``;
    raises UnknownTest with a message an author can act on."""
    words = test.replace(",", " ").split()
    if not words:
        raise UnknownTest("no test named; write one such as `sigfigs 3` or `factored`")
    name, arguments = words[0], words[1:]
    if name not in TEST_NAMES:
        raise UnknownTest(_unknown_name(name))
    if name == "similar-text":
        return name, _similarity_arguments(arguments)
    if name in _FLAGGED:
        return name, _flags(name, arguments)
    if name == "same-form-rules":
        return name, _form_rules(arguments)
    if name in _QUANTITY_TESTS:
        return name, _quantity_arguments(name, arguments)
    if name in _NAMED_ARGUMENTS:
        return name, _variable_arguments(name, arguments)
    return name, _counts(name, arguments)


def answer_test_problem(
    test: str, kind: str, variables: Sequence[str], has_functions: bool
) -> str | None:
    """What is wrong with a ``test:`` line of a ``kind`` exercise, or None if nothing is."""
    try:
        name, arguments = read_test(test)
    except UnknownTest as exc:
        return str(exc)
    if kind == "numeric" and name not in NUMBER_TESTS:
        allowed = ", ".join(NUMBER_TESTS)
        return f"a numeric exercise takes a test on numbers ({allowed}), not `{name}`"
    if has_functions:
        return f"test `{name}` cannot read the functions of `fun:`; drop the `test:` line"
    undeclared = [a for a in arguments if name in _NAMED_ARGUMENTS and a not in variables]
    if undeclared:
        declared = ", ".join(variables) or "none"
        return f"test `{test}` names `{undeclared[0]}`, which no `var:` declares (declared: {declared})"
    return None


def _unknown_name(name: str) -> str:
    import difflib  # only on a misspelt name: loading content stays lean

    close = difflib.get_close_matches(name, TEST_NAMES, n=1, cutoff=0.6)
    if close:
        return f"unknown test `{name}`: did you mean `{close[0]}`?"
    return f"unknown test `{name}`; known tests: {', '.join(sorted(TEST_NAMES))}"


def _variable_arguments(name: str, arguments: list[str]) -> list[str]:
    if not all(word.isidentifier() for word in arguments):
        raise UnknownTest(f"test `{name}` takes variable names, got `{' '.join(arguments)}`")
    if name in _ONE_VARIABLE and len(arguments) > 1:
        raise UnknownTest(f"test `{name}` takes one variable, such as `{name} x`")
    if name in _VARIABLE_NEEDED and not arguments:
        raise UnknownTest(f"test `{name}` needs the variable, such as `{name} x`")
    return arguments


def _counts(name: str, arguments: list[str]) -> list[int]:
    wanted = _COUNTED[name]
    try:
        counts = [int(word) for word in arguments]
    except ValueError:
        raise UnknownTest(
            f"test `{name}` takes whole numbers, got `{' '.join(arguments)}`"
        ) from None
    if len(counts) not in wanted:
        shapes = " or ".join(str(n) for n in wanted)
        raise UnknownTest(f"test `{name}` takes {shapes} whole number(s), got {len(counts)}")
    if counts and counts[0] < 1:
        raise UnknownTest(f"test `{name}`: the count must be at least 1, got {counts[0]}")
    if name == "sigfigs" and len(counts) == 2 and not -1 <= counts[1] <= counts[0]:
        raise UnknownTest(
            f"test `sigfigs {counts[0]} M`: the accuracy M must be from -1 to {counts[0]}"
        )
    return counts


def _flags(name: str, arguments: list[str]) -> list[str]:
    allowed = _FLAGGED[name]
    unknown = [word for word in arguments if word not in allowed]
    if unknown:
        raise UnknownTest(f"test `{name}` takes {' or '.join(allowed)}, got `{unknown[0]}`")
    return arguments


def _form_rules(words: list[str]) -> list[str]:
    """The rules and order words of ``same-form-rules``, each group spelt out."""
    rules: list[str] = []
    for word in words:
        for rule in FORM_RULE_GROUPS.get(word, (word,)):
            if rule not in (*FORM_RULES, *_FORM_ORDER_WORDS):
                raise UnknownTest(_unknown_rule(rule))
            if rule not in rules:
                rules.append(rule)
    if not rules:
        raise UnknownTest("same-form-rules needs the rules it allows, such as `oneMul zeroAdd`")
    for first, second in _CLASHING_RULES:
        if first in rules and second in rules:
            raise UnknownTest(f"same-form-rules: `{first}` and `{second}` undo each other")
    return rules


def _unknown_rule(rule: str) -> str:
    import difflib  # only on a misspelt rule, as for a misspelt test name

    known = (*FORM_RULES, *FORM_RULE_GROUPS, *_FORM_ORDER_WORDS)
    close = difflib.get_close_matches(rule, known, n=1, cutoff=0.6)
    if close:
        return f"same-form-rules: unknown rule `{rule}`: did you mean `{close[0]}`?"
    return f"same-form-rules: unknown rule `{rule}`; the rules are {', '.join(known)}"


def _quantity_arguments(name: str, words: list[str]) -> list:
    """``[True, 3, 2]`` for ``units strict 3 2``."""
    strict = bool(words) and words[0] == "strict"
    rest = words[1:] if strict else words
    if name == "units":
        try:
            counts = [int(word) for word in rest]
        except ValueError:
            raise UnknownTest("units takes whole numbers of figures") from None
        if len(counts) not in (1, 2) or counts[0] < 1 or not -1 <= counts[-1] <= counts[0]:
            raise UnknownTest("units takes N or N M significant figures (N >= 1)")
        return [strict, *counts]
    if len(rest) != 1:
        raise UnknownTest(f"{name} takes one tolerance, such as 0.01 or 5*J")
    return [strict, rest[0]]


def _similarity_arguments(arguments: list[str]) -> list:
    """``similar-text 0.8 case spaces`` → ``[0.8, "case", "spaces"]``."""
    try:
        threshold = float(arguments[0]) if arguments else -1.0
    except ValueError:
        threshold = -1.0
    if not 0 <= threshold <= 1 or not set(arguments[1:]) <= {"case", "spaces"}:
        raise UnknownTest("similar-text takes a similarity from 0 to 1, then case or spaces")
    return [threshold, *arguments[1:]]


def written_as_asked(value: float, test: str) -> str:
    """``value`` written as a precision test asks: 0.3679 for ``sigfigs 4``, 0.37 for
    ``decimals 2``."""
    name, arguments = read_test(test)
    if name == "decimals":
        return f"{value:.{arguments[0]}f}"
    return format(value, f"#.{arguments[0]}g").rstrip(".")


def precision_asked(test: str | None) -> str | None:
    """What a precision test asks of a typed number, for the prompt's hint ("to 4
    significant figures"); None for no test or a test of another kind."""
    if not test:
        return None
    try:
        name, arguments = read_test(test)
    except UnknownTest:
        return None
    if name not in PRECISION_TESTS:
        return None
    count = arguments[0]
    if name == "decimals":
        return f"with {count} decimal places"
    if name == "digits":
        return f"with {count} digits"
    return f"to {count} significant figures"
