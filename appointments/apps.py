from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appointments"
    verbose_name = "Open appointment times"

    def ready(self):
        from . import purges

        purges.connect(self.get_model("Slot"))
