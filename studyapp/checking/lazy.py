"""Package faces that load their modules on first use (PEP 562), as py-fsrs loads its
``Optimizer``.

The checker's stages import sympy; a face that imported them eagerly would load the CAS in
every process that touches the package (the TUI, the CLI), where only the sandbox's
workers need it. A face lists where each of its names lives, and ``__getattr__`` imports
that module when the name is first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping


def exports(package: str, homes: Mapping[str, Iterable[str]]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``homes`` maps a module to its names."""
    where = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
