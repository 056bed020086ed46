"""Named answer tests besides plain equivalence, as e-assessment systems offer them.

``grade_expression(expect, answer, test=...)`` picks one by name (an argument may
follow after a space):

* ``sigfigs N`` — a decimal written to N significant figures (``100`` counts as 1 to 3)
  and accurate to them; ``sigfigs N M``: accurate to M figures (M = 0: only the
  writing is checked; M = -1: at least N figures written, the first N accurate);
* ``strict-sigfigs N`` — written to exactly N significant figures, value not checked;
* ``decimals N`` — written to N decimal places, equal to the expected value so rounded;
* ``digits N`` — the same first N significant digits as the expected number, wherever
  the decimal point is (``31.41`` for ``3.141``: the point in the wrong place);
* ``greater`` / ``at-least`` — a number above (or not below) the expected one;
* ``system`` — a list of equations with the same real solutions as the expected list;
* ``same-type`` — only the kind of answer: number, equation, inequality, set, list...;
* ``rename`` — equivalent once the answer's variables are renamed (``t`` for ``x``);
  ``rename x y``: x and y keep their names;
* ``same-form`` — the expected answer written with its terms and factors in another order
  or grouping, nothing else changed (``x*2+1`` for ``1+2*x``, not ``x+x+1``);
* ``same-form-rules RULE…`` — as ``same-form``, with rewriting rules allowed, named as
  STACK's EqualComAssRules names them: ``oneMul`` (1·x is x), ``zeroAdd``, ``negNeg``,
  ``intMul`` (whole numbers multiplied) ..., or groups such as ``ID_TRANS``;
  ``noncomMul`` keeps the order of factors (see ``meaning.form_rules``);
* ``identical`` — the expected answer exactly as written, up to spaces (``x+1`` is not
  ``1+x``);
* ``equivalent-nouns`` — equivalent, with Maxima's noun forms (``'diff(y, x)``,
  ``nounint(…)``) compared as written rather than worked out (``'diff(y, x)`` is not 0);
* ``factored`` — equivalent, and written as a product of irreducible factors with no
  whole-number common factor left inside (``2*x*(x-3)``, not ``x*(2*x-6)``);
* ``single-fraction`` — equivalent, and written as one fraction (``(2*a+1)/2``);
* ``partial-fractions x``, ``completed-square x`` — equivalent, and split into proper
  fractions over powers of irreducible factors, or with x only in the square of one
  linear expression (``-4*(x-1)^2 + 3``);
* ``expanded``, ``lowest-terms`` — only how the answer is written: no product of sums
  left; every fraction of whole numbers cancelled and no root left in a denominator
  (pair them with an equivalence check);
* ``text``, ``sloppy-text``, ``pattern`` — the answer as text: exactly the expected
  text, the same up to case and spaces, or matching the expected regular expression;
* ``similar-text S [case] [spaces]`` — closest to one of the good texts of
  ``[[good…], [bad…]]``, with a similarity of at least S (a misspelt term);
* ``units N [M]``, ``units-relative TOL``, ``units-absolute TOL`` — a number with units
  (``9.81*m/s^2``), compared in SI base units to N significant figures or within a
  tolerance; ``strict`` first wants the expected units as written (see ``quantities``);
* ``antiderivative x`` — its derivative in x is the expected one's, whatever constant
  is added; ``integral x`` also wants one arbitrary constant of integration (``+ C``,
  or ``ln(k·x)``) and keeps an expected ``ln|x|`` from becoming ``ln x``;
  ``integral-optional-constant x`` as ``integral x``, but the constant may be left out
  or be a number (``x^3/3 + 1``), not another function of a name (``x^3/3 + C^2``);
* ``derivative x`` — equivalent to the expected derivative; an answer that is an
  antiderivative of it instead is told so (``x^4/4`` for ``x^3``);
* ``equivalence-chain`` — working given as a list of lines, each equivalent to the one
  before (``[x^2 = 4, x = 2 or x = -2]``, not ``[x^2 = 4, x = 2]``); ``first``: the
  first line also equivalent to the expected answer's first line; ``positive``: the
  variables are positive;
* ``added-constant x n`` — only the answer: one name besides x and n, added as ``+ C``
  (``added-constant loose x``: in any form that does not involve x, such as ``3*C``).

These mirror STACK's answer tests NumSigFigs, SigFigsStrict, NumDecPlaces,
NumDecPlacesWrong, GT, GTE, SysEquiv, SameType, SubstEquiv, CasEqual, EqualComAss,
EqualComAssRules, AlgEquivNouns,
FacForm, SingleFrac, PartFrac, CompSquare, Expanded, LowestTerms, String, StringSloppy,
SRegExp, Levenshtein, Units (with its Strict, Relative and Absolute variants), Antidiff,
Int, Diff, Equiv, EquivFirst and AddConst. Where STACK's maths differs from ours (decimals are exact numbers, real
variables), ours is kept: see ``tests/checking/exercises/test_grade_algebraic_equivalence.py``.
"""

