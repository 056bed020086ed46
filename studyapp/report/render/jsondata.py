"""The report as one JSON document (``Report.to_dict``)."""

from __future__ import annotations

import json

from studyapp.report.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
