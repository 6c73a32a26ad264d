"""Patient-facing site search."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from topics.models import TopicGroup, TopicPage

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    raw_query = request.GET.get("q", "").strip()
    query = raw_query[:MAX_QUERY_LENGTH]
    context = {"search_query": query, "query_was_cut": len(raw_query) > MAX_QUERY_LENGTH}
    if query:
        results = TopicPage.objects.live().defer_streamfields().search(query)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context["results"] = page
    else:
        context["topic_groups"] = TopicGroup.objects.all()
    return TemplateResponse(request, "search/search.html", context)
