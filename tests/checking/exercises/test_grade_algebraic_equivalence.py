"""Algebraic equivalence of typed answers, graded as ``grade --batch`` grades them: names
and case, numbers and decimals, powers and radicals, rational functions, trigonometry,
logarithms, equations compared by their solutions, surds, factorials and binomials.

Each case is (expected, typed answer, equivalent?); our own expressions. Variables are
real unless declared. Where an e-assessment system such as STACK decides otherwise, we
keep our convention on purpose:

* a decimal is the exact number it spells, so ``452`` equals ``4.52*10^2`` and
  ``100.4-80.0`` equals ``20.4`` (STACK compares them as floats and may say different);
* over real variables ``log(a^2*b)`` and ``2*log(a)+log(b)`` differ (a may be negative)
  unless a and b are declared positive, and ``(-1)^n*c^n`` equals ``(-c)^n`` only for
  a declared integer n;
* ``(a^b)^c`` equals ``a^(b*c)``, since both are real only for a positive base;
* sets and equations are compared by their values and solutions, so ``{(x-a)^2}``
  equals ``{(a-x)^2}`` and ``s^2*e^(s*t) = 0`` has the same solutions as ``s^2 = 0``;
* ``2*inf`` is ``inf``, ``-inf`` is ``minf``, and ``0*inf`` is undefined, not 0;
* a named value ``y = …`` where an expression is expected is graded by its right side;
* STACK-only commands and settings (``integerp``, ``assume``, ``ev`` flags other than
  ``simp``, ``stackunits``, strings) have no counterpart here.
"""

from __future__ import annotations

import pytest

from studyapp.checking.exercises import grade_expression_here

NAMES_AND_NUMBERS = [
    ("y_2", "y2", False),  # a subscript is not part of the name
    ("t", "T", False),  # names are case-sensitive
    ("2", "2/(P-p)", False),
    ("p+q+r+P+Q", "a+b+c+d+e", False),
    ("1/3", "9^(-1/2)", True),
    ("sqrt(9)", "9^(1/2)", True),
    ("3/4", "0.75", True),
    ("2/3", "0.67", False),
    ("3/250", "1.2e-2", True),
    ("2/3", "0.666666666666667", False),  # a long decimal is still not the fraction
    ("1", "0.9999999", False),
    ("9999999/10^7", "0.9999999", True),
    ("9999998/9999999", "9999999/10^7", False),
    ("3*y+1", "(1/3+y)*3", True),
    ("y^2/7", "0.142857142857143*y^2", False),
    ("(3*r^2+5*r-20)/(10*r)", "0.1*(3.0*r^2+5.0*r-20.0)/r", True),
    ("(3*r^2+5*r-20)/(10*r)", "0.1*(3.0*r^2+5.0*r-20.00001)/r", False),
]

POWERS_AND_RADICALS = [
    ("sqrt(y)", "y^(1/2)", True),
    ("sqrt(y^2)", "y", False),  # √(y²) is |y|
    ("sqrt(y^2)", "abs(y)", True),
    ("(abs(y)^(1/5)/abs(y))^(1/2)", "1/abs(y)^(2/5)", True),
    # over the reals √(y−2)·√(y−7) is defined for y ≥ 7 only, and agrees there (STACK: no)
    ("sqrt(y-2)*sqrt(y-7)", "sqrt((y-2)*(y-7))", True),
    ("sqrt(1/y)", "1/sqrt(y)", True),
    ("(y^2-4)/(y+2)", "y-2", True),
    ("3^((1/4.1)*s)", "3^((1/4.1)*s)", True),
    ("3^(0.243902439024*s)", "3^((1/4.1)*s)", False),
    ("p^(q-r)", "p^q/p^r", True),
    ("7*(y+4)^(5*m)", "7*((y+4)^5)^m", True),
    ("3+sqrt(18+9*y)", "3+3*sqrt(2+y)", True),
    ("b_2", "b2", False),
    ("2*pi*sqrt(L/g)", "(2*pi)/(g/L)^(1/2)", True),
    ("sqrt((3*y+12)/12)", "sqrt(y/4+1)", True),
    ("((y-2)*(y^2-4*y+4))^(1/3)", "((y-2)^2*(y-2))^(1/3)", True),
]

