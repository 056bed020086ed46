"""Answer checking, in the stages an answer goes through.

``reading`` (tokens, grammar, allow-list, preview) → ``meaning`` (evaluation, domains,
equivalence, feedback) → a :class:`Verdict` (``verdict``); ``exercises`` grades one exercise
(the judge, the answer tests) and ``derivations`` a derivation line by line; both run in
the ``sandbox``'s worker processes. Each subpackage's ``__init__`` is its public face.

No textual imports here; the CAS (sympy) loads only inside the sandbox workers, so
importing this package is cheap.
"""

from studyapp.checking.exercises import grade_exercise, grade_expression
from studyapp.checking.verdict import CheckResult, GradeResult, Verdict

__all__ = ["CheckResult", "GradeResult", "Verdict", "grade_exercise", "grade_expression"]
