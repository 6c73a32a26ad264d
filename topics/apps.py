from django.apps import AppConfig


class TopicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "topics"
    verbose_name = "Health topics"

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from .translation import use_counterparts_in_translation

        copy_for_translation_done.connect(use_counterparts_in_translation, dispatch_uid="topics-counterparts")
