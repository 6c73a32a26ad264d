"""Patient-facing site search and its type-ahead."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from blog.search import matching_articles
from topics.models import TopicGroup, TopicPage
from website.languages import locale_id_for

from . import engine
from .models import ZeroResultQuery
from .vocabulary import get_vocabulary

CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL text cannot hold NUL
MAX_QUERY_LENGTH = 200
MAX_SUGGEST_LENGTH = 100
RESULTS_PER_PAGE = 10
INVALID_PAGE_MESSAGE = _("That page number does not exist, so here is the first page of results.")


def resolve_page_number(value, num_pages):
    """(page number, message for the patient or None); never raises, whatever `value` holds."""
    if value is None or value == "":
        return 1, None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9 or int(value) < 1:
        return 1, INVALID_PAGE_MESSAGE
    number = int(value)
    if number > num_pages:
        message = ngettext(
            "There is only %(count)d page of results, so here is the last one.",
            "There are only %(count)d pages of results, so here is the last one.",
            num_pages,
        )
        return num_pages, message % {"count": num_pages}
    return number, None


def promotions_for(*queries, language=None):
    """Editors' promoted results for the query as typed or as corrected, in their order: pages in the search's
    language (a Spanish search never promotes an English page) and external links."""
    strings = {normalise_query_string(q) for q in queries if q}
    locale_id = locale_id_for(language or settings.LANGUAGE_CODE)
    return list(
        SearchPromotion.objects.filter(query__query_string__in=strings)
        .filter(Q(page__isnull=True) | Q(page__live=True, page__locale_id=locale_id))
        .select_related("page")
        .order_by("sort_order", "pk")
    )


def search(request):
    raw_query = " ".join(CONTROL_CHARACTERS_RE.sub(" ", request.GET.get("q", "")).split())
    query = raw_query[:MAX_QUERY_LENGTH].strip()
    context = {"search_query": query, "query_was_cut": len(raw_query) > MAX_QUERY_LENGTH}
    if not query:
        context["topic_groups"] = TopicGroup.objects.filter(locale__language_code=translation.get_language())
        return TemplateResponse(request, "search/search.html", context)

    language = translation.get_language()
    outcome = engine.run(query, language)
    if outcome.corrected:
        context.update(correction=outcome.query, original_query=query)

    promotions = promotions_for(query, outcome.query, language=language)
    topic_type_id = ContentType.objects.get_for_model(TopicPage).pk
    promoted_topic_ids = [p.page_id for p in promotions if p.page_id and p.page.content_type_id == topic_type_id]
    context["other_promotions"] = [p for p in promotions if p.page_id not in promoted_topic_ids]
    ids = list(dict.fromkeys(promoted_topic_ids + outcome.ids))

    paginator = Paginator(ids, RESULTS_PER_PAGE)
    number, context["page_message"] = resolve_page_number(request.GET.get("page"), paginator.num_pages)
    page = paginator.page(number)
    if not ids:
        context["page_message"] = None
    topics = TopicPage.objects.filter(pk__in=page.object_list).defer_streamfields().prefetch_related("groups")
    by_id = {topic.pk: topic for topic in topics}
    for pk in promoted_topic_ids:
        if pk in by_id:
            by_id[pk].promoted = True
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    context["results"] = page
    context["result_count"] = paginator.count + len(context["other_promotions"])
    if number > 1:
        context["other_promotions"] = []
    else:
        context["articles"] = matching_articles(outcome.query, translation.get_language())

    if "page" not in request.GET:
        # Popular queries for editors (search_promotions) and the 30-day "no results" report: text only.
        if normalise_query_string(query):
            Query.get(query).add_hit()
        if not ids and not promotions:
            ZeroResultQuery.record(query, language)
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Type-ahead: {"results": [{"title", "url", "matched"}]} for up to 8 topics, from the in-memory vocabulary.

    `matched` is the other name the text matched ("lumbago" for Chronic low back pain), or null for the title.
    """
    text = request.GET.get("q", "")[:MAX_SUGGEST_LENGTH].strip()
    items = get_vocabulary(translation.get_language()).suggest_with_names(text) if len(text) >= 2 else []
    results = [{"title": title, "url": url, "matched": matched} for title, url, matched in items]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "max-age=60"
    return response
