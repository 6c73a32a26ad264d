"""Every admin export (reports and listings, CSV and XLSX) escapes would-be formulas through one path."""

import csv
import io

import openpyxl
import pytest
from django.urls import get_resolver
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from feedback.models import PageFeedbackDay
from search.models import ZeroResultQuery
from tests.factories import TopicPageFactory
from website.exports import FormulaEscapingExportMixin

FORMULA_TITLE = '=HYPERLINK("https://evil.example","Sciatica")'


def project_export_views():
    get_resolver().url_patterns  # noqa: B018  (loads every app's admin URLs and view classes)
    found, todo = set(), [SpreadsheetExportMixin]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if not subclass.__module__.startswith(("wagtail", "django")) and getattr(subclass, "list_export", None):
                found.add(subclass)
    return found


def test_every_report_and_listing_that_exports_escapes_formulas():
    views = project_export_views()
    assert len(views) >= 7, views  # review due, translations, feedback, content checks, CTA clicks, email, searches
    assert [view for view in views if not issubclass(view, FormulaEscapingExportMixin)] == []


def exported_cells(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if export_format == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode())) for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [cell for row in sheet.values for cell in row if isinstance(cell, str)]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "url",
    ["/admin/reports/page-feedback/", "/admin/reports/topics-due-for-review/", "/admin/reports/zero-result-searches/"],
)
def test_a_page_or_search_named_as_a_formula_is_exported_as_text(admin_client, topic_index, url, export_format):
    page = TopicPageFactory(parent=topic_index, title=FORMULA_TITLE, next_review_due=None)
    PageFeedbackDay.objects.create(page=page, day=timezone.localdate(), yes=0, no=1)
    ZeroResultQuery.objects.create(query_text=FORMULA_TITLE, language="en", day=timezone.localdate())
    cells = exported_cells(admin_client, url, export_format)
    assert "'" + FORMULA_TITLE in cells
    assert not [cell for cell in cells if cell.startswith("=")]
