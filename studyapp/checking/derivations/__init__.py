"""Derivations checked line by line: which line breaks, and why (:mod:`.check` is the entry;
:mod:`.infer` tries the relations a teacher would accept; :mod:`.result` is what comes
back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.checking.lazy import exports

if TYPE_CHECKING:
    from studyapp.checking.derivations.check import (
        check_derivation,
        check_derivation_here,
        check_reference_derivation,
        check_reference_derivation_here,
        grade_derivation,
        grade_derivation_here,
        next_hint,
        next_hint_here,
    )
    from studyapp.checking.derivations.reader import LineReader
    from studyapp.checking.derivations.result import DerivationResult, StepResult, StepStatus
    from studyapp.checking.derivations.scope import Scope

_HOMES = {
    "result": ["DerivationResult", "StepResult", "StepStatus"],
    "check": [
        "check_derivation",
        "check_derivation_here",
        "check_reference_derivation",
        "check_reference_derivation_here",
        "grade_derivation",
        "grade_derivation_here",
        "next_hint",
        "next_hint_here",
    ],
    "reader": ["LineReader"],
    "scope": ["Scope"],
}
__all__ = [
    "DerivationResult",
    "LineReader",
    "Scope",
    "StepResult",
    "StepStatus",
    "check_derivation",
    "check_derivation_here",
    "check_reference_derivation",
    "check_reference_derivation_here",
    "grade_derivation",
    "grade_derivation_here",
    "next_hint",
    "next_hint_here",
]
__getattr__ = exports(__name__, _HOMES)
