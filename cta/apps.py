from django.apps import AppConfig


class CallToActionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cta"
    verbose_name = "Calls to action"
