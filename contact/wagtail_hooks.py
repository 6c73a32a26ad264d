"""Contact requests in the Wagtail admin: list, filter, inspect, export and delete; never add or edit."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from website.exports import SafeExportIndexView

from .models import ContactRequest


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """What a patient sent is a record: staff with the view or delete permission may read or delete it, nobody
    (not even a superuser) may create or change one in the admin."""

    READ_ONLY = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.READ_ONLY])


register_permission_policy(ContactRequest, ReadOnlyPermissionPolicy(ContactRequest))


class ContactRequestViewSet(ModelViewSet):
    model = ContactRequest
    index_view_class = SafeExportIndexView
    icon = "mail"
    menu_label = "Contact requests"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "first_name", "reason", "preferred_time", "created_at", "flagged_as_possible_spam"]
    list_filter = ["reason", "preferred_time", "created_at", "flagged_as_possible_spam"]
    search_fields = ["first_name", "phone", "email"]
    search_backend_name = None
    list_export = [
        "pk",
        "created_at",
        "first_name",
        "phone",
        "email",
        "get_preferred_time_display",
        "get_reason_display",
        "topic",
        "started_from",
        "consented_at",
        "flagged_as_possible_spam",
    ]
    export_headings = {
        "pk": "Request",
        "get_preferred_time_display": "Preferred time to call",
        "get_reason_display": "Reason",
        "topic": "Topic page",
        "started_from": "Started from page",
        "consented_at": "Consent given at",
    }
    export_filename = "contact-requests"
    inspect_view_fields = [
        "created_at",
        "first_name",
        "phone",
        "email",
        "preferred_time",
        "reason",
        "topic",
        "started_from",
        "started_from_variant",
        "consented_at",
        "flagged_as_possible_spam",
    ]
    form_fields = ["first_name", "phone", "email", "preferred_time", "reason"]

    def get_permissions_to_register(self):
        """Only 'view' and 'delete' show up under Settings -> Groups."""
        codenames = ["view_contactrequest", "delete_contactrequest"]
        return super().get_permissions_to_register().filter(codename__in=codenames)


@hooks.register("register_admin_viewset")
def register_contact_request_viewset():
    return ContactRequestViewSet("contact_requests")
