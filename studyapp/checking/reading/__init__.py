"""Reading a typed answer: tokens, the grammar, the allow-listed names and functions, the
syntax tree and its preview, the outer shape (sets, relations, logic), numbers with units.

Nothing here decides whether an answer is right: that is :mod:`studyapp.checking.meaning`.
The one error this stage raises is :class:`InvalidAnswer` (in :mod:`.invalid`, a leaf).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.checking.lazy import exports

if TYPE_CHECKING:
    from studyapp.checking.reading.answer import (
        Reading,
        name_note,
        named_value,
        read_exercise_answer,
        read_numeric,
    )
    from studyapp.checking.reading.build import exact
    from studyapp.checking.reading.functions import BINDERS, FUNCTIONS
    from studyapp.checking.reading.invalid import InvalidAnswer, escape_controls
    from studyapp.checking.reading.names import CONSTANTS
    from studyapp.checking.reading.parse import (
        FunctionLike,
        ParsedAnswer,
        parse_answer,
        syntax_tree,
    )
    from studyapp.checking.reading.quantity import (
        figures_written,
        read_quantity,
        rounded_from,
        square_side,
    )
    from studyapp.checking.reading.rounding import decimal_places, significant_figures
    from studyapp.checking.reading.structure import (
        Collection,
        Comparison,
        Definition,
        Formula,
        Logic,
        MatrixOf,
        RealSet,
        Shape,
        StructureError,
        Truth,
        balanced,
        is_plain,
        list_items,
        read_structure,
        uses_connectives,
    )
    from studyapp.checking.reading.units import DATA, TIME, Measurement, lookup, measure

_HOMES = {
    "invalid": ["InvalidAnswer", "escape_controls"],
    "parse": ["FunctionLike", "ParsedAnswer", "parse_answer", "syntax_tree"],
    "functions": ["BINDERS", "FUNCTIONS"],
    "names": ["CONSTANTS"],
    "build": ["exact"],
    "structure": [
        "Collection",
        "Comparison",
        "Definition",
        "Formula",
        "Logic",
        "MatrixOf",
        "RealSet",
        "Shape",
        "StructureError",
        "Truth",
        "balanced",
        "is_plain",
        "list_items",
        "read_structure",
        "uses_connectives",
    ],
    "rounding": ["decimal_places", "significant_figures"],
    "answer": ["Reading", "name_note", "named_value", "read_exercise_answer", "read_numeric"],
    "quantity": ["figures_written", "read_quantity", "rounded_from", "square_side"],
    "units": ["DATA", "Measurement", "TIME", "lookup", "measure"],
}
__all__ = [
    "BINDERS",
    "CONSTANTS",
    "DATA",
    "FUNCTIONS",
    "TIME",
    "Collection",
    "Comparison",
    "Definition",
    "Formula",
    "FunctionLike",
    "InvalidAnswer",
    "Logic",
    "MatrixOf",
    "Measurement",
    "ParsedAnswer",
    "Reading",
    "RealSet",
    "Shape",
    "StructureError",
    "Truth",
    "balanced",
    "decimal_places",
    "escape_controls",
    "exact",
    "figures_written",
    "is_plain",
    "list_items",
    "lookup",
    "measure",
    "name_note",
    "named_value",
    "parse_answer",
    "read_exercise_answer",
    "read_numeric",
    "read_quantity",
    "read_structure",
    "rounded_from",
    "significant_figures",
    "square_side",
    "syntax_tree",
    "uses_connectives",
]
__getattr__ = exports(__name__, _HOMES)
