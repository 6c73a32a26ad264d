"""Clinical pages (topics and articles) go live, leave the site and are deleted only as the Clinical review allows."""

from wagtail.models import PagePermissionTester


class TopicPagePermissionTester(PagePermissionTester):
    """Like Wagtail's tester, but publishing, unpublishing, scheduling, deleting and moving a clinical page follow
    one rule: only superusers may do it directly once a clinician has reviewed it or it is live.

    Marketing's publish permission on the home page is inherited down the tree, and in Wagtail "change" with
    "publish" also allows deleting live pages; without this an inherited permission would let someone put medical
    content live, or take a reviewed page off the site, without a clinician. Editors and clinicians may still
    delete a draft nobody has reviewed or published.
    """

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and super().can_publish()

    def can_unpublish(self):
        return self.user.is_active and self.user.is_superuser and super().can_unpublish()

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return self.user.is_superuser or not self.is_reviewed_or_live()

    def is_reviewed_or_live(self):
        page = self.page
        return bool(page.live or page.first_published_at or getattr(page, "last_reviewed", None))
