# CallToActionClick now lives in cta/ (cta 0001); its table stays, so this only updates Django's state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0001_initial'),
        ('cta', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CallToActionClick')],
            database_operations=[],
        ),
    ]
