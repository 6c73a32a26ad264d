"""Existing topic groups join the default locale (English), each with its own fresh translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("topics", "0008_translatable_bootstrap")]

    operations = [BootstrapTranslatableModel("topics.topicgroup")]
