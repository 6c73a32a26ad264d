"""A side note on the topic edit screen: how hard the page's text is to read."""

from wagtail.admin.panels import Panel

from .readability import TARGET_GRADE, page_readability


class ReadabilityPanel(Panel):
    """Shows the Flesch-Kincaid grade of the saved draft (title, summary and body text) against the target."""

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.setdefault("heading", "Readability")
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "topics/panels/readability.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            readability = page_readability(self.instance) if self.instance is not None else None
            context["readability"] = readability if readability and readability.words else None
            context["target_grade"] = TARGET_GRADE
            return context
