"""Admin for search synonyms: the snippet, and "Send this search to a topic" from the zero-result report."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminPageChooser
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ZERO_RESULT_RETENTION_DAYS, ZeroResultQuery
from .synonyms import SearchSynonym, normalise_term

ADD_PERMISSION = "search.add_searchsynonym"


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["term", "language", "topic", "added_by", "added_at"]
    list_filter = ["language"]
    search_fields = ["term"]
    ordering = ["term"]


def answered_by_synonym():
    """A filter for zero-result rows that a search synonym of the same language now answers."""
    return Exists(SearchSynonym.objects.filter(term=OuterRef("query_text"), language=OuterRef("language")))


def fixed_searches(since):
    """(queries, searches) in the zero-result log since `since` that a search synonym now answers."""
    fixed = ZeroResultQuery.objects.filter(answered_by_synonym(), day__gte=since)
    totals = fixed.aggregate(queries=Count("query_text", distinct=True), searches=Sum("count"))
    return totals["queries"], totals["searches"] or 0


class SendToTopicColumn(Column):
    cell_template_name = "search/admin/send_to_topic_cell.html"

    def get_value(self, instance):
        return instance["query_text"]


class SendToTopicForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ["term", "topic"]
        widgets = {"term": forms.HiddenInput, "topic": AdminPageChooser(target_models=["topics.TopicPage"])}


def send_to_topic(request):
    """Make the searched words a search synonym of the chosen topic, then back to the report."""
    if not request.user.has_perm(ADD_PERMISSION):
        raise PermissionDenied
    term = normalise_term(request.POST.get("term") or request.GET.get("q", ""))
    form = SendToTopicForm(request.POST or None, initial={"term": term})
    if request.method == "POST" and form.is_valid():
        synonym = form.save(commit=False)
        synonym.added_by = request.user
        synonym.save()
        messages.success(request, f'Searches for "{synonym.term}" now find {synonym.topic.title} first.')
        return redirect("search_zero_results")
    since = timezone.localdate() - datetime.timedelta(days=ZERO_RESULT_RETENTION_DAYS)
    searches = ZeroResultQuery.objects.filter(query_text=term, day__gte=since).aggregate(n=Sum("count"))["n"] or 0
    context = {"form": form, "term": term, "searches": searches, "report_url": reverse("search_zero_results")}
    return TemplateResponse(request, "search/admin/send_to_topic.html", context, status=400 if form.errors else 200)
