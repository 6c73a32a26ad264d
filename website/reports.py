"""Admin reports and their menu items, each opened to the holders of one permission (and superusers)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from .exports import FormulaEscapingExportMixin


class PermissionReportView(FormulaEscapingExportMixin, ReportView):
    """A report shown only to users with `required_permission`; its exports escape formulas."""

    required_permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A Reports menu item shown only to users with `permission`."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def report_urls(prefix, view_class, url_name):
    """The admin URLs of a report: its page at `<prefix>/` and the results it refreshes at `<prefix>/results/`."""
    return [
        path(f"{prefix}/", view_class.as_view(), name=url_name),
        path(f"{prefix}/results/", view_class.as_view(results_only=True), name=f"{url_name}_results"),
    ]
