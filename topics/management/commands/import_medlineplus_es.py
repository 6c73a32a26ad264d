"""`manage.py import_medlineplus_es PATH`: create or update MedlinePlus en español topic pages (all or nothing)."""

from topics.importers.medlineplus_es import load_spanish_topics
from topics.importers.medlineplus_es_pages import SpanishMedlinePlusImporter

from .import_medlineplus import Command as EnglishCommand


class Command(EnglishCommand):
    help = (
        "Create or update one Spanish topic page per MedlinePlus en español topic in a JSON file, under the "
        "Spanish topic index, linked to its English twin when that is imported. The whole file is checked "
        "first; any bad record stops the import and nothing is written."
    )
    language_code = "es"
    file_help = "MedlinePlus en español health_topics_es.json"
    load_topics = staticmethod(load_spanish_topics)
    importer_class = SpanishMedlinePlusImporter
    no_index_message = (
        "There is no Spanish topic index (locale es) yet: translate the topic index into Spanish first. "
        "Nothing was imported."
    )

    def report_extra(self, importer):
        self.stdout.write(
            f"{importer.twins_found} of {len(importer.topics)} topics are linked to their English page "
            "(same translation key and groups)."
        )
