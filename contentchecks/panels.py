"""A panel on the topic and article edit screens: the content checks of the saved draft, as the clinician sees them."""

from wagtail.admin.panels import Panel


class ContentChecksPanel(Panel):
    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.setdefault("heading", "Content checks")
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "contentchecks/panels/content_checks.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            return context
