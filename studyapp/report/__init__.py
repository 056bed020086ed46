"""Progress reports: statistics as plain data (``build_report``), renderers on top.

Nothing here imports textual; the CLI (``studyapp report``) and the TUI's stats screen
both call ``build_report`` and the renderers.
"""

from studyapp.report.build import build_report
from studyapp.report.model import Report, ReportFilter

__all__ = ["Report", "ReportFilter", "build_report"]
