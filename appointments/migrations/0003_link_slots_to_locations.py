"""Link each appointment time to the clinic location its text names (same name, any case); the rest keep their text."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def link(apps, schema_editor):
    Slot = apps.get_model("appointments", "Slot")
    Location = apps.get_model("locations", "Location")
    match = Location.objects.filter(name__iexact=OuterRef("location")).values("pk")[:1]
    Slot.objects.filter(place=None).exclude(location="").update(place=Subquery(match))


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0002_slot_clinic_location_and_spanish_service"),
        ("locations", "0001_initial"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
