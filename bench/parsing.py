"""Answer-parser latency over every bundled expression, learner-style input and hostile input.

Prints one JSON object: how many inputs of each group were parsed, p50/p95/max latency
(ms) of ``parse_answer`` on a cold first pass and a warm second pass, and, as the baseline
measured in the same run, sympy's own ``parse_expr`` on the trusted bundled expressions
(which it can read: sympy syntax, no unicode). The hostile group must stay far below the
grading sandbox's 2 s cap even without the sandbox. LaTeX answers are timed against their
plain spelling (the same formula, so the same tree): reading the LaTeX should cost at
most 2× the plain reading (``latex_vs_plain``, the median of the per-formula ratios).

    python bench/parsing.py
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable

from measure import latency_summary

LEARNER = [
    ("1/2 ln((1-e)/e)", ("e",)),
    ("½·log((1−ε)/ε)", ("epsilon",)),
    ("tanh^-1(1-2e)", ("e",)),
    ("-1/2 log(e/(1-e))", ("e",)),
    ("σ(x)(1-σ(x))", ("x",)),
    ("e^(-x)/(1+e^(-x))^2", ("x",)),
    ("softplus(-bx)", ("b", "x")),
    ("log(1+exp(-b x))", ("b", "x")),
    ("2x^2 + 3x - 1", ("x",)),
    ("(a+b)(a-b)", ("a", "b")),
    ("λ|w|", ("lam", "w")),
    ("n log^2 2n", ("n",)),
    ("1.5x10^-3", ()),
    ("sqrt(x^2+y^2)", ("x", "y")),
    ("|x - μ|/b", ("x", "mu", "b")),
]

# (plain, LaTeX, names): the same formula typed both ways
LATEX = [
    ("1/2*ln((1-e)/e)", r"\frac{1}{2}\ln\frac{1-e}{e}", ("e",)),
    ("atanh(1-2e)", r"\tanh^{-1}(1-2e)", ("e",)),
    ("sigmoid(x)(1-sigmoid(x))", r"\sigma(x)\left(1-\sigma(x)\right)", ("x",)),
    ("e^(-x)/(1+e^(-x))^2", r"\frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}", ("x",)),
    ("sqrt(x^2+y^2)", r"\sqrt{x^{2}+y^{2}}", ("x", "y")),
    ("abs(x - mu)/b", r"\frac{\left|x-\mu\right|}{b}", ("x", "mu", "b")),
    ("log(1+exp(-b x))", r"\ln\left(1+\exp(-b x)\right)", ("b", "x")),
    ("2x^2 + 3x - 1", r"$2x^{2} + 3x - 1$", ("x",)),
    ("d_in*d_out", r"d_{in} \cdot d_{out}", ("d_in", "d_out")),
    ("root(x+1, 3)", r"\sqrt[3]{x+1}", ("x",)),
    ("beta*x/(1+exp(-beta*x))", r"\frac{\beta x}{1 + e^{-\beta x}}", ("beta", "x")),
    (
        "+".join(f"x^{i}/{i}" for i in range(1, 30)),
        "+".join(rf"\frac{{x^{{{i}}}}}{{{i}}}" for i in range(1, 30)),
        ("x",),
    ),
]
REPEATS = 30

HOSTILE = [
    "9**9**9**9",
    "10**10**10",
    "factorial(10**100)",
    "(2*x)**(10**200)",
    "+".join(["x"] * 500),
    " ".join(["x"] * 600),
    "x" * 1999,
    "(" * 59 + "x" + ")" * 59,
    "|" * 59 + "x" + "|" * 59,
    "^".join(["x"] * 50),
    "__import__('os').system('ls')",
    "lambda: 1",
    "x.__class__",
    "".join(chr(c) for c in range(0x2200, 0x2400)),
    r"\def\x{\x}\x",
    r"\input{/etc/passwd}",
    r"\write18{rm -rf ~}",
    r"\frac{" * 59 + "x" + "}{2}" * 59,
    r"\left(" * 59 + "x" + r"\right)" * 59,
    "{" * 1000,
]


def _bundled() -> list[tuple[str, tuple[str, ...], tuple]]:
    from studyapp.config import bundled_content_dir
    from studyapp.content.loader import load_content
    from studyapp.content.model import Derivation, Exercise, ExerciseKind

    found = []
    for item in load_content([bundled_content_dir()]).items():
        if isinstance(item, Exercise) and item.kind == ExerciseKind.SYMBOLIC:
            texts = [item.answer, *(a.expression for a in item.alternatives)]
            texts += [w.expression for w in item.wrong_answers]
        elif isinstance(item, Derivation):
            texts = [step.content for step in (*item.steps, *item.flawed)]
        else:
            continue
        names = tuple(v.name for v in item.variables)
        found += [(text, names, item.functions) for text in texts if "=" not in text]
    return found


def _latencies(
    calls: list[Callable[[], object]], expected_errors: tuple[type[Exception], ...]
) -> list[float]:
    """Milliseconds per call; an invalid input is an expected outcome, only time matters."""
    times = []
    for call in calls:
        started = time.perf_counter()
        with contextlib.suppress(*expected_errors):
            call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _best_pair(parse: Callable[..., object], plain: str, latex: str, names: tuple) -> tuple:
    """The fastest of REPEATS readings of each spelling, in ms, run in turns so that both
    see the same machine load and the same warm caches."""
    best = [float("inf"), float("inf")]
    for _ in range(REPEATS):
        for index, text in enumerate((plain, latex)):
            started = time.perf_counter()
            parse(text, names)
            best[index] = min(best[index], time.perf_counter() - started)
    return best[0] * 1000, best[1] * 1000


def _latex_vs_plain(parse: Callable[..., object]) -> dict[str, object]:
    ratios, plain_total, latex_total = [], 0.0, 0.0
    for plain, latex, names in LATEX:
        plain_ms, latex_ms = _best_pair(parse, plain, latex, names)
        plain_total, latex_total = plain_total + plain_ms, latex_total + latex_ms
        ratios.append(latex_ms / plain_ms)
    ratios.sort()
    return {
        "formulas": len(LATEX),
        "plain_total_ms": round(plain_total, 3),
        "latex_total_ms": round(latex_total, 3),
        "ratio_p50": round(ratios[len(ratios) // 2], 3),
        "ratio_max": round(ratios[-1], 3),
        "ratio_total": round(latex_total / plain_total, 3),
    }


def main() -> None:
    import sympy
    from sympy.parsing.sympy_parser import parse_expr

    from studyapp.checking.reading import InvalidAnswer, parse_answer

    bundled = _bundled()
    ours = [
        lambda t=text, n=names, f=functions: parse_answer(t, n, f)
        for text, names, functions in bundled
    ]
    ours += [lambda t=text, n=names: parse_answer(t, n) for text, names in LEARNER]
    hostile = [lambda t=text: parse_answer(t, ("x",)) for text in HOSTILE]

    # The baseline reads only trusted, generated-by-authors text (never learner input).
    def baseline(text: str, names: tuple[str, ...]) -> object:
        local = {name: sympy.Symbol(name, real=True) for name in names}
        local |= {
            "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
            "softplus": lambda x: sympy.log(1 + sympy.exp(x)),
        }
        local["Phi"] = lambda x: (1 + sympy.erf(x / sympy.sqrt(2))) / 2
        return parse_expr(text, local_dict=local)

    reference = [
        lambda t=text, n=names: baseline(t, n)
        for text, names, functions in bundled
        if not functions
    ]

    sympy_errors = (SyntaxError, TypeError, ValueError, sympy.SympifyError)
    cold = latency_summary(_latencies(ours, (InvalidAnswer,)))
    warm = latency_summary(_latencies(ours, (InvalidAnswer,)))
    sympy_times = latency_summary(_latencies(reference, sympy_errors))
    hostile_times = latency_summary(_latencies(hostile, (InvalidAnswer,)))
    latex = _latex_vs_plain(parse_answer)
    print(
        json.dumps(
            {
                "inputs": {
                    "bundled": len(bundled),
                    "learner": len(LEARNER),
                    "hostile": len(HOSTILE),
                    "latex": len(LATEX),
                },
                "parse_answer_cold": cold,
                "parse_answer_warm": warm,
                "baseline_sympy_parse_expr_warm": sympy_times,
                "ratio_p50_vs_parse_expr": round(warm["p50_ms"] / sympy_times["p50_ms"], 3),
                "hostile": hostile_times,
                "latex_vs_plain": latex,
            }
        )
    )


if __name__ == "__main__":
    main()
