"""Admin: the "Email updates" report (subscriber numbers and each article's send status) for editors and marketing,
and the subscriber list (addresses), only for superusers and groups given "Can view email subscriber"."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from contact.wagtail_hooks import ReadOnlyPermissionPolicy
from website.exports import SafeExportIndexView
from website.reports import PermissionMenuItem, PermissionReportView, report_urls

from .models import ArticlePage, Subscriber

REPORT_PERMISSION = "blog.view_email_updates"

register_permission_policy(Subscriber, ReadOnlyPermissionPolicy(Subscriber))


def subscriber_counts():
    """{"confirmed": n, "pending": n, "by_language": {code: confirmed n}} in one query."""
    rows = Subscriber.objects.values("language").annotate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)), pending=Count("pk", filter=Q(confirmed_at=None))
    )
    rows = list(rows)
    return {
        "confirmed": sum(row["confirmed"] for row in rows),
        "pending": sum(row["pending"] for row in rows),
        "by_language": {row["language"]: row["confirmed"] for row in rows},
    }


class EmailUpdatesReportView(PermissionReportView):
    """Every article with its email update's status; the header gives the number of confirmed subscribers."""

    page_title = "Email updates"
    header_icon = "mail"
    index_url_name = "blog_email_updates_report"
    index_results_url_name = "blog_email_updates_report_results"
    required_permission = REPORT_PERMISSION
    model = ArticlePage
    no_results_message = "No articles yet."
    list_export = ["title", "published_date", "send_status", "sent_count"]
    export_headings = {"send_status": "Email update", "sent_count": "Emails sent"}
    columns = [
        TitleColumn("title", label="Article", url_name="wagtailadmin_pages:edit"),
        Column("published_date", label="Published date"),
        Column("send_status", label="Email update"),
        Column("sent_count", label="Emails sent"),
    ]

    def get_page_subtitle(self):
        counts = subscriber_counts()
        return f"{counts['confirmed']} confirmed subscribers ({counts['pending']} waiting to confirm)"

    def get_filename(self):
        return f"email-updates-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return ArticlePage.objects.select_related("mailing").defer_streamfields().order_by("-published_date", "-pk")

    def decorate_paginated_queryset(self, object_list):
        for article in object_list:
            mailing = getattr(article, "mailing", None)
            article.send_status = mailing.status if mailing else ("not published yet" if not article.live else "none")
            article.sent_count = mailing.sent_count if mailing else 0
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)


@hooks.register("register_admin_urls")
def register_report_urls():
    return report_urls("reports/email-updates", EmailUpdatesReportView, "blog_email_updates_report")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PermissionMenuItem(
        "Email updates", reverse("blog_email_updates_report"), icon_name="mail", order=70, permission=REPORT_PERMISSION
    )


class SubscribersPanel(Component):
    name = "email_subscribers"
    template_name = "blog/admin/subscribers_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(subscriber_counts())
        context["report_url"] = reverse("blog_email_updates_report")
        return context


@hooks.register("construct_homepage_panels")
def add_subscribers_panel(request, panels):
    if request.user.has_perm(REPORT_PERMISSION):
        panels.append(SubscribersPanel())


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    index_view_class = SafeExportIndexView
    icon = "mail"
    menu_label = "Email subscribers"
    menu_order = 260
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "email", "language", "consented_at", "confirmed_at"]
    list_filter = ["language", "confirmed_at"]
    search_fields = ["email"]
    search_backend_name = None
    list_export = ["email", "language", "consented_at", "confirmed_at"]
    export_headings = {"consented_at": "Consent given at", "confirmed_at": "Address confirmed at"}
    export_filename = "email-subscribers"
    inspect_view_fields = ["email", "language", "consented_at", "confirmed_at"]
    form_fields = ["email", "language"]

    def get_permissions_to_register(self):
        """Only 'view' and 'delete' show up under Settings -> Groups."""
        return super().get_permissions_to_register().filter(codename__in=["view_subscriber", "delete_subscriber"])


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("email_subscribers")
