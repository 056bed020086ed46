"""Answer checking: safe parsing, domain-aware equivalence, feedback, numeric references,
derivations. No textual imports here; the CAS (sympy) loads only inside the sandbox
workers, so importing this package is cheap.

Public entry points: :func:`grade_expression`, :func:`grade_exercise` and
:class:`GradeResult` (:mod:`.grade`); the parser is :mod:`.parse`, equivalence
:mod:`.equivalence`, domains :mod:`.domains`, the worker pool :mod:`.sandbox`.
"""

from studyapp.checking.exercises.grade import GradeResult, grade_exercise, grade_expression

__all__ = ["GradeResult", "grade_exercise", "grade_expression"]
