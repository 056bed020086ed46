"""``studyapp check`` reports content math it cannot render, at its path:line."""

from __future__ import annotations

from pathlib import Path

from entry_point import run_studyapp

DECK = """```deck
id: lx
title: LaTeX
```

```topic
id: lx-topic
title: Math in cards
```

```cards
Q: What is $\\frac{1}{2}\\ln\\frac{1-e}{e}$? {#lx-alpha}
A: AdaBoost's $\\alpha$, not $\\foo{x}$.
Q: Under $100 and $500? {#lx-price}
A: $x^{2$
```
"""


def test_check_names_the_math_it_cannot_render_with_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "decks" / "lx" / "deck.md"
    path.parent.mkdir(parents=True)
    path.write_text(DECK, encoding="utf-8")
    result = run_studyapp("check", "--no-grade", str(tmp_path / "decks"), "--home", str(tmp_path))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "cannot render" in line]
    unknown = "the LaTeX command `\\foo` is not understood"
    unclosed = "unbalanced brace: `{` at column 3 is never closed"
    assert lines == [
        f"{path}:12: error: cannot render the math `\\foo{{x}}`: {unknown}",
        f"{path}:14: error: cannot render the math `x^{{2`: {unclosed}",
    ]
