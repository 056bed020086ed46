"""Answers typed in LaTeX: read into the same tree as their plain spelling, hostile TeX refused."""

from __future__ import annotations

import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.reading import InvalidAnswer, parse_answer
from studyapp.checking.reading.latex import is_latex, latex_to_plain

NAMES = ("x", "y", "beta", "theta_1", "d_in")
QUICK = settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def value(text: str, names=NAMES) -> sympy.Basic:
    return parse_answer(text, names, allow_relations=True).value


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\frac{1}{2}\ln\frac{1-e}{e}", "1/2*ln((1-e)/e)"),
        (r"\dfrac{x}{y}", "x/y"),
        (r"\tfrac{x}{y}", "x/y"),
        (r"\frac12 x", "x/2"),
        (r"x / \frac{1}{2}", "2x"),
        (r"\sqrt{x+1}", "sqrt(x+1)"),
        (r"\sqrt[3]{x}", "x^(1/3)"),
        (r"e^{-x^{2}}", "exp(-x^2)"),
        (r"\beta x^10", "beta*x^10"),
        (r"d_{in} \cdot x", "d_in*x"),
        (r"\theta_{1} \times 2", "2*theta_1"),
        (r"\left( x + 1 \right)^2", "(x+1)^2"),
        (r"\left| x - y \right|", "abs(x-y)"),
        (r"\bigl( x \bigr) y", "x*y"),
        (r"\ln x + \log y", "ln(x) + log(y)"),
        (r"\log_2 x", "log(x, 2)"),
        (r"\log_{10}(x)", "log(x, 10)"),
        (r"\exp(\beta x)", "exp(beta*x)"),
        (r"\sigma(\beta x)", "1/(1 + exp(-beta*x))"),
        (r"\operatorname{atanh}(1 - 2x)", "atanh(1-2x)"),
        (r"\mathrm{e}^{x}", "exp(x)"),
        (r"2\!x\,y\;x\:y\quad 3", "2*x*y*x*y*3"),
        (r"-\infty", "-oo"),
        (r"\sin^2 x", "sin(x)^2"),
        (r"\tanh^{-1} x", "atanh(x)"),
        (r"\pi x^2", "pi*x^2"),
        (r"\binom{5}{2}", "10"),
        (r"\lfloor x \rfloor + \lceil y \rceil", "floor(x) + ceiling(y)"),
        (r"\sum_{i=1}^{n} i^2 + 1", "sum(i^2, i, 1, n) + 1"),
        (r"\sum_{i=0}^{n-1} (i+1) - 1", "sum(i+1, i, 0, n-1) - 1"),  # a + inside brackets
        (r"1 + \sum_{i=1}^{n} [x-1] x^{i}", "1 + sum((x-1)*x^i, i, 1, n)"),
        (r"$\frac{x}{2}$", "x/2"),
        (r"$$x^{2}$$", "x^2"),
        (r"\(x\)", "x"),
        (r"x \le y", "x <= y"),
        (r"x \ne y", "x != y"),
        (r"\varepsilon", "epsilon"),
    ],
)
def test_latex_reads_as_its_plain_spelling(latex: str, plain: str) -> None:
    names = (*NAMES, "epsilon", "n")
    assert value(latex, names) == value(plain, names)


