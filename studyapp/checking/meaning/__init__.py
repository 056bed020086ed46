"""What a read answer means: values at random points (:mod:`.evaluate`) inside the declared
domains, equivalence, how it is written (:mod:`.form`), structured and text answers, and
the feedback that names a mistake. Works on what :mod:`studyapp.checking.reading` read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.checking.lazy import exports

if TYPE_CHECKING:
    from studyapp.checking.meaning.compound import (
        ValueGroup,
        compare_propositions,
        to_value,
        truth_set,
    )
    from studyapp.checking.meaning.domains import (
        Domain,
        DomainError,
        VariableSpace,
        domains_from_variables,
        parse_bound,
        parse_domain,
        parse_named_domain,
        sample_points,
        space_from_mapping,
    )
    from studyapp.checking.meaning.equivalence import (
        EXACT,
        Evidence,
        Tol,
        equations_equivalent,
        equivalent,
    )
    from studyapp.checking.meaning.evaluation import (
        Compiled,
        Undefined,
        Value,
        as_real,
        compile_expr,
        evaluate,
        point_env,
        run,
    )
    from studyapp.checking.meaning.feedback import (
        Diagnosis,
        declared_mistake,
        diagnose,
        diagnose_number,
    )
    from studyapp.checking.meaning.form import (
        identical,
        in_lowest_terms,
        is_completed_square,
        is_expanded,
        is_factored,
        is_partial_fractions,
        is_single_fraction,
        read_as_written,
        same_form,
        with_nouns_named,
    )
    from studyapp.checking.meaning.form_rules import same_with_rules
    from studyapp.checking.meaning.structured import grade_compound, read_values, values_agree
    from studyapp.checking.meaning.text_answers import (
        BadPattern,
        is_quoted,
        matches_pattern,
        same_text,
        same_text_sloppily,
        similar_text,
        text_of,
    )
    from studyapp.checking.meaning.written_terms import written_term

_HOMES = {
    "evaluation": [
        "Compiled",
        "Undefined",
        "Value",
        "as_real",
        "compile_expr",
        "evaluate",
        "point_env",
        "run",
    ],
    "domains": [
        "Domain",
        "DomainError",
        "VariableSpace",
        "domains_from_variables",
        "parse_bound",
        "parse_domain",
        "parse_named_domain",
        "sample_points",
        "space_from_mapping",
    ],
    "equivalence": ["EXACT", "Evidence", "Tol", "equations_equivalent", "equivalent"],
    "feedback": ["Diagnosis", "declared_mistake", "diagnose", "diagnose_number"],
    "compound": ["ValueGroup", "compare_propositions", "to_value", "truth_set"],
    "structured": ["grade_compound", "read_values", "values_agree"],
    "form": [
        "identical",
        "in_lowest_terms",
        "is_completed_square",
        "is_expanded",
        "is_factored",
        "is_partial_fractions",
        "is_single_fraction",
        "read_as_written",
        "same_form",
        "with_nouns_named",
    ],
    "form_rules": ["same_with_rules"],
    "written_terms": ["written_term"],
    "text_answers": [
        "BadPattern",
        "is_quoted",
        "matches_pattern",
        "same_text",
        "same_text_sloppily",
        "similar_text",
        "text_of",
    ],
}
__all__ = [
    "EXACT",
    "BadPattern",
    "Compiled",
    "Diagnosis",
    "Domain",
    "DomainError",
    "Evidence",
    "Tol",
    "Undefined",
    "Value",
    "ValueGroup",
    "VariableSpace",
    "as_real",
    "compare_propositions",
    "compile_expr",
    "declared_mistake",
    "diagnose",
    "diagnose_number",
    "domains_from_variables",
    "equations_equivalent",
    "equivalent",
    "evaluate",
    "grade_compound",
    "identical",
    "in_lowest_terms",
    "is_completed_square",
    "is_expanded",
    "is_factored",
    "is_partial_fractions",
    "is_quoted",
    "is_single_fraction",
    "matches_pattern",
    "parse_bound",
    "parse_domain",
    "parse_named_domain",
    "point_env",
    "read_as_written",
    "read_values",
    "run",
    "same_form",
    "same_text",
    "same_text_sloppily",
    "same_with_rules",
    "sample_points",
    "similar_text",
    "space_from_mapping",
    "text_of",
    "to_value",
    "truth_set",
    "values_agree",
    "with_nouns_named",
    "written_term",
]
__getattr__ = exports(__name__, _HOMES)
