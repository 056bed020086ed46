"""The dispatcher: bare ``studyapp`` means ``studyapp review``."""

import pytest

from studyapp.cli import main


@pytest.fixture
def review_calls(monkeypatch: pytest.MonkeyPatch) -> list:
    calls = []
    monkeypatch.setattr("studyapp.cli.review.run", lambda args: calls.append(args) or 0)
    return calls


def test_bare_command_with_review_options_runs_review(review_calls: list, tmp_path):
    assert main(["--home", str(tmp_path), "--deck", "boosting"]) == 0
    assert [(a.deck, a.home) for a in review_calls] == [("boosting", str(tmp_path))]


def test_a_home_folder_named_like_a_command_is_not_a_command(review_calls: list):
    assert main(["--home", "check"]) == 0
    assert review_calls[0].home == "check"


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err
