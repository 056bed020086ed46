"""Renderers: the same ``Report`` as HTML, Markdown, JSON, and CSV files."""

from studyapp.report.render.csvlog import write_item_csv, write_review_csv
from studyapp.report.render.html import render_html
from studyapp.report.render.jsondata import render_json
from studyapp.report.render.markdown import render_markdown

__all__ = [
    "render_html",
    "render_json",
    "render_markdown",
    "write_item_csv",
    "write_review_csv",
]
