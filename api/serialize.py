"""Pages as the content API gives them: plain dicts that match api/schemas.py.

A list reads its pages' groups, codes, reviewers and translations in a fixed number of queries (`Listing`), however
many pages it shows; URLs come from Wagtail's cached site root paths (no query per page).
"""

from collections import defaultdict

from django.conf import settings

from topics.codes import CODING_SYSTEM_NAMES, OIDS
from website.languages import language_code_of
from website.shared import public

from . import sections

API_PREFIX = "/api"

CLINIC_LICENCE = getattr(settings, "API_CLINIC_LICENCE", "CC BY-ND 4.0")
CLINIC_LICENCE_URL = getattr(settings, "API_CLINIC_LICENCE_URL", "https://creativecommons.org/licenses/by-nd/4.0/")
MEDLINEPLUS_LICENCE = "Public domain (U.S. National Library of Medicine); do not imply NLM endorsement"
MEDLINEPLUS_LICENCE_URL = "https://medlineplus.gov/about/using/usingcontent/"
MEDLINEPLUS_CREDIT = {
    "en": "Courtesy of MedlinePlus from the National Library of Medicine",
    "es": "Cortesía de MedlinePlus de la Biblioteca Nacional de Medicina",
}
CLINIC_CREDIT = {"en": "Written and reviewed by {clinic}", "es": "Escrito y revisado por {clinic}"}


def api_url(page):
    """The page's entry in this API: /api/topics/<id> (a clinic topic), /api/library/<id>, /api/articles/<id>."""
    source = getattr(page, "source", None)
    if source == "medlineplus":
        return f"{API_PREFIX}/library/{page.pk}"
    if source is not None:
        return f"{API_PREFIX}/topics/{page.pk}"
    return f"{API_PREFIX}/articles/{page.pk}"


def language_of(page):
    return language_code_of(page.locale_id)


def code_dict(row):
    return {"system": row.system, "code": row.code, "coding_system": CODING_SYSTEM_NAMES[row.system]} | {
        "oid": OIDS[row.system]
    }


class Listing:
    """What a list of pages needs besides their own rows, read once for all of them."""

    def __init__(self, pages, request, model):
        self.request = request
        keys = {page.translation_key for page in pages}
        self.translations = defaultdict(list)
        if keys:
            others = (
                public(model.objects.live().filter(translation_key__in=keys))
                .exclude(pk__in=[page.pk for page in pages])
                .select_related("locale")
                .defer_streamfields()
                .order_by("locale__language_code")
            )
            for other in others:
                self.translations[other.translation_key].append(
                    {
                        "language": other.locale.language_code,
                        "url": other.get_full_url(request),
                        "api_url": api_url(other),
                    }
                )

    def translations_of(self, page):
        language = language_of(page)
        return [item for item in self.translations.get(page.translation_key, []) if item["language"] != language]


def topic_summary(page, listing):
    request = listing.request
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "source": page.source,
        "language": language_of(page),
        "summary": page.summary,
        "url": page.get_full_url(request),
        "api_url": api_url(page),
        "groups": [{"id": g.pk, "name": g.name, "slug": g.slug} for g in page.groups.all()],
        "codes": [code_dict(row) for row in page.codes.all()],
        "reviewer": page.reviewer_name or None,
        "last_reviewed": page.last_reviewed,
        "next_review_due": page.next_review_due,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "translations": listing.translations_of(page),
    }


def attribution(page, request, clinic_name):
    language = language_of(page)
    if getattr(page, "source", None) == "medlineplus":
        return {
            "text": MEDLINEPLUS_CREDIT.get(language, MEDLINEPLUS_CREDIT["en"]),
            "licence": MEDLINEPLUS_LICENCE,
            "licence_url": MEDLINEPLUS_LICENCE_URL,
            "source_url": page.source_url or page.get_full_url(request),
        }
    credit = CLINIC_CREDIT.get(language, CLINIC_CREDIT["en"]).format(clinic=clinic_name)
    return {
        "text": credit,
        "licence": CLINIC_LICENCE,
        "licence_url": CLINIC_LICENCE_URL,
        "source_url": page.get_full_url(request),
    }


def topic_detail(page, listing, clinic_name):
    request = listing.request
    care_links = [
        {
            "title": link.topic.title,
            "kind": link.topic.kind,
            "url": link.topic.get_full_url(request),
            "api_url": api_url(link.topic),
            "how_it_helps": link.how_it_helps,
        }
        for link in page.care_links
    ]
    return topic_summary(page, listing) | {
        "also_called": page.also_called_names,
        "sections": sections.sections(page, request),
        "care_links": care_links,
        "attribution": attribution(page, request, clinic_name),
    }


def article_summary(page, listing, live_topic_ids):
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "language": language_of(page),
        "standfirst": page.standfirst,
        "author": page.author,
        "published_date": page.published_date,
        "url": page.get_full_url(listing.request),
        "api_url": api_url(page),
        "reviewer": page.reviewed_by.credited_name if page.reviewed_by_id and page.reviewed_by else None,
        "last_published_at": page.last_published_at,
        "topics": [topic.pk for topic in page.topics.all() if topic.pk in live_topic_ids],
        "translations": listing.translations_of(page),
    }


def article_detail(page, listing, live_topic_ids, clinic_name):
    return article_summary(page, listing, live_topic_ids) | {
        "sections": sections.sections(page, listing.request),
        "attribution": attribution(page, listing.request, clinic_name),
    }
