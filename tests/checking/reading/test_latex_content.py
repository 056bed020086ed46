"""``$…$`` math in content: found by pandoc's rule, shown as unicode and MathML, checked."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from studyapp.checking.reading import InvalidAnswer
from studyapp.checking.reading.latex import (
    math_html,
    math_problems,
    math_text,
    to_mathml,
    to_unicode,
)


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"\frac{1}{2}", "½"),
        (r"\sigma(\beta x)", "σ(βx)"),
        (r"x_t^2", "xₜ²"),
        (r"\frac{1}{2}\ln\frac{1-e}{e}", "½ ln((1 − e)/e)"),
        (r"1 - \frac{1}{e}", "1 − 1/e"),
        (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
        (r"\mathbb{E}[x]", "𝔼[x]"),
        (r"\hat{y}", "ŷ"),
        (r"\sqrt{d_k}", "√dₖ"),
        (r"\sqrt[3]{x}", "∛x"),
        (r"e^{-x^2/2}", "e^(−x²/2)"),
        (r"W \in \mathbb{R}^{d \times k}", "W ∈ ℝ^(d × k)"),
        (r"x \le 3", "x ≤ 3"),
        (r"\text{if } x>0", "if x > 0"),
        (r"2^{10}", "2¹⁰"),
        (r"\left(1 - \frac{1}{n}\right)^n \to \frac{1}{e}", "(1 − 1/n)ⁿ → 1/e"),
    ],
)
def test_math_is_shown_as_readable_unicode(latex: str, shown: str) -> None:
    assert to_unicode(latex) == shown


def test_prices_are_not_math_and_escaped_dollars_are_dollars() -> None:
    text = "under $100 of compute; the data cost under $500, \\$5 more"
    assert math_text(text) == "under $100 of compute; the data cost under $500, $5 more"
    assert math_text("{{c1::$500}} and {{c2::$100}}") == "{{c1::$500}} and {{c2::$100}}"


def test_inline_and_display_math_in_text() -> None:
    text = r"α is $\frac{1}{2}\ln\frac{1-e}{e}$; the gate $$\sigma(\beta x)$$ follows."
    assert math_text(text) == "α is ½ ln((1 − e)/e); the gate σ(βx) follows."


def test_math_that_cannot_be_shown_keeps_its_source_and_is_reported() -> None:
    text = r"see $\foo{x}$ and $x^{2$"
    assert math_text(text) == text
    problems = math_problems(text)
    assert problems == [
        r"cannot render the math `\foo{x}`: the LaTeX command `\foo` is not understood",
        "cannot render the math `x^{2`: unbalanced brace: `{` at column 3 is never closed",
    ]


def test_mathml_is_well_formed_and_structured() -> None:
    markup = to_mathml(r"\frac{1}{2}\ln\frac{1-e}{e} + \sqrt[3]{x_t^2}", display=True)
    root = ElementTree.fromstring(markup)
    assert root.tag == "{http://www.w3.org/1998/Math/MathML}math"
    assert root.get("display") == "block"
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert {"mfrac", "mroot", "msubsup", "mn", "mi", "mo"} <= tags


def test_text_around_math_is_escaped_in_html() -> None:
    html = math_html(r"<b>α</b> is $\frac{a}{b}$ or $\bad$")
    assert html.startswith("&lt;b&gt;α&lt;/b&gt; is <math")
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in html
    assert html.endswith(r"or <code>\bad</code>")


def test_hostile_tex_in_content_is_refused_not_run() -> None:
    for hostile in (r"\input{/etc/passwd}", r"\write18{ls}", r"\def\x{y}"):
        with pytest.raises(InvalidAnswer, match="not understood"):
            to_unicode(hostile)
        with pytest.raises(InvalidAnswer, match="not understood"):
            to_mathml(hostile)
