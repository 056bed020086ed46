"""Fixtures for store tests: a config on a temp home with one content folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studyapp.config import AppConfig, Settings

DECK = """```deck
id: ml
title: Machine learning
```
"""

TOPIC = """```topic
id: boosting
title: Boosting
```

```cards
Q: What does bagging reduce? {#bagging}
A: Variance.
R: Out-of-bag fraction {#oob}
A: 1/e
Q: What does boosting reduce? {#boosting-bias}
A: Bias.
```
"""


@pytest.fixture
def content_dir(write_content: Callable[[dict[str, str]], Path]) -> Path:
    return write_content({"ml/deck.md": DECK, "ml/boosting.md": TOPIC})


@pytest.fixture
def config(tmp_path: Path, content_dir: Path) -> AppConfig:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return AppConfig(
        home=home,
        extra_content_dirs=(content_dir,),
        include_bundled=False,
        settings=Settings(backups_to_keep=3),
    )
