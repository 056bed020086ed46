from studyapp.cli import build_parser
from studyapp.cli.review import run


def test_review_command_takes_a_deck_and_the_common_options() -> None:
    args = build_parser().parse_args(["review", "--deck", "boosting", "--home", "h"])
    assert (args.handler, args.deck, args.home) == (run, "boosting", "h")


def test_review_without_a_deck_starts_on_the_home_screen() -> None:
    assert build_parser().parse_args(["review"]).deck is None
