from pathlib import Path

import pytest

from studyapp.config import HomeError, Settings, bundled_content_dir, load_config


def test_home_from_environment(isolated_home: Path):
    assert load_config().home == isolated_home.resolve()


def test_explicit_home_wins_over_environment(tmp_path: Path):
    assert load_config(home=tmp_path / "elsewhere").home == (tmp_path / "elsewhere").resolve()


def test_config_file_sets_retention_steps_and_content_dirs(isolated_home: Path, tmp_path: Path):
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(
        'desired_retention = 0.85\nlearning_steps_minutes = [1, 5, 15]\ncontent_dirs = ["my-decks"]\n'
    )
    config = load_config(content=[str(tmp_path / "extra")])
    assert config.settings.desired_retention == 0.85
    assert config.settings.learning_steps_minutes == (1, 5, 15)
    assert config.content_dirs == (
        bundled_content_dir(),
        (isolated_home / "my-decks").resolve(),
        (tmp_path / "extra").resolve(),
    )


def test_bad_config_file_is_a_clear_error(isolated_home: Path):
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("desired_retention = \n")
    with pytest.raises(HomeError, match="config.toml: invalid settings file"):
        load_config()


def test_unwritable_home_is_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HomeError, match="cannot write to the studyapp data directory"):
        load_config(home=blocker / "home")


def test_without_bundled_only_given_folders(tmp_path: Path):
    config = load_config(content=[str(tmp_path)], include_bundled=False)
    assert config.content_dirs == (tmp_path.resolve(),)


def test_defaults_match_anki_like_expectations():
    settings = Settings()
    assert (settings.desired_retention, settings.rollover_hour, settings.leech_threshold) == (0.9, 4, 8)


def test_a_misspelt_setting_is_named_with_the_known_ones(isolated_home: Path):
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("new_per_dya = 50\n")
    with pytest.raises(HomeError, match=r"config\.toml: unknown setting 'new_per_dya'; known: "):
        load_config()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('rollover_hour = "four"', "rollover_hour must be an hour from 0 to 23, not 'four'"),
        ("rollover_hour = 24", "rollover_hour must be an hour from 0 to 23, not 24"),
        ("learning_steps_minutes = 5", "learning_steps_minutes must be a list of whole minutes"),
        ("desired_retention = 90", "desired_retention must be a probability such as 0.9"),
    ],
)
def test_a_setting_of_the_wrong_type_is_a_clear_error(isolated_home: Path, line, message):
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text(line + "\n")
    with pytest.raises(HomeError, match="config.toml: " + message):
        load_config()