from __future__ import annotations

import random

from studyapp.checking.exercises.answer_tests import (
    forms,
    integrals,
    numeric,
    quantities,
    reasoning,
    structures,
)
from studyapp.checking.exercises.answer_tests.common import Grader
from studyapp.checking.meaning import (
    VariableSpace,
    in_lowest_terms,
    is_completed_square,
    is_expanded,
    is_partial_fractions,
    matches_pattern,
    same_text,
    same_text_sloppily,
)
from studyapp.checking.reading import InvalidAnswer, StructureError
from studyapp.checking.verdict import GradeResult, Verdict
from studyapp.content.answer_test_spec import UnknownTest, read_test

__all__ = ["UnknownTest", "read_test", "run_answer_test"]


def run_answer_test(
    test: str, expect: str, answer: str, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """Grade ``answer`` against ``expect`` with the named test (see the module docstring)."""
    name, arguments = read_test(test)
    try:
        return _GRADERS[name](expect, answer, arguments, space, rng)
    except StructureError as exc:
        return GradeResult(Verdict.INVALID, str(exc))
    except InvalidAnswer as exc:
        return GradeResult(Verdict.INVALID, str(exc), details={"column": exc.column})


_GRADERS: dict[str, Grader] = {
    "sigfigs": numeric.sigfigs,
    "strict-sigfigs": numeric.strict_sigfigs,
    "decimals": numeric.decimals,
    "digits": numeric.digits,
    "greater": numeric.compare_numbers(strict=True),
    "at-least": numeric.compare_numbers(strict=False),
    "system": structures.system,
    "same-type": structures.same_type,
    "rename": structures.rename,
    "same-form": forms.same_form,
    "same-form-rules": forms.same_form_rules,
    "equivalent-nouns": forms.equivalent_nouns,
    "identical": forms.identical,
    "factored": forms.factored,
    "single-fraction": forms.single_fraction,
    "partial-fractions": forms.in_form_of(
        is_partial_fractions, "equivalent, but not split into partial fractions"
    ),
    "completed-square": forms.in_form_of(
        is_completed_square, "equivalent, but the square is not completed"
    ),
    "expanded": forms.written_as(is_expanded, "not expanded: multiply out the brackets"),
    "lowest-terms": forms.written_as(in_lowest_terms, "not in lowest terms"),
    "text": forms.as_text(same_text),
    "sloppy-text": forms.as_text(same_text_sloppily),
    "pattern": forms.as_text(matches_pattern),
    "similar-text": forms.similar,
    "units": quantities.units,
    "units-relative": quantities.within(relative=True),
    "units-absolute": quantities.within(relative=False),
    "antiderivative": integrals.antiderivative("none"),
    "integral": integrals.antiderivative("needed"),
    "integral-optional-constant": integrals.antiderivative("optional"),
    "added-constant": integrals.added_constant,
    "derivative": integrals.derivative,
    "equivalence-chain": reasoning.equivalence_chain,
}
