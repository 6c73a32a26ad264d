"""Once, at install: drop the grant Wagtail's own install gives its default "Editors" group on the tree root.

Here Editors write topics only. This used to run after every `migrate`, which also removed a root grant an
administrator had made on purpose; as a migration it runs once and never touches later grants.
"""

from django.db import migrations


def remove_root_grant(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(group__name="Editors", page__depth=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_move_calltoactionclick_to_cta"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(remove_root_grant, migrations.RunPython.noop)]
