# Calls to action moved into their own app: CallToAction from topics/ and CallToActionClick from editorial/.
# Their tables (topics_calltoaction, editorial_calltoactionclick) and rows stay; only Django's state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from website.moves import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('editorial', '0001_initial'),
        ('topics', '0002_calltoaction_drafts_revisions'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CallToAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="For editors only, e.g. 'Book a consultation'.", max_length=100, unique=True)),
                        ('heading', models.CharField(max_length=120)),
                        ('text', models.TextField(blank=True, max_length=400)),
                        ('button_label', models.CharField(max_length=40)),
                        ('link_url', models.URLField(blank=True, help_text='Use either a page or a URL, not both.')),
                        ('link_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                    ],
                    options={
                        'verbose_name': 'call to action',
                        'verbose_name_plural': 'calls to action',
                        'ordering': ['name'],
                        'db_table': 'topics_calltoaction',
                    },
                ),
                migrations.CreateModel(
                    name='CallToActionClick',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('call_to_action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clicks', to='cta.calltoaction')),
                    ],
                    options={
                        'verbose_name': 'call to action click count',
                        'db_table': 'editorial_calltoactionclick',
                        'constraints': [models.UniqueConstraint(fields=('call_to_action', 'day'), name='unique_cta_click_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types(('topics', 'cta', 'calltoaction'), ('editorial', 'cta', 'calltoactionclick')),
    ]
