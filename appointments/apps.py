from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appointments"
    verbose_name = "Open appointment times"

    def ready(self):
        from django.db.models.signals import post_save

        from . import purges
        from .models import link_slots_to_location

        purges.connect(self.get_model("Slot"))
        post_save.connect(
            link_slots_to_location, sender="locations.Location", dispatch_uid="appointments-link-slots-to-location"
        )
