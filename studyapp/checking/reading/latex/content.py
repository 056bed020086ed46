"""``$…$`` and ``$$…$$`` in content text: found, shown as unicode or MathML, and checked.

Math is found by pandoc's rule, so prices stay prices: an opening ``$`` has no space after
it, the next ``$`` closes it and has no space before it and no digit after it (``under
$100 … $500`` holds no math), and ``\\$`` is a dollar sign. Text outside math is left as written;
Markdown and CSV exports keep the source, only the terminal and the HTML report render.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.mathml import to_mathml
from studyapp.checking.reading.latex.unicode import to_unicode
from studyapp.content.model import ContentProblem, ContentSet, SourceRef, Topic


@dataclass(frozen=True)
class Piece:
    text: str  # the text, or the LaTeX between the dollars
    math: bool = False
    display: bool = False  # $$…$$
    start: int = 0  # offset of the piece (of its opening dollar for math) in the text


def pieces(text: str) -> Iterator[Piece]:
    """``text`` cut into plain text and math, in order."""
    plain_start, i = 0, 0
    while i < len(text):
        if text.startswith("\\$", i):
            i += 2
            continue
        if text[i] != "$":
            i += 1
            continue
        found = _math_at(text, i)
        if found is None:
            i += 1
            continue
        math, end = found
        if plain_start < i:
            yield Piece(_unescape(text[plain_start:i]), start=plain_start)
        yield math
        plain_start = i = end
    if plain_start < len(text):
        yield Piece(_unescape(text[plain_start:]), start=plain_start)


def _math_at(text: str, i: int) -> tuple[Piece, int] | None:
    if text.startswith("$$", i):
        close = text.find("$$", i + 2)
        if close < 0:
            return None
        return Piece(text[i + 2 : close], math=True, display=True, start=i), close + 2
    if i + 1 >= len(text) or text[i + 1].isspace():
        return None
    close = i + 1
    while True:
        close = text.find("$", close + 1)
        if close < 0:
            return None
        if text[close - 1] != "\\":
            break
    if text[close - 1].isspace() or text[close + 1 : close + 2].isdigit():
        return None  # "under $100 … under $500": two prices, no math between them
    return Piece(text[i + 1 : close], math=True, start=i), close + 1


def _unescape(text: str) -> str:
    return text.replace("\\$", "$")


def math_text(text: str) -> str:
    """``text`` with its math as unicode (for the terminal); math that cannot be shown
    keeps its source."""
    return "".join(_as_unicode(piece) if piece.math else piece.text for piece in pieces(text))


def _as_unicode(piece: Piece) -> str:
    try:
        return to_unicode(piece.text)
    except InvalidAnswer:
        return f"${piece.text}$"


def math_html(text: str) -> str:
    """``text`` as HTML, its math as MathML; math that cannot be shown stays as source."""
    return "".join(_as_html(piece) for piece in pieces(text))


def _as_html(piece: Piece) -> str:
    if not piece.math:
        return escape(piece.text)
    try:
        return to_mathml(piece.text, display=piece.display)
    except InvalidAnswer:
        return f"<code>{escape(piece.text)}</code>"


def math_problems(text: str) -> list[str]:
    """Why each piece of math in ``text`` cannot be shown (empty when all can)."""
    problems = []
    for piece in pieces(text):
        if not piece.math:
            continue
        try:
            to_unicode(piece.text)
            to_mathml(piece.text)
        except InvalidAnswer as error:
            problems.append(f"cannot render the math `{_clip(piece.text)}`: {error.message}")
    return problems


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def content_math_problems(content: ContentSet) -> list[ContentProblem]:
    """``path:line: cannot render the math …`` for every card, exercise and derivation."""
    problems = []
    for deck in content.decks:
        for topic in deck.topics:
            for source, text in _texts(topic):
                problems.extend(ContentProblem(source, message) for message in math_problems(text))
    return problems


def _texts(topic: Topic) -> Iterator[tuple[SourceRef, str]]:
    for card in topic.cards:
        yield card.source, card.front
        yield card.source, card.back
    for exercise in topic.exercises:
        for text in (exercise.prompt, *exercise.hints, *exercise.notes):
            yield exercise.source, text
    for derivation in topic.derivations:
        for text in (derivation.prompt, derivation.mistake, *derivation.hints, *derivation.notes):
            yield derivation.source, text