def test_the_preview_shows_how_latex_was_read() -> None:
    parsed = parse_answer(r"\frac{1}{2}\ln\frac{1-e}{e}", ["e"])
    assert parsed.interpreted == "1/2·ln((1 − e)/e)"
    assert parsed.notes[0] == "read the LaTeX as `(1/2)ln((1-e)/e)`"
    assert parsed.text == r"\frac{1}{2}\ln\frac{1-e}{e}"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (r"\def\x{1} x", r"`\def`"),
        (r"\newcommand{\foo}{x}", r"`\newcommand`"),
        (r"\input{/etc/passwd}", r"`\input`"),
        (r"\write18{rm -rf /}", r"`\write`"),
        (r"\catcode`\^=7", r"`\catcode`"),
        (r"\csname x\endcsname", r"`\csname`"),
        (r"\begin{pmatrix} 1 \end{pmatrix}", r"`\begin{pmatrix}`"),
        (r"\mathbb{E}[x]", r"`\mathbb`"),
        (r"\frac{1}{2", "`{` at column 9 is never closed"),
        (r"\frac{1}{2}}", "`}` at column 12 closes nothing"),
        (r"\left( x", r"has no matching `\right`"),
        (r"\beta x % comment", r"TeX comment"),
        (r"\beta & x", "alignment"),
        (r"x_{i+1}", "subscripts name variables"),
    ],
)
def test_tex_outside_the_subset_is_refused_by_name(text: str, named: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(text, ["x"])
    assert named in refused.value.message


def test_an_error_after_translation_points_at_the_latex_typed() -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(r"\frac{1}{2} + \sqrt{x} +", ["x"])
    assert "needs something after it" in refused.value.message
    assert refused.value.column == 24  # the final `+` of what was typed


def test_detection_needs_a_command_a_wrapper_or_a_braced_subscript() -> None:
    assert is_latex(r"\alpha") and is_latex("$x$") and is_latex("d_{in}")
    assert not is_latex("1/2*ln((1-e)/e)") and not is_latex("e^{-x}")
    assert not is_latex("under $100 of compute")


# -- property: the LaTeX of a random plain formula reads to the same tree ----------------


def _leaf() -> st.SearchStrategy[tuple[str, str]]:
    return st.one_of(
        st.integers(0, 99).map(lambda n: (str(n), str(n))),
        st.sampled_from(
            [
                ("x", "x"),
                ("y", "y"),
                ("beta", r"\beta"),
                ("theta_1", r"\theta_{1}"),
                ("d_in", r"d_{in}"),
                ("pi", r"\pi"),
                ("oo", r"\infty"),
            ]
        ),
    )


def _combine(children: st.SearchStrategy[tuple[str, str]]) -> st.SearchStrategy[tuple[str, str]]:
    pair = st.tuples(children, children)
    functions = st.sampled_from(
        [("sin", r"\sin"), ("exp", r"\exp"), ("ln", r"\ln"), ("tanh", r"\tanh")]
    )
    return st.one_of(
        pair.map(
            lambda ab: (f"({ab[0][0]})+({ab[1][0]})", rf"\left({ab[0][1]}\right)+({ab[1][1]})")
        ),
        pair.map(
            lambda ab: (f"({ab[0][0]})-({ab[1][0]})", rf"({ab[0][1]}) - \left({ab[1][1]}\right)")
        ),
        pair.map(lambda ab: (f"({ab[0][0]})*({ab[1][0]})", rf"({ab[0][1]}) \cdot ({ab[1][1]})")),
        pair.map(lambda ab: (f"({ab[0][0]})/({ab[1][0]})", rf"\frac{{{ab[0][1]}}}{{{ab[1][1]}}}")),
        pair.map(
            lambda ab: (f"({ab[0][0]})^({ab[1][0]})", rf"\left({ab[0][1]}\right)^{{{ab[1][1]}}}")
        ),
        children.map(lambda a: (f"-({a[0]})", rf"-\left({a[1]}\right)")),
        children.map(lambda a: (f"sqrt({a[0]})", rf"\sqrt{{{a[1]}}}")),
        children.map(lambda a: (f"root({a[0]}, 3)", rf"\sqrt[3]{{{a[1]}}}")),
        children.map(lambda a: (f"abs({a[0]})", rf"\left|{a[1]}\right|")),
        st.tuples(functions, children).map(
            lambda fa: (f"{fa[0][0]}({fa[1][0]})", rf"{fa[0][1]}\left({fa[1][1]}\right)")
        ),
    )


FORMULAS = st.recursive(_leaf(), _combine, max_leaves=8)


def _value_or_error(text: str) -> sympy.Basic | str:
    try:
        return value(text)
    except InvalidAnswer:
        return "invalid"


@QUICK
@given(FORMULAS)
def test_latex_of_a_random_formula_reads_to_the_same_tree(pair: tuple[str, str]) -> None:
    plain, latex = pair
    assert _value_or_error(latex) == _value_or_error(plain)


HOSTILE = [
    r"\def",
    r"\edef",
    r"\gdef",
    r"\let",
    r"\newcommand",
    r"\renewcommand",
    r"\input",
    r"\include",
    r"\write",
    r"\immediate",
    r"\openout",
    r"\catcode",
    r"\csname",
    r"\expandafter",
    r"\usepackage",
    r"\makeatletter",
    r"\loop",
]


@QUICK
@given(FORMULAS, st.sampled_from(HOSTILE), FORMULAS, st.sampled_from(["", "{x}", "18{ls}", "\\x"]))
def test_hostile_tex_anywhere_is_refused_by_name(
    before: tuple[str, str], command: str, after: tuple[str, str], argument: str
) -> None:
    text = f"{before[1]} + {command}{argument} {after[1]}"
    with pytest.raises(InvalidAnswer) as refused:
        parse_answer(text, NAMES)
    assert f"`{command}`" in refused.value.message


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="\\{}[]^_$%&#~ xy12+-()|.frac sqrtleftrightbegin", max_size=80))
def test_any_tex_like_text_is_read_or_refused_quickly(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_answer(text, ["x", "y"])
    except InvalidAnswer as error:
        assert error.message
    assert time.perf_counter() - started < 1.0


def test_latex_keeps_the_limits_on_length_and_depth() -> None:
    with pytest.raises(InvalidAnswer, match="too long"):
        latex_to_plain(r"\alpha+" * 400)
    with pytest.raises(InvalidAnswer, match="nested too deeply"):
        latex_to_plain(r"\frac{" * 70 + "1" + "}{2}" * 70)


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"\frac{dL}{d\alpha} = e^{\alpha}", "dL/dalpha = e^alpha"),
        (r"\frac{\partial L}{\partial s} = s - 1", "∂L/∂s = s - 1"),
        (r"\frac{dr}{dk}", "((dr)/(dk))"),  # no = after it: a fraction, perhaps of d·r by d·k
    ],
)
def test_a_leibniz_fraction_before_equals_is_a_derivatives_name(latex: str, plain: str) -> None:
    assert latex_to_plain(latex).text == plain
