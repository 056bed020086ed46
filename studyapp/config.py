"""Where studyapp keeps its data and which content folders it reads.

Resolution order for the home directory: explicit argument (``--home``), the
``STUDYAPP_HOME`` environment variable, then the platform's user data dir.
"""

from __future__ import annotations

import os
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
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("learning_steps_minutes", "relearning_steps_minutes"):
            if key in values:
                values[key] = tuple(int(v) for v in values[key])
        if "content_dirs" in values:
            values["content_dirs"] = tuple(
                (base / Path(p).expanduser()).resolve() for p in values["content_dirs"]
            )
        if values.get("durability", "normal") not in DURABILITY_LEVELS:
            raise HomeError(
                f'{base / CONFIG_FILENAME}: durability must be "normal" or "full", '
                f"not {values['durability']!r}"
            )
        return cls(**values)


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
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
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

