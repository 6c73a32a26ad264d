"""Create or update TopicPages from checked MedlinePlus topics.

Pages are keyed on (source="medlineplus", source_id=<MedlinePlus id>), so a
page keeps its URL and history when the file changes. `plan()` compares the
file with the database without writing; `write()` applies the plan. Run
`write()` inside `transaction.atomic()` so a failure leaves nothing behind.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from topics.codes import MESH
from topics.models import RelatedTopic, TopicCode, TopicGroup, TopicPage

from .medlineplus import related_ids

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

#: Pages are added to the search index in batches of this size once they are all written.
INDEX_BATCH_SIZE = 200
#: New pages get their revisions and links in bulk, this many at a time.
PUBLISH_BATCH_SIZE = 200

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
        codes = {}
        for page_id, code in (
            TopicCode.objects.filter(page_id__in=page_ids, system=MESH)
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "code")
        ):
            codes.setdefault(page_id, []).append(code)

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
            elif self.is_current(
                page,
                topic,
                group_names.get(page.pk, set()),
                links.get(page.pk, []),
                wanted_links,
                codes.get(page.pk, []),
            ):
                status = UNCHANGED
            else:
                status = UPDATED
            changes.append(Change(topic, status, page, wanted_links))
        return ImportPlan(changes, list(new_groups.values()), skipped)

    @staticmethod
    def is_current(page, topic, group_names, link_ids, wanted_links, mesh_codes=()):
        """`link_ids`: the page's related topics as (sort order, MedlinePlus id or None), in their order;
        `mesh_codes`: its MeSH codes in their order."""
        if any(getattr(page, name) != value for name, value in page_fields(topic).items()):
            return False
        if list(mesh_codes) != list(topic.mesh_terms):
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
        """New groups, new pages (saved once, then published together), then updated pages one by one."""
        groups = self.ensure_groups(plan.new_groups)
        changed = [change for change in plan.changes if change.status != UNCHANGED]
        new = [change for change in changed if change.status == CREATED]
        changed = new + [change for change in changed if change.status == UPDATED]
        slugs = set(self.parent.get_children().values_list("slug", flat=True))
        for change in progress(new, "Creating pages") if progress else new:
            change.page = self.create_page(change.topic, groups, slugs)

        page_ids = {page.source_id: page.pk for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS)}
        batch = []
        for number, change in enumerate(progress(changed, "Publishing") if progress else changed, start=1):
            page = change.page
            if change.status == CREATED:
                # Saved and validated when added: it gets its links and first revision in bulk.
                page.related_topic_links = self.related_links(change, page_ids)
                page.codes = mesh_codes(change.topic)
                batch.append(page)
                if len(batch) == PUBLISH_BATCH_SIZE or number == len(changed):
                    publish_new_pages(batch)
                    batch = []
                continue
            for name, value in page_fields(change.topic).items():
                setattr(page, name, value)
            page.body = [{"type": block_type, "value": value} for block_type, value in body_data(change.topic)]
            page.groups = [groups[name.lower()] for name in change.topic.groups]
            page.related_topic_links = self.related_links(change, page_ids)
            page.codes = [*(row for row in page.codes.all() if row.system != MESH), *mesh_codes(change.topic)]
            revision = page.save_revision()
            if page.live:
                revision.publish()
        publish_new_pages(batch)
        return [change.page for change in changed]

    @staticmethod
    def related_links(change, page_ids):
        """Related topics in the file's order."""
        return [
            RelatedTopic(related_page_id=page_ids[i], sort_order=order) for order, i in enumerate(change.related_ids)
        ]

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
        """Add the page under the index, live (validated and saved once); `publish_new_pages` gives it its links
        and its first revision."""
        slug = topic.slug
        for candidate in (slug, f"{slug}-medlineplus", f"{slug}-medlineplus-{topic.id}"):
            if candidate not in slugs:
                slug = candidate
                break
        slugs.add(slug)
        now = timezone.now()
        page = TopicPage(
            slug=slug,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            source=TopicPage.SOURCE_MEDLINEPLUS,
            source_id=topic.id,
            body=[{"type": block_type, "value": value} for block_type, value in body_data(topic)],
            **page_fields(topic),
            **self.new_page_fields(topic),
        )
        page.groups = [groups[name.lower()] for name in topic.groups]
        page._is_site_root = False  # a topic never is; saves Wagtail a query per page
        page.save = partial(save_new_page, page)
        try:
            self.parent.add_child(instance=page)
        finally:
            del page.save
        return page

    def new_page_fields(self, topic):
        """Fields a new page gets besides its content (none here; the Spanish importer adds locale and twin)."""
        return {}


def mesh_codes(topic):
    """The topic's MeSH descriptors as the page's codes of system MeSH (unsaved), in the file's order."""
    return [
        TopicCode(system=MESH, code=term, key=term.upper(), sort_order=order)
        for order, term in enumerate(topic.mesh_terms)
    ]


def save_new_page(page, **kwargs):
    """Save a page being added (treebeard's `add_child` calls this): its fields and slug are checked as
    Wagtail's save would, without the unique-together queries (about 18 a page). The importer picks slugs unused
    under the index and a translation key no other page of the locale has; the database still enforces both."""
    page.full_clean(validate_unique=False, validate_constraints=False)
    return TopicPage.save(page, clean=False, **kwargs)


def publish_new_pages(pages):
    """Give newly added pages their related-topic links, codes, first revision and "published" log entry in a few bulk
    queries, as `save_revision().publish()` would one page at a time (three saves and ~70 queries per page)."""
    if not pages:
        return
    links = [link for page in pages for link in page.related_topic_links.all()]
    for link in links:
        link.page_id = link.page.pk
    RelatedTopic.objects.bulk_create(links)
    codes = [code for page in pages for code in page.codes.all()]
    for code in codes:
        code.page_id = code.page.pk
    TopicCode.objects.bulk_create(codes)
    topic_type = ContentType.objects.get_for_model(TopicPage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=topic_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.draft_title = page.title
    Page.objects.bulk_update(
        pages, ["latest_revision", "live_revision", "latest_revision_created_at", "draft_title"], batch_size=500
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=topic_type,
            label=page.get_admin_display_title(),
            action="wagtail.publish",
            timestamp=revision.created_at,
            data={},
            page_id=page.pk,
            revision=revision,
            content_changed=True,
        )
        for page, revision in zip(pages, revisions, strict=True)
    )
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=TopicPage, instance=page, revision=revision)


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
