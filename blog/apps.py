from django.apps import AppConfig


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = "Blog and email updates"

    def ready(self):
        from . import signals  # noqa: F401  (connects the first-publish signal)
