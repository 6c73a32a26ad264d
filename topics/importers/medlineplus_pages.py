"""Create or update TopicPages from checked MedlinePlus topics.

Pages are keyed on (source="medlineplus", source_id=<MedlinePlus id>), so a
page keeps its URL and history when the file changes. `plan()` compares the
file with the database without writing; `write()` applies the plan. Run
`write()` inside `transaction.atomic()` so a failure leaves nothing behind.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from topics.models import RelatedTopic, TopicGroup, TopicPage

from .medlineplus import related_ids

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

#: Pages are added to the search index in batches of this size once they are all written.
INDEX_BATCH_SIZE = 200

#: Groups created by the importer sort after the clinic's own groups on the topic index.
IMPORTED_GROUP_SORT_ORDER = 1000


@dataclass
class Change:
    """What the import does to one topic."""

    topic: object
    status: str
    page: TopicPage | None
    related_ids: list[str]


@dataclass
class ImportPlan:
    changes: list[Change]
    new_groups: list[str]
    skipped_links: int = 0

    def count(self, status):
        return sum(1 for change in self.changes if change.status == status)

    def summary(self):
        return f"{self.count(CREATED)} created, {self.count(UPDATED)} updated, {self.count(UNCHANGED)} unchanged"


def body_data(topic):
    """The page body as stored: one condition overview holding the full summary."""
    return [
        (
            "condition_overview",
            {"heading": topic.overview_heading[:120], "what_it_is": topic.overview_html, "who_it_affects": ""},
        )
    ]


def page_fields(topic):
    return {
        "title": topic.title,
        "summary": topic.summary,
        "also_called": "\n".join(topic.also_called),
        "source_url": topic.url,
    }


class MedlinePlusImporter:
    """Upserts `topics` (a list of MedlinePlusTopic) under the topic index `parent`.

    `all_topics` is the whole file: related topics are resolved against it, and a
    link to a topic that is neither imported now nor already on the site (for
    example one left out by --limit) is skipped and counted.
    """

    def __init__(self, topics, parent, all_topics=None):
        self.topics = topics
        self.parent = parent
        self.related = self.resolve_related(all_topics or topics)

    @staticmethod
    def resolve_related(topics):
        return related_ids(topics)

    def plan(self):
        ids = [topic.id for topic in self.topics]
        pages = {
            page.source_id: page
            for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS, source_id__in=ids)
        }
        known_ids = set(ids) | set(
            TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS).values_list("source_id", flat=True)
        )
        page_ids = [page.pk for page in pages.values()]
        group_names = {}
        for page_id, name in TopicPage.groups.through.objects.filter(topicpage_id__in=page_ids).values_list(
            "topicpage_id", "topicgroup__name"
        ):
            group_names.setdefault(page_id, set()).add(name.lower())
        links = {}
        for page_id, sort_order, source, source_id in (
            RelatedTopic.objects.filter(page_id__in=page_ids)
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "sort_order", "related_page__source", "related_page__source_id")
        ):
            related = source_id if source == TopicPage.SOURCE_MEDLINEPLUS else None
            links.setdefault(page_id, []).append((sort_order, related))

        existing_groups = {name.lower() for name in self.groups_here().values_list("name", flat=True)}
        new_groups = {}
        changes = []
        skipped = 0
        for topic in self.topics:
            wanted_links = [i for i in self.related[topic.id] if i in known_ids]
            skipped += len(self.related[topic.id]) - len(wanted_links)
            for name in topic.groups:
                if name.lower() not in existing_groups:
                    new_groups.setdefault(name.lower(), name)
            page = pages.get(topic.id)
            if page is None:
                status = CREATED
            elif self.is_current(page, topic, group_names.get(page.pk, set()), links.get(page.pk, []), wanted_links):
                status = UNCHANGED
            else:
                status = UPDATED
            changes.append(Change(topic, status, page, wanted_links))
        return ImportPlan(changes, list(new_groups.values()), skipped)

    @staticmethod
    def is_current(page, topic, group_names, link_ids, wanted_links):
        """`link_ids`: the page's related topics as (sort order, MedlinePlus id or None), in their order."""
        if any(getattr(page, name) != value for name, value in page_fields(topic).items()):
            return False
        if [(block["type"], block["value"]) for block in page.body.raw_data] != body_data(topic):
            return False
        return group_names == {name.lower() for name in topic.groups} and link_ids == list(enumerate(wanted_links))

    def write(self, plan, progress=None):
        """Apply `plan`, then index each changed page once for search and for Wagtail's reference index."""
        with deferred_indexing():
            pages = self.write_pages(plan, progress)
        index_pages(pages)
        return plan

    def write_pages(self, plan, progress):
        """New groups, new pages, then links and a published revision for every changed page."""
        groups = self.ensure_groups(plan.new_groups)
        changed = [change for change in plan.changes if change.status != UNCHANGED]
        new = [change for change in changed if change.status == CREATED]
        slugs = set(self.parent.get_children().values_list("slug", flat=True))
        for change in progress(new, "Creating pages") if progress else new:
            change.page = self.create_page(change.topic, groups, slugs)

        page_ids = {page.source_id: page.pk for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS)}
        for change in progress(changed, "Publishing") if progress else changed:
            page = change.page
            for name, value in page_fields(change.topic).items():
                setattr(page, name, value)
            page.body = [{"type": block_type, "value": value} for block_type, value in body_data(change.topic)]
            page.groups = [groups[name.lower()] for name in change.topic.groups]
            # Related topics keep the file's order.
            page.related_topic_links = [
                RelatedTopic(related_page_id=page_ids[i], sort_order=order)
                for order, i in enumerate(change.related_ids)
            ]
            # A new page was validated when it was added; its revision only adds links to pages that exist.
            revision = page.save_revision(clean=change.status != CREATED)
            if page.live:
                revision.publish()
        return [change.page for change in changed]

    def groups_here(self):
        """The topic groups in the language of the index the pages go under."""
        return TopicGroup.objects.filter(locale_id=self.parent.locale_id)

    def ensure_groups(self, new_names):
        """{lower-case name: TopicGroup} in the index's language, creating the missing groups with unique slugs."""
        slugs = set(self.groups_here().values_list("slug", flat=True))
        for name in new_names:
            slug = base = slugify(name.replace("/", " "))[:90] or "group"
            number = 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs.add(slug)
            fields = {"sort_order": IMPORTED_GROUP_SORT_ORDER, **self.new_group_fields(name)}
            TopicGroup.objects.create(name=name, slug=slug, locale_id=self.parent.locale_id, **fields)
        return {group.name.lower(): group for group in self.groups_here()}

    def new_group_fields(self, name):
        """Fields a new group gets besides its name and slug (the Spanish importer links it to its English twin)."""
        return {}

    def create_page(self, topic, groups, slugs):
        """Add the page under the index; it is published with its links in the second pass."""
        slug = topic.slug
        for candidate in (slug, f"{slug}-medlineplus", f"{slug}-medlineplus-{topic.id}"):
            if candidate not in slugs:
                slug = candidate
                break
        slugs.add(slug)
        page = TopicPage(
            slug=slug,
            source=TopicPage.SOURCE_MEDLINEPLUS,
            source_id=topic.id,
            body=[{"type": block_type, "value": value} for block_type, value in body_data(topic)],
            **page_fields(topic),
            **self.new_page_fields(topic),
        )
        page.groups = [groups[name.lower()] for name in topic.groups]
        self.parent.add_child(instance=page)
        return page

    def new_page_fields(self, topic):
        """Fields a new page gets besides its content (none here; the Spanish importer adds locale and twin)."""
        return {}


@contextmanager
def deferred_indexing():
    """Skip the per-save search and reference index updates for topic pages (each page is saved three times).

    Disconnecting a signal affects the whole process, so use this only in a management command.
    """
    post_save.disconnect(post_save_signal_handler, sender=TopicPage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=TopicPage)


def index_pages(pages):
    """Add written pages to every auto-updated search backend in batches, and record their references."""
    ids = [page.pk for page in pages]
    for start in range(0, len(ids), INDEX_BATCH_SIZE):
        batch = list(
            TopicPage.get_indexed_objects()
            .filter(pk__in=ids[start : start + INDEX_BATCH_SIZE])
            .prefetch_related("groups")
        )
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(TopicPage, batch)
        for page in batch:
            ReferenceIndex.create_or_update_for_object(page)
