"""The topic index (A-Z lists, groups, the health library section) and the topic groups it lists."""

import re
from collections import defaultdict
from dataclasses import dataclass
from string import ascii_lowercase

from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from website.languages import language_code_of
from website.routing import RoutedPageMixin
from website.shared import public

from .topic_page import TopicPage


@register_snippet
class TopicGroup(TranslatableMixin, index.Indexed, models.Model):
    """A heading on the topic index that gathers related topics ("Nerve pain"), in one language.

    Its Spanish twin shares its translation key; editors translate a group with the snippet's "Translate" action.
    """

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, help_text="Used in links: /topics/?group=<slug>")
    description = models.CharField(max_length=250, blank=True)
    sort_order = models.IntegerField(default=100, help_text="Lower numbers come first on the topic index.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = "topic group"
        # Names and slugs are unique within a language; a Spanish group may share its English twin's slug.
        unique_together = [("translation_key", "locale"), ("name", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def get_dependent_pages(self):
        """Pages that show this group: its topics and every topic index (used to purge the page cache)."""
        return [*self.topics.live(), *TopicIndexPage.objects.live()]


class TopicIndexPage(RoutedPageMixin, Page):
    """Lists the clinic's live topics by topic group, then the imported health library as its own section.

    `?library=1` lists the library (MedlinePlus pages) the same way; both have their own A-Z jump list.
    """

    #: In the full listing each group shows this many topics and links to the rest.
    GROUP_PREVIEW_LIMIT = 12
    #: The query parameters get_context reads; the page cache keys on these alone (pagecache.middleware).
    page_cache_query_params = ("group", "letter", "library")

    introduction = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["topics.TopicPage"]

    class Meta:
        verbose_name = "topic index"

    def live_topics(self):
        """Published topics below this index that anyone may read (none under a view restriction)."""
        return public(TopicPage.objects.child_of(self).live())

    def get_context(self, request, *args, **kwargs):
        """Listings are built from narrow rows (title, slug, summary), not full pages: 1,000 topics stay fast."""
        context = super().get_context(request, *args, **kwargs)
        library = request.GET.get("library")
        if library not in (None, "1"):
            raise Http404("No such section")
        source = TopicPage.SOURCE_MEDLINEPLUS if library else TopicPage.SOURCE_CLINIC
        all_topics = self.live_topics()
        topics = all_topics.filter(source=source)
        base_url = self.get_url(request)
        initials = {TopicPage.SOURCE_CLINIC: set(), TopicPage.SOURCE_MEDLINEPLUS: set()}
        for topic_source, initial in (
            all_topics.annotate(initial=Substr("title", 1, 1)).values_list("source", "initial").distinct()
        ):
            initials.setdefault(topic_source, set()).add(first_letter(initial))
        letters = initials[source]
        alphabet = alphabet_for(language_code_of(self.locale_id))
        context["library"] = bool(library)
        context["section_query"] = "library=1&" if library else ""
        context["letters"] = az_list(letters, alphabet)

        group_slug = request.GET.get("group")
        letter = request.GET.get("letter")
        if group_slug is not None:
            group = None
            if SLUG_RE.fullmatch(group_slug):
                group = TopicGroup.objects.filter(slug=group_slug, locale_id=self.locale_id).first()
            if group is None:
                raise Http404("No such topic group")
            context["selected_group"] = group
            context["topics"] = topic_links(topics.filter(groups=group), base_url, with_summary=True)
        elif letter is not None:
            letter = letter.lower()
            if letter not in letters:
                raise Http404("No topics start with that letter")
            context["selected_letter"] = letter
            context["topics"] = topic_links(topics.filter(starts_with(letter)), base_url, with_summary=True)
        else:
            context["grouped_topics"] = self.group_topics(topics, base_url)
            if not library and initials[TopicPage.SOURCE_MEDLINEPLUS]:
                context["library_letters"] = az_list(initials[TopicPage.SOURCE_MEDLINEPLUS], alphabet)
                context["library_groups"] = library_groups(all_topics)
        return context

    def group_topics(self, topics, base_url):
        """[(group, topics shown, total in group)] in the editors' group order, from one query over memberships."""
        memberships = (
            TopicPage.groups.through.objects.filter(topicpage__in=topics.values("pk"))
            .values_list("topicgroup_id", "topicpage__title", "topicpage__slug")
            .order_by("topicpage__title")
        )
        by_group = defaultdict(list)
        for group_id, title, slug in memberships:
            by_group[group_id].append(TopicLink(title, f"{base_url}{slug}/"))
        groups = TopicGroup.objects.filter(pk__in=by_group)  # ordered by sort order, then name
        result = [(g, by_group[g.pk][: self.GROUP_PREVIEW_LIMIT], len(by_group[g.pk])) for g in groups]
        ungrouped = topic_links(topics.filter(groups__isnull=True), base_url)
        if ungrouped:
            result.append((TopicGroup(name=gettext("Other topics"), slug=""), ungrouped, len(ungrouped)))
        return result


#: The A-Z list of each language: Spanish has its own letter "ñ" after "n".
ALPHABETS = {"es": [*ascii_lowercase[:14], "ñ", *ascii_lowercase[14:]]}


#: Accented forms filed under their plain letter ("Úlcera" under U); "ñ" is a letter of its own.
LETTER_FORMS = {"a": "aáàâä", "e": "eéèêë", "i": "iíìîï", "o": "oóòôö", "u": "uúùûü", "c": "cç", "ñ": "ñ"}


def alphabet_for(language_code):
    return ALPHABETS.get(language_code, list(ascii_lowercase))


def az_list(letters, alphabet=None):
    """[(letter, has topics)] for a to z (with "ñ" in Spanish) and "#" (titles that start with another character)."""
    return [(letter, letter in letters) for letter in [*(alphabet or ascii_lowercase), "#"]]


def starts_with(letter):
    """Titles filed under `letter` (a lower-case letter from `first_letter`, or "#")."""
    if letter == "#":
        every = "".join(LETTER_FORMS.get(c, c) for c in ascii_lowercase) + "ñ"
        return Q(title__regex=f"^[^{every}{every.upper()}]")
    forms = LETTER_FORMS.get(letter, letter)
    return Q(title__regex=f"^[{forms}{forms.upper()}]")


def library_groups(topics):
    """The groups that hold library (MedlinePlus) topics, with how many each holds, in one query."""
    library = topics.filter(source=TopicPage.SOURCE_MEDLINEPLUS).values("pk")
    return list(
        TopicGroup.objects.filter(topics__in=library)
        .annotate(topic_count=models.Count("topics"))
        .order_by("sort_order", "name")
    )


@dataclass(frozen=True)
class TopicLink:
    """What a listing shows of a topic."""

    title: str
    url: str
    summary: str = ""


def topic_links(topics, base_url, with_summary=False):
    fields = ["title", "slug", "summary"] if with_summary else ["title", "slug"]
    return [
        TopicLink(row["title"], f"{base_url}{row['slug']}/", row.get("summary", ""))
        for row in topics.order_by("title").values(*fields)
    ]


SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def first_letter(title):
    letter = title[:1].lower()
    return next((plain for plain, forms in LETTER_FORMS.items() if letter in forms), None) or (
        letter if letter in ascii_lowercase else "#"
    )
