"""Experiments in the admin (Reports -> Experiments, a "Start an experiment" page action, their permissions) and on
the site (a page with a running experiment is shown as A or B per view)."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.wagtail_hooks import PageMenuItem

from website.reports import PermissionMenuItem

from . import views
from .variants import show_variant


@hooks.register("before_serve_page")
def serve_experiment_variant(page, request, serve_args, serve_kwargs):
    show_variant(page, request)


@hooks.register("register_admin_urls")
def register_experiment_urls():
    return [
        path("reports/experiments/", views.report, name="experiments_report"),
        path("experiments/start/<int:page_id>/", views.start, name="experiments_start"),
        path("experiments/<int:pk>/end/", views.end, name="experiments_end"),
    ]


@hooks.register("register_reports_menu_item")
def register_experiments_menu_item():
    return PermissionMenuItem(
        "Experiments",
        reverse("experiments_report"),
        name="experiments",
        icon_name="resubmit",
        order=1320,
        permission="experiments.view_experiment",
    )


class StartExperimentButton(PageMenuItem):
    label = "Start an experiment (A/B order)"
    icon_name = "resubmit"
    url_name = "experiments_start"

    def is_shown(self, user):
        return (
            getattr(self.page.specific_class, "counts_views", False)
            and self.page.has_unpublished_changes
            and user.has_perm("experiments.add_experiment")
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def experiment_page_header_button(page, user, view_name, next_url=None):
    yield StartExperimentButton(page=page, priority=67)


@hooks.register("register_permissions")
def register_experiment_permissions():
    return Permission.objects.filter(content_type__app_label="experiments", content_type__model="experiment")
