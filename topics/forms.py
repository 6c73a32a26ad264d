"""The health topic editor's form: problems reported where the editor is looking."""

from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .models import TopicPage, TreatmentLink


class TopicPageForm(WagtailAdminPageForm):
    """Offers only topic groups in the page's own language. Says at the title (Content tab), not only at the slug
    (Promote tab), that a sibling page already has the address the title gives: typically a draft autosaved in an
    earlier, abandoned "Add health topic"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = self.fields.get("groups")
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if groups is not None and locale_id is not None:
            groups.queryset = groups.queryset.filter(locale_id=locale_id)

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
        self.check_treatment_links(cleaned_data.get("kind"))
        return cleaned_data

    def check_treatment_links(self, kind):
        """A condition links to treatments and a treatment to conditions, each pairing once, on either page."""
        formset = self.formsets.get("treatment_links")
        # The page form is cleaned before its formsets: clean the links now to read them.
        if formset is None or not kind or not formset.is_valid():
            return
        wanted = TopicPage.KIND_CONDITION if kind == TopicPage.KIND_TREATMENT else TopicPage.KIND_TREATMENT
        seen = set()
        for form in formset.forms:
            linked = form.cleaned_data.get("linked_topic")
            if linked is None or form.cleaned_data.get("DELETE"):
                continue
            linked = linked.specific_deferred
            if linked.pk == self.instance.pk:
                form.add_error("linked_topic", "A topic cannot be linked to itself.")
            elif linked.kind != wanted:
                needed = "a treatment" if wanted == TopicPage.KIND_TREATMENT else "a condition"
                form.add_error("linked_topic", f"Choose {needed}: “{linked.title}” is not one.")
            elif linked.pk in seen:
                form.add_error("linked_topic", f"“{linked.title}” is already in this list.")
            elif (
                self.instance.pk
                and TreatmentLink.objects.filter(page=linked, linked_topic_id=self.instance.pk).exists()
            ):
                form.add_error("linked_topic", f"“{linked.title}” already links to this page; edit the pairing there.")
            seen.add(linked.pk)
