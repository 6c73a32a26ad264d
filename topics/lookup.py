"""The topic a link names: `?topic=<slug or id>` on a call to action's click (cta/) or on the contact page (contact/).

Slugs are unique only under one parent and the English and Spanish pages of one topic have different slugs, so a
topic is looked up under the site's topic indexes in one language (the page the link leads to): a topic named in
the other language gives its translation, and a topic that cannot be found gives None (the patient still reaches
the contact page, which then names no topic).
"""

import re

from django.db.models import Q
from wagtail.models import Page

from website.shared import find_site, language_roots, public

from .models import TopicIndexPage, TopicPage

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def readable_topics(request=None, locale_id=None):
    """Live topics anyone may read; for a request, only those under the current site's topic indexes, in the
    language `locale_id` when one is given (the site's home page in that language), else in every language."""
    topics = public(TopicPage.objects.live())
    site = find_site(request)
    if site is None:
        return topics if locale_id is None else topics.filter(locale_id=locale_id)
    roots = [root for root in language_roots(site) if locale_id is None or root.locale_id == locale_id]
    indexes = (
        TopicIndexPage.objects.live()
        .filter(Q(pk__in=[]) if not roots else _descendants_of(roots))
        .values_list("path", flat=True)
    )
    children_of_indexes = Q(pk__in=[])
    for path in indexes:
        children_of_indexes |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
    return topics.filter(children_of_indexes)


def _descendants_of(roots):
    below = Q(pk__in=[])
    for root in roots:
        below |= Q(path__startswith=root.path, depth__gt=root.depth)
    return below


def linked_topic(value, request=None, locale_id=None):
    """The readable topic page `value` (a slug or an id) names, in the language `locale_id`: its translation when
    `value` names the topic in another language of the site; None for anything else (drafts and pages under a view
    restriction included: their titles must never appear on a form)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.isdigit() and len(value) < 12:
        names = Q(pk=int(value))
    elif SLUG.fullmatch(value):
        names = Q(slug=value)
    else:
        return None
    in_language = readable_topics(request, locale_id).defer_streamfields()
    found = in_language.filter(names).order_by("path").first()
    if found is None and locale_id is not None:
        elsewhere = readable_topics(request).filter(names).order_by("path").values("translation_key")[:1]
        found = in_language.filter(translation_key__in=elsewhere).first()
    return found