RATIONAL_FUNCTIONS = [
    ("y^2+4*y+4", "(y+2)^2", True),
    ("y^3+8", "(y+2)*(y^2-2*y+4)", True),
    ("1/(y^2+6*y+9)", "(y+3)^(-2)", True),
    ("1/(y-1)", "1/(3*y-(e+sqrt(3)))", False),
    ("(y-b)^4000", "(b-y)^4000", True),  # an even power of a difference
    ("(y-3*b)^4000", "(3*b-y)^4000", True),
    ("(y-b)^3999", "(y-b)^4000", False),
    ("(m+5)/(m^2+2*m-15)", "(m+5)/(m^2+2*m-15)", True),
    ("(m+5)/(m^2+2*m-15)", "(m+4)/(m^2+2*m-15)", False),
    ("2/(m*(m+2))", "1/m-1/(m+2)", True),
    ("1/(p-q)+1/(q-p)", "1/(p-q)-1/(q-p)", False),
    ("y^2/4+2*y-3", "0.25*y^2+2*y-3", True),
    ("64*(3*y+2)^5*(2*y-1)^3", "15552*y^8", False),  # only the leading term
]

TRIGONOMETRY_AND_LOGS = [
    ("sin(-y)", "-sin(y)", True),
    ("1", "sec(y)^2-tan(y)^2", True),
    ("sin(p)*cos(q)+cos(p)*sin(q)", "sin(p+q)", True),
    ("sin(p)*cos(q)-cos(p)*sin(q)", "sin(p+q)", False),
    ("cos(2*y)", "1-2*sin(y)^2", True),
    ("sin(800*pi*y)", "1.0*sin(800*pi*y)", True),
    ("cos(y)^2-sin(y)^2+y", "cos(2*y)+y", True),
    ("y*sin(y^10/pi)", "3*y*sin(y^10/pi)", False),
    ("1/(1+exp(-y))", "tanh(y/2)/2+1/2", True),  # the logistic sigmoid
    ("cos(m*pi)", "sin((2*pi*m+pi)/2)", True),
    ("2*sin(y)*cos(y)", "2*tan(y)/(1+tan(y)^2)", True),
    ("(log(3*y)+1)/(3*sqrt(y))", "(3*log(3*y)+y)/(3*y)", False),
    ("p^log(q)", "q^log(p)", True),
    ("-log((2-y)/(y+2))", "log((y+2)/(2-y))", True),
    ("-log((2-y)/(y+3))", "log((y+2)/(2-y))", False),
    ("2*cosh(1)", "e+e^(-1)", True),
]

