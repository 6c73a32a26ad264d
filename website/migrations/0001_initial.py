# ClinicDetails moved from home/ to the site-wide core: the table (home_clinicdetails) and its rows stay.

import django.db.models.deletion
from django.db import migrations, models

from website.moves import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('home', '0002_initial'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ClinicDetails',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('clinic_name', models.CharField(default='Clearwater Pain Clinic', max_length=120)),
                        ('phone', models.CharField(default='(555) 010-0199', help_text='As patients should dial it.', max_length=40)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('street_address', models.CharField(blank=True, max_length=200)),
                        ('city', models.CharField(blank=True, max_length=100)),
                        ('region', models.CharField(blank=True, help_text='State, e.g. OR', max_length=50)),
                        ('postal_code', models.CharField(blank=True, max_length=20)),
                        ('opening_hours', models.TextField(blank=True, help_text="One line per day range, e.g. 'Monday to Friday: 8am to 5pm'.")),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'clinic details',
                        'db_table': 'home_clinicdetails',
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types(('home', 'website', 'clinicdetails')),
    ]
