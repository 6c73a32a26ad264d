from django.apps import AppConfig


class PageViewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pageviews"
    verbose_name = "Page views and page performance"

    def ready(self):
        from .changes import connect

        connect()
