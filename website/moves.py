"""Moving a model to another app without touching its table or its rows (used by migrations).

The table keeps its name (`db_table`); the model's content type row is relabelled, so revisions, permissions,
the reference index and audit logs, which point at the content type's id, keep pointing at the same objects.
"""

from django.db import migrations


def move_content_types(*moves):
    """A RunPython operation relabelling each (old_app, new_app, model_name) content type (and back on reverse)."""

    def relabel(apps, forward):
        content_types = apps.get_model("contenttypes", "ContentType")
        for old_app, new_app, model in moves:
            source, target = (old_app, new_app) if forward else (new_app, old_app)
            if not content_types.objects.filter(app_label=target, model=model).exists():
                content_types.objects.filter(app_label=source, model=model).update(app_label=target)
        content_types.objects.clear_cache()

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, True), lambda apps, schema_editor: relabel(apps, False)
    )
