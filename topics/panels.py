"""A side note on the topic edit screen: how hard the page's text is to read."""

from django.utils.functional import cached_property
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


class TranslationStatusPanel(Panel):
    """On a translated topic: whether the English page was published after this translation was last saved."""

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.setdefault("heading", "Translation")
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "topics/panels/translation_status.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None and self.source is not None

        @cached_property
        def source(self):
            return self.instance.english_source() if self.instance is not None and self.instance.pk else None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            source, translated_from = self.source, self.instance.source_published_at
            context["source"] = source
            context["translated_from"] = translated_from
            # To the second, as the report compares them: a revision keeps times to the millisecond only.
            english_second = source.last_published_at.replace(microsecond=0) if source.last_published_at else None
            context["out_of_date"] = bool(
                english_second and (translated_from is None or english_second > translated_from.replace(microsecond=0))
            )
            return context
