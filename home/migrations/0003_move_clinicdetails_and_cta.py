# ClinicDetails now lives in website/ (website 0001) and the home page's call to action points at cta/ (cta 0001).
# No table changes: the same tables and foreign keys, only Django's state moves.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0002_initial'),
        ('cta', '0001_initial'),
        ('website', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='homepage',
                    name='call_to_action',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cta.calltoaction'),
                ),
                migrations.DeleteModel(name='ClinicDetails'),
            ],
            database_operations=[],
        ),
    ]
