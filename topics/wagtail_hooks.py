"""Admin additions for health topics."""

import django_filters
from django import forms
from wagtail import hooks
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import TopicGroup, TopicPage


class TopicPageFilterSet(PageFilterSet):
    """Lets editors tell the clinic's own topics from those imported from MedlinePlus."""

    source = django_filters.ChoiceFilter(
        label="Written by", choices=TopicPage.SOURCE_CHOICES, empty_label="Any source", widget=forms.RadioSelect
    )
    groups = django_filters.ModelChoiceFilter(label="Topic group", queryset=TopicGroup.objects.all())

    class Meta:
        model = TopicPage
        fields = []


class TopicPageListingViewSet(PageListingViewSet):
    """Admin menu "Health topics": every topic page, filterable by source and group."""

    model = TopicPage
    icon = "doc-full"
    menu_label = "Health topics"
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = TopicPageFilterSet


@hooks.register("register_admin_viewset")
def register_topic_listing():
    return TopicPageListingViewSet("health_topics")
