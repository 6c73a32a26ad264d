"""The health topic editor's form: problems reported where the editor is looking."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class TopicPageForm(WagtailAdminPageForm):
    """Says at the title (Content tab), not only at the slug (Promote tab), that a sibling page already has the
    address the title gives: typically a draft autosaved in an earlier, abandoned "Add health topic"."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug") or self.data.get("slug")
        parent = self.parent_page
        if slug and parent is not None and "slug" in self.errors:
            clash = Page.objects.child_of(parent).filter(slug=slug).exclude(pk=self.instance.pk).first()
            if clash is not None:
                state = "a published page" if clash.live else "an unpublished draft"
                self.add_error(
                    "title",
                    format_html(
                        "“{}” already exists as {} at this address. "
                        '<a href="{}">Open it to carry on editing</a>, or change this title and the slug.',
                        clash.title,
                        state,
                        reverse("wagtailadmin_pages:edit", args=[clash.pk]),
                    ),
                )
        return cleaned_data
