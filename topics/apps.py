from django.apps import AppConfig


class TopicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "topics"
    verbose_name = "Health topics"

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from .forms import TopicPageForm
        from .models import TopicPage
        from .translation import use_counterparts_in_translation

        # Here rather than in the model, so the model never imports the form that checks it.
        TopicPage.base_form_class = TopicPageForm
        copy_for_translation_done.connect(use_counterparts_in_translation, dispatch_uid="topics-counterparts")
