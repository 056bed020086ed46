"""Every derivation of the content spec (../shared/topics.md) and of the bundled decks.

The correct version must be accepted, by its labelled relations and by the line-by-line
grader; the flawed version must be rejected at exactly its ``wrong-step``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.checking.derivations import check_reference_derivation_here, grade_derivation_here
from studyapp.config import bundled_content_dir
from studyapp.content.fields import parse_function, parse_step, parse_variable
from studyapp.content.loader import load_content
from studyapp.content.model import Derivation, SourceRef

SPEC = Path(__file__).resolve().parents[4] / "shared" / "topics.md"
FENCE = re.compile(r"^```derivation\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def spec_derivations(text: str) -> list[Derivation]:
    """A small reader for the ```derivation blocks of topics.md (block format only)."""
    found = []
    for match in FENCE.finditer(text):
        fields: dict[str, list[str]] = {}
        line = text.count("\n", 0, match.start()) + 2
        for row in match.group(1).splitlines():
            if row.strip() and not row.startswith("#"):
                key, _, value = row.partition(": ")
                fields.setdefault(key.strip(), []).append(value.strip())
        source = SourceRef("topics.md", line)
        found.append(
            Derivation(
                id=fields["id"][0],
                prompt=fields["prompt"][0],
                deck_id="spec",
                topic_id="spec",
                source=source,
                variables=tuple(parse_variable(v) for v in fields.get("var", [])),
                where=tuple(fields.get("where", [])),
                functions=tuple(parse_function(f) for f in fields.get("fun", [])),
                steps=tuple(parse_step(s, source) for s in fields.get("step", [])),
                flawed=tuple(parse_step(s, source) for s in fields.get("flawed", [])),
                wrong_step=int(fields["wrong-step"][0]),
                mistake=fields.get("mistake", [""])[0],
            )
        )
    return found


SPEC_DERIVATIONS = spec_derivations(SPEC.read_text(encoding="utf-8")) if SPEC.exists() else []


def _essence(derivation: Derivation) -> tuple:
    """What the checker sees of a derivation (not where it was written)."""
    steps = tuple((s.relation, s.content) for s in derivation.steps)
    flawed = tuple((s.relation, s.content) for s in derivation.flawed)
    return (derivation.id, derivation.variables, derivation.where, derivation.functions,
            steps, flawed, derivation.wrong_step)


def bundled_only() -> list[Derivation]:
    """Bundled derivations that differ from the spec's (the others are tested above)."""
    content = load_content([bundled_content_dir()])
    spec = {_essence(d) for d in SPEC_DERIVATIONS}
    return [d for d in content.items() if isinstance(d, Derivation) and _essence(d) not in spec]


def test_the_spec_has_all_eighteen_derivations():
    if not SPEC.exists():
        pytest.skip("the shared content spec is not beside this checkout")
    assert len(SPEC_DERIVATIONS) == 18


@pytest.mark.parametrize("derivation", SPEC_DERIVATIONS, ids=lambda d: d.id)
def test_spec_derivation_passes_its_own_checks(derivation):
    """Labelled steps hold, the flawed version breaks at wrong-step only, and the
    line-by-line grader accepts the steps and rejects the flawed lines at wrong-step."""
    assert check_reference_derivation_here(derivation) == []


def test_bundled_decks_have_at_least_ten_derivations():
    content = load_content([bundled_content_dir()])
    assert sum(isinstance(item, Derivation) for item in content.items()) >= 10


def test_bundled_derivations_beyond_the_spec_pass_their_own_checks():
    """Every bundled derivation comes from the spec today (tested above); one added or
    changed later is held to the same checks here."""
    assert {d.id: check_reference_derivation_here(d) for d in bundled_only()} == {
        d.id: [] for d in bundled_only()
    }


def test_flawed_adaboost_lines_are_rejected_where_the_ratio_flips():
    if not SPEC.exists():
        pytest.skip("the shared content spec is not beside this checkout")
    derivation = next(d for d in SPEC_DERIVATIONS if d.id == "adaboost-alpha-derivation")
    result = grade_derivation_here(derivation, [s.content for s in derivation.flawed])
    assert result.first_wrong_step == 2
    # The declared flawed step is recognised, so the author's explanation is what is shown.
    assert result.steps[2].relation == "flawed"
    assert derivation.mistake in result.steps[2].message
