"""Create or update Spanish TopicPages from checked MedlinePlus en español topics.

Works like the English importer (`medlineplus_pages`), keyed on the topic's address ("es/<name>"), under
the Spanish topic index. A topic whose English twin (`english_id`) is already imported shares that page's
translation key, so the language switcher and hreflang alternates connect them, and takes its groups.
"""

from dataclasses import replace

from topics.models import TopicPage

from .medlineplus_es import spanish_related_ids
from .medlineplus_pages import UPDATED, MedlinePlusImporter


class SpanishMedlinePlusImporter(MedlinePlusImporter):
    def __init__(self, topics, parent, all_topics=None):
        super().__init__(topics, parent, all_topics=all_topics)
        self.translation_keys = {}

    resolve_related = staticmethod(spanish_related_ids)

    @property
    def twins_found(self):
        return len(self.translation_keys)

    def plan(self):
        self.find_english_twins()
        return super().plan()

    def find_english_twins(self):
        """Give each topic its English twin's groups, and remember the twin's translation key."""
        english_ids = {topic.english_id for topic in self.topics if topic.english_id}
        twins = {
            source_id: (pk, key)
            for source_id, pk, key in TopicPage.objects.filter(
                source=TopicPage.SOURCE_MEDLINEPLUS, source_id__in=english_ids
            )
            .exclude(locale_id=self.parent.locale_id)
            .values_list("source_id", "pk", "translation_key")
        }
        group_names = {}
        for page_id, name in (
            TopicPage.groups.through.objects.filter(topicpage_id__in=[pk for pk, _ in twins.values()])
            .order_by("topicgroup__sort_order", "topicgroup__name")
            .values_list("topicpage_id", "topicgroup__name")
        ):
            group_names.setdefault(page_id, []).append(name)
        # A key already used by another Spanish page (say, a translation made by hand) is left with that page.
        taken = dict(
            TopicPage.objects.filter(
                locale_id=self.parent.locale_id, translation_key__in=[key for _, key in twins.values()]
            ).values_list("translation_key", "source_id")
        )
        topics = []
        for topic in self.topics:
            twin = twins.get(topic.english_id)
            if twin and taken.get(twin[1], topic.id) == topic.id:
                self.translation_keys[topic.id] = twin[1]
                topic = replace(topic, groups=tuple(group_names.get(twin[0], ())))
            topics.append(topic)
        self.topics = topics

    def is_current(self, page, topic, *args):
        key = self.translation_keys.get(topic.id)
        return (key is None or page.translation_key == key) and super().is_current(page, topic, *args)

    def new_page_fields(self, topic):
        fields = {"locale_id": self.parent.locale_id}
        if topic.id in self.translation_keys:
            fields["translation_key"] = self.translation_keys[topic.id]
        return fields

    def write_pages(self, plan, progress):
        pages = super().write_pages(plan, progress)
        for change in plan.changes:
            key = self.translation_keys.get(change.topic.id)
            if change.status == UPDATED and key and change.page.translation_key != key:
                TopicPage.objects.filter(pk=change.page.pk).update(translation_key=key)
        return pages
