"""A starting list of plain words in English and Spanish; editors change it under Snippets -> Plain words."""

from django.db import migrations

PLAIN_WORDS = [
    ("en", "analgesic", "pain medicine"),
    ("en", "bilateral", "on both sides"),
    ("en", "administer", "give"),
    ("en", "contraindicated", "not safe for you"),
    ("en", "efficacy", "how well it works"),
    ("en", "paresthesia", "tingling or pins and needles"),
    ("en", "prior to", "before"),
    ("en", "utilize", "use"),
    ("en", "medication", "medicine"),
    ("en", "radiating", "spreading"),
    ("en", "intravenous", "through a drip in a vein"),
    ("es", "analgésico", "medicina para el dolor"),
    ("es", "bilateral", "en los dos lados"),
    ("es", "administrar", "dar"),
    ("es", "contraindicado", "no es seguro para usted"),
    ("es", "eficacia", "qué tan bien funciona"),
    ("es", "parestesia", "hormigueo"),
    ("es", "previo a", "antes de"),
    ("es", "intravenoso", "por goteo en una vena"),
]


def add_plain_words(apps, schema_editor):
    PlainWord = apps.get_model("contentchecks", "PlainWord")
    for language, term, alternative in PLAIN_WORDS:
        PlainWord.objects.get_or_create(term=term, language=language, defaults={"plain_alternative": alternative})


def remove_plain_words(apps, schema_editor):
    PlainWord = apps.get_model("contentchecks", "PlainWord")
    for language, term, _alternative in PLAIN_WORDS:
        PlainWord.objects.filter(term=term, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [("contentchecks", "0001_initial")]

    operations = [migrations.RunPython(add_plain_words, remove_plain_words)]
