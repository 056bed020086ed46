"""Cloze deletions: ``{{c1::answer}}``, ``{{c1::answer::hint}}`` or plain ``{{answer}}``.

Plain deletions are numbered 1, 2, ... in order, skipping numbers used explicitly. A
cloze line may have extra text (an ``A:`` line after it, Anki's "Back Extra"), shown
under the answer of each of its cards.
"""

from __future__ import annotations

import re

CLOZE_RE = re.compile(r"\{\{(?:c(?P<num>\d+)::)?(?P<answer>.+?)(?:::(?P<hint>.+?))?\}\}")


def _numbered(text: str) -> list[tuple[re.Match[str], int]]:
    matches = list(CLOZE_RE.finditer(text))
    explicit = {int(m["num"]) for m in matches if m["num"] is not None}
    result, auto = [], 0
    for match in matches:
        if match["num"] is not None:
            result.append((match, int(match["num"])))
            continue
        auto += 1
        while auto in explicit:
            auto += 1
        result.append((match, auto))
    return result


def cloze_numbers(text: str) -> list[int]:
    """The distinct cloze numbers in order of first appearance."""
    return list(dict.fromkeys(number for _, number in _numbered(text)))


def render_cloze(text: str, hidden: int) -> tuple[str, str]:
    """(front, back) for cloze number ``hidden``: the front shows ``[…]`` (or the hint)."""
    front, back, last = [], [], 0
    for match, number in _numbered(text):
        plain = text[last : match.start()]
        front.append(plain)
        back.append(plain)
        if number == hidden:
            front.append(f"[{match['hint'] or '…'}]")
            back.append(f"[{match['answer']}]")
        else:
            front.append(match["answer"])
            back.append(match["answer"])
        last = match.end()
    front.append(text[last:])
    back.append(text[last:])
    return "".join(front), "".join(back)


def cloze_back(back: str, extra: str) -> str:
    """A cloze card's answer side with the line's extra text under it."""
    return f"{back}\n\n{extra}" if extra else back
