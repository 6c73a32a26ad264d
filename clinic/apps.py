from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic information"

    def ready(self):
        from . import signals

        signals.connect()
