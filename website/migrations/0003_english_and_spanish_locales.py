# The site's two content languages: English (the locale every existing page already has) and Spanish.

from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Databases created while LANGUAGE_CODE was "en-us" may hold that code; Wagtail now knows it as "en".
    if not Locale.objects.filter(language_code="en").exists():
        if not Locale.objects.filter(language_code="en-us").update(language_code="en"):
            Locale.objects.create(language_code="en")
    Locale.objects.get_or_create(language_code="es")


def remove_spanish(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(locale__language_code="es").exists():
        apps.get_model("wagtailcore", "Locale").objects.filter(language_code="es").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_clinic_details_spanish_hours"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, remove_spanish)]
