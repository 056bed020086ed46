"""Derivation review: live markers per line, a hint, then the graded report and rating."""

from __future__ import annotations

from textual.widgets import Static, TextArea
from tui_support import review_rows, settle

from studyapp.scheduling import Rating
from studyapp.tui.widgets.derivation_view import CHECK_DELAY_S, DerivationView

SIZE = (100, 40)
GIVEN = "(1 - e)*exp(-alpha) + e*exp(alpha)"
SLOPE = "-(1 - e)*exp(-alpha) + e*exp(alpha)"
INVERTED = "exp(2*alpha) = e/(1 - e)"
CORRECT = [GIVEN, SLOPE, "exp(2*alpha) = (1 - e)/e", "alpha = log((1 - e)/e)/2"]


async def open_derivation(pilot) -> DerivationView:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot, delay=CHECK_DELAY_S)
    return pilot.app.screen.query_one(DerivationView)


def markers(view: DerivationView) -> list[str]:
    return str(view.query_one("#markers", Static).render()).split("\n")


async def test_lines_get_live_markers_and_the_selected_line_is_diagnosed(derivation_app) -> None:
    async with derivation_app.run_test(size=SIZE) as pilot:
        view = await open_derivation(pilot)
        editor = view.query_one(TextArea)
        assert editor.text == GIVEN + "\n"  # the learner starts from the given
        editor.text = f"{GIVEN}\n{SLOPE}\n\n{INVERTED}"
        await settle(pilot, delay=CHECK_DELAY_S + 0.1)
        assert markers(view) == ["•", "✓", "", "✗"]
        editor.move_cursor((3, 0))
        await settle(pilot)
        assert "does not follow" in str(view.query_one("#diagnosis", Static).render())

        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Set the derivative" in str(view.query_one("#hints", Static).render())


async def test_a_flood_of_lines_is_refused_without_freezing(derivation_app) -> None:
    async with derivation_app.run_test(size=SIZE) as pilot:
        view = await open_derivation(pilot)
        view.query_one(TextArea).text = "\n".join(["exp(alpha)**2"] * 5000)
        await settle(pilot, delay=CHECK_DELAY_S + 0.1)
        assert "at most" in str(view.query_one("#diagnosis", Static).render())


async def test_submitted_derivation_is_reported_rated_and_stored(derivation_app) -> None:
    async with derivation_app.run_test(size=SIZE) as pilot:
        view = await open_derivation(pilot)
        view.query_one(TextArea).text = "\n".join(CORRECT)
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = str(view.query_one("#report", Static).render())
        assert report.startswith("✓ Correct")
        assert "Reference derivation" in str(view.query_one("#reference", Static).render())
        assert derivation_app.screen.suggested == Rating.Good
        await pilot.press("enter")
        await settle(pilot)

    (row,) = review_rows(derivation_app.config)
    assert (row["verdict"], row["rating"], row["answer"]) == ("correct", 3, "\n".join(CORRECT))


async def test_the_report_numbers_lines_as_the_editor_rows(derivation_app) -> None:
    async with derivation_app.run_test(size=SIZE) as pilot:
        view = await open_derivation(pilot)
        view.query_one(TextArea).text = f"{GIVEN}\n{SLOPE}\n\n{INVERTED}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = str(view.query_one("#report", Static).render())
        assert report.startswith("✗ Incorrect: line 4 does not follow")
        assert report.count("does not follow") == 2  # the summary, then under row 4
        assert f"4 ✗ {INVERTED}" in report
