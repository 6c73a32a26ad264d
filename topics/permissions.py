"""Topic pages go live only through the Clinical review workflow."""

from wagtail.models import PagePermissionTester


class TopicPagePermissionTester(PagePermissionTester):
    """Like Wagtail's tester, but only superusers may publish, unpublish or schedule a topic page directly.

    Marketing's publish permission on the home page is inherited down the tree; without this an inherited
    "publish" would let someone put medical content live without a clinician's approval.
    """

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and super().can_publish()

    def can_unpublish(self):
        return self.user.is_active and self.user.is_superuser and super().can_unpublish()