EQUATIONS = [
    ("y=2", "2", False),  # an equation is expected
    ("y=2", "y=2", True),
    ("y=2", "2=y", True),
    ("2=y", "2=2", False),
    ("y=2", "y=3", False),
    ("y=2", "3=y", False),
    ("q=q", "p=p", True),  # both always true
    ("q=2-p", "p+q=2", True),
    ("q=0.25-p", "4*p+4*q=1", True),
    ("q=p/(3*p-1)", "1/p+1/q=3", True),
    ("q/2=sin(p)*cos(p)", "q=sin(2*p)", True),
    ("q=(p-b)^4000", "q=(b-p)^4000", True),
    ("q=(p-b)^4000", "q=(p-b)^3999", False),
    ("q=(p-b)^3999", "q=(b-p)^3999", False),
    ("0=p-q/K-(q-r)/M", "0=-p+q/K+(q-r)/M", True),  # both sides negated
    ("y^3999*(2-y+y^2)=0", "2*y^3999-y^4000+y^4001=0", True),
    ("y^3999*(2-y+y^3)=0", "2*y^3999-y^4000+y^4001=0", False),
    ("I1*(R1+R2)-I2*R2=0", "-I1*(R1+R2)+I2*R2=0", True),
    ("p=q", "c*p=c*q", False),  # c may be 0
    ("y=3", "(y-3)^2=0", False),  # a double root is not the same equation here
    ("p*q=0", "p^2*q^2=0", False),
    ("p^2=q^2", "(p-q)*(p+q)=0", True),
    ("(y+2)^3=0", "y=-2", False),
    ("p=q", "sqrt(p)=sqrt(q)", False),  # loses the negative solutions
    ("y^2=c", "y=sqrt(c)", False),
    ("y^2=c", "(y-sqrt(c))*(y+sqrt(c))=0", True),
    ("p^2+q^2=4", "q=sqrt(4-p^2)", False),
    ("p^2+q^2=4", "(q-sqrt(4-p^2))*(q+sqrt(4-p^2))=0", True),
    ("p^2+q^2=4", "(q-sqrt((2-p)*(2+p)))*(q+sqrt((2-p)*(2+p)))=0", True),
    ("p^2+q^2=1+p^2*q^2", "(p^2-1)*(q^2-1)=0", True),
    ("1=3", "5=7", True),  # both never true
    ("p=q", "abs(p)=abs(q)", False),
    ("(p-q)*(p+q)=0", "abs(p)=abs(q)", True),
]

SURDS_AND_COUNTING = [
    ("3*sqrt(2)", "sqrt(18)", True),
    ("2+sqrt(3)", "sqrt(7+4*sqrt(3))", True),  # a nested radical that denests
    ("(1+sqrt(2))^6", "(3+2*sqrt(2))^3", True),
    ("(1+sqrt(2))^6", "(3+2*sqrt(2))^3+1", False),
    ("sqrt(3*log(5)+2)", "sqrt(3*log(10)+2-3*log(2))", True),
    ("y = (-2 + sqrt(4 + 20))/4", "y = -1/2 + sqrt(1/4 + 5/4)", True),
    ("(m+2)!", "(m+2)*(m+1)!", True),
    ("1/(m-2)!", "m*(m-1)/m!", True),
    ("1/(m+2)!", "m/m!", False),
    ("binomial(m,j)", "m!/(j!*(m-j)!)", True),
    ("binomial(m+1,j)", "binomial(m,j-1)+binomial(m,j)", True),  # Pascal's rule
    ("binomial(m+1,j)", "binomial(m,j)+binomial(m,j+1)", False),
    ("binomial(m,j)", "binomial(m,m-j)", True),
    ("1/21", "6!*14!/(15!*7!)", False),
    ("1/105", "6!*14!/(15!*7!)", True),
]

CASES = [
    *NAMES_AND_NUMBERS,
    *POWERS_AND_RADICALS,
    *RATIONAL_FUNCTIONS,
    *TRIGONOMETRY_AND_LOGS,
    *EQUATIONS,
    *SURDS_AND_COUNTING,
]


@pytest.mark.parametrize(("expect", "answer", "same"), CASES)
def test_algebraic_equivalence(expect: str, answer: str, same: bool) -> None:
    result = grade_expression_here(expect, answer)
    assert result.verdict == ("correct" if same else "incorrect"), result.message


@pytest.mark.parametrize(
    ("expect", "answer", "where"),
    [
        ("3*log(p)+log(q)", "log(p^3*q)", {"p": "positive", "q": "positive"}),
        ("(-sin(y))^m", "(-1)^m*sin(y)^m", {"m": "integer >= 0"}),
        ("b^(2*c)", "(b^2)^c", {"b": "positive"}),
    ],
)
def test_identities_that_need_declared_domains(
    expect: str, answer: str, where: dict[str, str]
) -> None:
    assert grade_expression_here(expect, answer, where).verdict == "correct"
