"""Where studyapp keeps its data and which content folders it reads.

Resolution order for the home directory: explicit argument (``--home``), the
``STUDYAPP_HOME`` environment variable, then the platform's user data dir.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "studyapp"
HOME_ENV = "STUDYAPP_HOME"
DB_FILENAME = "studyapp.sqlite3"
CONFIG_FILENAME = "config.toml"
# How hard each commit waits for the disk (see studyapp.store.engine and the README).
DURABILITY_LEVELS = ("normal", "full")


class HomeError(Exception):
    """The data directory cannot be created or written."""


def bundled_content_dir() -> Path:
    """The decks shipped with the package (installed) or the repo's content/ (source tree)."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "bundled_content"
    return installed if installed.is_dir() else package_dir.parent / "content"


@dataclass(frozen=True)
class Settings:
    """User settings read from ``config.toml`` in the home directory."""

    desired_retention: float = 0.9
    rollover_hour: int = 4
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps_minutes: tuple[int, ...] = (1, 10)
    relearning_steps_minutes: tuple[int, ...] = (10,)
    leech_threshold: int = 8
    backups_to_keep: int = 7
    check_timeout_s: float = 2.0
    content_dirs: tuple[Path, ...] = ()
    durability: str = "normal"

    @classmethod
    def from_mapping(cls, data: dict, base: Path) -> Settings:
        path = base / CONFIG_FILENAME
        for key, value in data.items():
            if key not in _SETTING_CHECKS:
                raise HomeError(
                    f"{path}: unknown setting {key!r}; known: {', '.join(_SETTING_CHECKS)}"
                )
            valid, wanted = _SETTING_CHECKS[key]
            if not valid(value):
                raise HomeError(f"{path}: {key} must be {wanted}, not {value!r}")
        values = dict(data)
        for key in ("learning_steps_minutes", "relearning_steps_minutes"):
            if key in values:
                values[key] = tuple(int(v) for v in values[key])
        if "content_dirs" in values:
            values["content_dirs"] = tuple(
                (base / Path(p).expanduser()).resolve() for p in values["content_dirs"]
            )
        return cls(**values)


# A typo or a wrong type in config.toml is named with the file, not met later as a traceback.
def _whole(value: object, low: int = 0, high: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _minutes(value: object) -> bool:
    return isinstance(value, list) and all(_whole(v, low=1) for v in value)


_SETTING_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "desired_retention": (lambda v: _number(v) and v < 1, "a probability such as 0.9"),
    "rollover_hour": (lambda v: _whole(v, high=23), "an hour from 0 to 23"),
    "new_per_day": (_whole, "a whole number"),
    "reviews_per_day": (_whole, "a whole number"),
    "learning_steps_minutes": (_minutes, "a list of whole minutes such as [1, 10]"),
    "relearning_steps_minutes": (_minutes, "a list of whole minutes such as [10]"),
    "leech_threshold": (lambda v: _whole(v, low=1), "a whole number of lapses"),
    "backups_to_keep": (lambda v: _whole(v, low=1), "a whole number of backups"),
    "check_timeout_s": (_number, "a number of seconds such as 2.0"),
    "content_dirs": (
        lambda v: isinstance(v, list) and all(isinstance(d, str) for d in v),
        'a list of folders such as ["~/notes/decks"]',
    ),
    "durability": (lambda v: v in DURABILITY_LEVELS, '"normal" or "full"'),
}


@dataclass(frozen=True)
class AppConfig:
    """Everything the core needs to know about where things are."""

    home: Path
    extra_content_dirs: tuple[Path, ...] = ()
    include_bundled: bool = True
    settings: Settings = field(default_factory=Settings)

    @property
    def db_path(self) -> Path:
        return self.home / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.home / "backups"

    @property
    def content_dirs(self) -> tuple[Path, ...]:
        dirs: list[Path] = [bundled_content_dir()] if self.include_bundled else []
        for extra in (*self.settings.content_dirs, *self.extra_content_dirs):
            if extra not in dirs:
                dirs.append(extra)
        return tuple(dirs)


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    raw = explicit or os.environ.get(HOME_ENV) or platformdirs.user_data_dir(APP_NAME)
    return Path(raw).expanduser().resolve()


def ensure_writable(home: Path) -> None:
    probe = home / ".write-test"
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            # writable, only full: reading still works, and each write says why it failed
            probe.unlink(missing_ok=True)
            return
        raise HomeError(
            f"cannot write to the studyapp data directory {home}: {exc.strerror or exc}. "
            f"Choose another with --home DIR or the {HOME_ENV} environment variable."
        ) from exc


def load_settings(home: Path) -> Settings:
    path = home / CONFIG_FILENAME
    if not path.exists():
        return Settings()
    import tomllib  # lazy: most homes have no settings file, and every start reads this

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise HomeError(f"{path}: invalid settings file: {exc}") from exc
    return Settings.from_mapping(data, base=home)


def load_config(
    home: str | os.PathLike[str] | None = None,
    content: list[str] | tuple[str, ...] = (),
    include_bundled: bool = True,
) -> AppConfig:
    """Build the configuration from CLI arguments, the environment and config.toml."""
    resolved = resolve_home(home)
    ensure_writable(resolved)
    return AppConfig(
        home=resolved,
        extra_content_dirs=tuple(Path(c).expanduser().resolve() for c in content),
        include_bundled=include_bundled,
        settings=load_settings(resolved),
    )

