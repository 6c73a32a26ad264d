"""The one export path of every admin report and listing (CSV and XLSX): would-be formulas are escaped.

A patient's name, a search text or a page title such as '=HYPERLINK("…")' must not run as a formula when staff
open an export in a spreadsheet (OWASP CSV injection). Every report view and listing that exports mixes this in.
"""

from wagtail.admin.views.generic import IndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """`value` as text, prefixed with an apostrophe when a spreadsheet would read it as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


class FormulaEscapingExportMixin:
    """Escapes every text cell of a CSV or XLSX export (Wagtail's SpreadsheetExportMixin views)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value) if isinstance(value, str) else value


class SafeExportIndexView(FormulaEscapingExportMixin, IndexView):
    """A model viewset's listing whose export escapes formulas (contact requests, email subscribers)."""
