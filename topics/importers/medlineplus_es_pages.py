"""Create or update Spanish TopicPages from checked MedlinePlus en español topics.

Works like the English importer (`medlineplus_pages`), keyed on the topic's address ("es/<name>"), under
the Spanish topic index. A topic whose English twin (`english_id`) is already imported shares that page's
translation key, so the language switcher and hreflang alternates connect them, and takes the Spanish twins of
its groups (created, named from SPANISH_GROUP_NAMES, when missing) and its MeSH codes.
"""

from dataclasses import replace

from topics.codes import MESH
from topics.models import TopicCode, TopicPage

from .groups_es import SPANISH_GROUP_NAMES
from .medlineplus_es import spanish_related_ids
from .medlineplus_pages import UPDATED, MedlinePlusImporter


class SpanishMedlinePlusImporter(MedlinePlusImporter):
    def __init__(self, topics, parent, all_topics=None):
        super().__init__(topics, parent, all_topics=all_topics)
        self.translation_keys = {}
        #: {lower-case Spanish name: English group} for the Spanish groups still to be created.
        self.missing_group_twins = {}

    resolve_related = staticmethod(spanish_related_ids)

    @property
    def twins_found(self):
        return len(self.translation_keys)

    def plan(self):
        self.find_english_twins()
        return super().plan()

    def find_english_twins(self):
        """Give each topic the Spanish twins of its English twin's groups, and remember the twin's translation key."""
        english_ids = {topic.english_id for topic in self.topics if topic.english_id}
        twins = {
            source_id: (pk, key)
            for source_id, pk, key in TopicPage.objects.filter(
                source=TopicPage.SOURCE_MEDLINEPLUS, source_id__in=english_ids
            )
            .exclude(locale_id=self.parent.locale_id)
            .values_list("source_id", "pk", "translation_key")
        }
        group_names = self.spanish_group_names([pk for pk, _ in twins.values()])
        mesh = {}
        for page_id, code in (
            TopicCode.objects.filter(page_id__in=[pk for pk, _ in twins.values()], system=MESH)
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "code")
        ):
            mesh.setdefault(page_id, []).append(code)
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
                topic = replace(
                    topic, groups=tuple(group_names.get(twin[0], ())), mesh_terms=tuple(mesh.get(twin[0], ()))
                )
            topics.append(topic)
        self.topics = topics

    def spanish_group_names(self, english_page_ids):
        """{English page id: [its groups' Spanish names]}: the Spanish twin's name where the group has one, else
        the name the new twin will get (SPANISH_GROUP_NAMES), remembered for ensure_groups."""
        english_groups = {}
        for page_id, group in (
            (membership.topicpage_id, membership.topicgroup)
            for membership in TopicPage.groups.through.objects.filter(topicpage_id__in=english_page_ids)
            .select_related("topicgroup")
            .order_by("topicgroup__sort_order", "topicgroup__name")
        ):
            english_groups.setdefault(page_id, []).append(group)
        keys = {group.translation_key for groups in english_groups.values() for group in groups}
        twins = dict(self.groups_here().filter(translation_key__in=keys).values_list("translation_key", "name"))
        names = {}
        for page_id, groups in english_groups.items():
            for group in groups:
                name = twins.get(group.translation_key) or SPANISH_GROUP_NAMES.get(group.name, group.name)
                if group.translation_key not in twins:
                    self.missing_group_twins.setdefault(name.lower(), group)
                names.setdefault(page_id, []).append(name)
        return names

    def new_group_fields(self, name):
        """A Spanish group created for an English one shares its translation key and place in the order."""
        english = self.missing_group_twins.get(name.lower())
        if english is None:
            return {}
        return {"translation_key": english.translation_key, "sort_order": english.sort_order}

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
