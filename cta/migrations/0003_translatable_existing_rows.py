"""Existing calls to action join the default locale (English), each with its own fresh translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("cta", "0002_translatable_bootstrap")]

    operations = [BootstrapTranslatableModel("cta.calltoaction")]
