from studyapp.scheduling import Rating
from studyapp.tui.screens.review import downgraded


def test_a_correct_answer_after_hints_suggests_hard_not_good() -> None:
    assert downgraded(Rating.Good, hints_used=1) == Rating.Hard
    assert downgraded(Rating.Good, hints_used=0) == Rating.Good
    assert downgraded(Rating.Again, hints_used=2) == Rating.Again
