"""Admin reports and their menu items, each opened to the holders of one permission (and superusers)."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView


class PermissionReportView(ReportView):
    """A report shown only to users with `required_permission`."""

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
