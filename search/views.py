"""Patient-facing site search and its type-ahead."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from topics.models import TopicGroup

from . import counts, results
from .text import MAX_QUERY_LENGTH, typed_query
from .vocabulary import get_vocabulary

MAX_SUGGEST_LENGTH = 100
INVALID_PAGE_MESSAGE = _("That page number does not exist, so here is the first page of results.")
#: The pointer to the same search in the other language, in the language of the page it is on.
OTHER_LANGUAGE_POINTERS = {"es": _("Search the Spanish site:"), "en": _("Search the English site:")}


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


def search(request):
    raw_query = typed_query(request.GET.get("q", ""))
    query = raw_query[:MAX_QUERY_LENGTH].strip()
    context = {"search_query": query, "query_was_cut": len(raw_query) > MAX_QUERY_LENGTH}
    if not query:
        context["topic_groups"] = TopicGroup.objects.filter(locale__language_code=translation.get_language())
        return TemplateResponse(request, "search/search.html", context)

    language = translation.get_language()
    known = get_vocabulary(language)
    found, unsaved = results.find(request, query, known)
    if found.corrected:
        context.update(correction=found.query, original_query=query)
    if found.other_language in OTHER_LANGUAGE_POINTERS:
        context["language_pointer"] = other_language_search(query, found.other_language)

    paginator = Paginator(found.ids, results.RESULTS_PER_PAGE)
    number, context["page_message"] = resolve_page_number(request.GET.get("page"), paginator.num_pages)
    page = paginator.page(number)
    if not found.ids:
        context["page_message"] = None
    page.object_list = results.page_results(found, number, known)
    context["results"] = page
    context["result_count"] = paginator.count + len(found.other_promotions)
    if number == 1:
        if found.articles is None:
            results.add_articles(found, known)
            unsaved = True
        context.update(other_promotions=found.other_promotions, articles=found.articles)
    if unsaved:
        results.keep(request, query, known, found)

    if "page" not in request.GET:
        # Popular queries for editors (search_promotions) and the 30-day "no results" report: text only, counted
        # in Redis and written in batches (search.counts), for cached results too.
        counts.count_search(query, language, found=not found.nothing)
    return TemplateResponse(request, "search/search.html", context)


def other_language_search(query, language):
    """{"label", "url", "language"}: the same search on the site in `language` (the query as the patient typed it)."""
    with translation.override(language):
        url = reverse("search")
    return {"label": OTHER_LANGUAGE_POINTERS[language], "url": f"{url}?{urlencode({'q': query})}", "language": language}


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
