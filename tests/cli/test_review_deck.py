"""`studyapp review --deck D` refuses a deck that does not exist instead of opening an empty review."""

from __future__ import annotations

import pytest

from studyapp.cli import main
from studyapp.cli.review import other_decks
from studyapp.config import load_config

DECK = """```deck
id: ml
title: Machine learning
```

```topic
id: bagging
title: Bagging
```

```cards
Q: What does bagging reduce? {#bagging-reduces}
A: Variance.
```
"""


def test_an_unknown_deck_is_an_error_naming_the_decks(tmp_path, write_content, capsys):
    content = write_content({"ml.md": DECK})
    args = ["review", "--deck", "nosuch", "--home", str(tmp_path / "home")]
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--content", str(content), "--no-bundled"])
    assert exit_info.value.code == 2
    assert "no deck 'nosuch'; decks: ml" in capsys.readouterr().err


def test_a_deck_in_the_content_but_not_yet_synced_is_known(tmp_path, write_content):
    content = write_content({"ml.md": DECK})
    config = load_config(home=tmp_path / "home", content=[str(content)], include_bundled=False)
    assert other_decks(config, "ml") is None
