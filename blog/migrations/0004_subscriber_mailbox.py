"""One subscription per inbox: `mailbox` is the canonical form of the address (website.email_addresses).

Existing rows get theirs; where several addresses deliver to one inbox (`v2+1@…`, `v2+2@…`), the confirmed one
(else the oldest) is kept and the others are deleted, so that inbox gets each article once.
"""

from django.db import migrations, models

from website.email_addresses import canonical_mailbox


def fill_mailboxes(apps, schema_editor):
    Subscriber = apps.get_model("blog", "Subscriber")
    kept = {}
    for subscriber in Subscriber.objects.order_by("confirmed_at", "consented_at", "pk"):
        mailbox = canonical_mailbox(subscriber.email)
        if mailbox in kept:
            subscriber.delete()
            continue
        kept[mailbox] = subscriber.pk
        subscriber.mailbox = mailbox
        subscriber.save(update_fields=["mailbox"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_article_deliveries")]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="mailbox",
            field=models.CharField(editable=False, max_length=254, null=True),
        ),
        migrations.RunPython(fill_mailboxes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="mailbox",
            field=models.CharField(editable=False, max_length=254, unique=True),
        ),
    ]
