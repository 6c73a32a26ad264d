"""The read-only content API under /api/, on django-ninja as Wagtail's API v3 uses it (OpenAPI 3.1).

Endpoints: /api/topics (the clinic's own topics), /api/library (health-library topics imported from MedlinePlus),
/api/groups, /api/articles, /api/clinic, /api/lookup (pages for a clinical code, HL7 Infobutton style). The
OpenAPI document is /api/openapi.json, rendered for people at /api/docs (Swagger UI served from this site's own
static files, nothing from another host).

From Wagtail's v3: the RFC 7807 error answers (`register_exception_handlers`), the limit/offset envelope
(`count`, `items`) and its cap. Wagtail's own v3 page endpoints are not mounted: they also write pages, and their
page schemas type a StreamField body as "any"; this API gives the topics' blocks typed sections instead.
Only live pages outside every private section are answered; drafts and view-restricted pages never appear.
Caching, ETags, CORS and the rate limit are added around every answer by `api.http.ApiHeadersMiddleware`.
"""

import datetime

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import Http404
from django.utils import timezone, translation
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger
from pydantic import Field
from wagtail.api.v3.errors import register_exception_handlers

from blog.models import ArticlePage
from search import engine
from topics.codes import OIDS, system_named
from topics.models import TopicGroup, TopicPage
from website.languages import locale_id_for
from website.models import ClinicDetails
from website.shared import find_site, public

from . import lookup as code_lookup
from . import schemas, serialize

#: Largest page of a list; a larger `limit` is refused (422), as Wagtail's API refuses one over its maximum.
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class ContentAPI(NinjaAPI):
    """Errors are RFC 7807 problems (`application/problem+json`, Wagtail's v3 handlers): the document says so."""

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return document


api = ContentAPI(
    title="Clearwater Pain Clinic content API",
    version="1.0.0",
    description=(
        "Read-only access to the clinic's health topics (written and reviewed by its clinicians), its health "
        "library (MedlinePlus), topic groups, articles and clinic details, in English and Spanish, and a lookup "
        "of patient pages by diagnosis code (ICD-10-CM, SNOMED CT, MeSH, RxNorm) that accepts HL7 Infobutton "
        "parameters. No key is needed. Terms for reusing the text are in each page's `attribution`."
    ),
    urls_namespace="clinic_api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": True}),
)
register_exception_handlers(api)

ERRORS = {400: schemas.Problem, 404: schemas.Problem, 422: schemas.Problem, 429: schemas.Problem}


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=1_000_000, description="Items to skip.")


class TopicFilters(Paging):
    language: schemas.Language | None = Field(None, description="Only topics in this language.")
    group: str | None = Field(None, max_length=100, description="Only topics in the group with this slug.")
    kind: schemas.Kind | None = None
    code: str | None = Field(
        None, max_length=120, description="Only topics carrying this code or one below it (M54 finds M54.50)."
    )
    system: str | None = Field(None, max_length=60, description="The code's system (icd10cm, snomedct, mesh, rxnorm).")
    search: str | None = Field(None, max_length=200, description="Words, as in the site's search (best first).")
    updated_since: datetime.datetime | None = Field(
        None,
        description="Only topics published after this instant (ISO 8601), oldest change first: for syncing.",
    )


def as_aware(moment):
    """`moment` in UTC (naive: read as UTC), as PostgreSQL accepts it whatever offset it was written with."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # an offset pushing year 1 or 9999 over the edge
        edge = datetime.datetime.min if moment.year < 5000 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


def clinic_name(request):
    setting = ClinicDetails.for_request(request) if find_site(request) else None
    return setting.clinic_name if setting else ClinicDetails._meta.get_field("clinic_name").default


def topics_matching(request, filters, source):
    """Live public topics of `source` that pass `filters`, in the order the filters ask for."""
    queryset = public(TopicPage.objects.live()).filter(source=source)
    if filters.language:
        queryset = queryset.filter(locale_id=locale_id_for(filters.language))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.group:
        queryset = queryset.filter(groups__slug=filters.group)
    if filters.code:
        system = system_named(filters.system) if filters.system else None
        if filters.system and system is None:
            raise HttpError(400, f"Unknown code system {filters.system!r}: use one of {', '.join(OIDS)}.")
        keys = code_lookup.asked_keys(filters.code, system)
        condition = Q(pk__in=[])
        for each, key in keys.items():
            field = "codes__key__startswith" if each == "icd10cm" else "codes__key"
            condition |= Q(**{"codes__system": each, field: key})
        queryset = queryset.filter(condition)
    if filters.updated_since:
        queryset = queryset.filter(last_published_at__gt=as_aware(filters.updated_since))
    queryset = queryset.distinct()
    if filters.search:
        ids = engine.run(filters.search, filters.language).ids
        order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(ids)), output_field=IntegerField())
        return queryset.filter(pk__in=ids).annotate(_rank=order).order_by("_rank", "pk")
    if filters.updated_since:
        return queryset.order_by("last_published_at", "pk")
    return queryset.order_by("title", "pk")


def page_of(queryset, paging):
    count = queryset.count()
    items = list(queryset[paging.offset : paging.offset + paging.limit]) if paging.offset < count else []
    return count, items


def listed_topics(queryset):
    return queryset.select_related("locale", "reviewed_by").prefetch_related("groups", "codes").defer_streamfields()


def topic_list(request, filters, source):
    count, topics = page_of(listed_topics(topics_matching(request, filters, source)), filters)
    listing = serialize.Listing(topics, request, TopicPage)
    items = [serialize.topic_summary(topic, listing) for topic in topics]
    request.api_last_modified = max((t.last_published_at for t in topics if t.last_published_at), default=None)
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


def topic_detail(request, topic_id, source):
    topic = (
        public(TopicPage.objects.live())
        .filter(pk=topic_id, source=source)
        .select_related("locale", "reviewed_by")
        .prefetch_related("groups", "codes")
        .first()
    )
    if topic is None:
        raise Http404("No published topic with this id.")
    with translation.override(serialize.language_of(topic)):
        data = serialize.topic_detail(topic, serialize.Listing([topic], request, TopicPage), clinic_name(request))
    request.api_last_modified = topic.last_published_at
    return data


@api.get("/topics", response={200: schemas.TopicPage, **ERRORS}, tags=["topics"], summary="The clinic's topics")
def clinic_topics(request, filters: Query[TopicFilters]):
    """Topics written and reviewed by the clinic, in pages of `limit`; filter by language, group, kind, code,
    words, or change since an instant."""
    return topic_list(request, filters, TopicPage.SOURCE_CLINIC)


@api.get("/topics/{topic_id}", response={200: schemas.TopicDetail, **ERRORS}, tags=["topics"], summary="A topic")
def clinic_topic(request, topic_id: int):
    """One clinic topic with its sections, reviewer, dates, codes, translations and attribution."""
    return topic_detail(request, topic_id, TopicPage.SOURCE_CLINIC)


@api.get("/library", response={200: schemas.TopicPage, **ERRORS}, tags=["library"], summary="Health library topics")
def library_topics(request, filters: Query[TopicFilters]):
    """Topics imported from MedlinePlus (their MeSH descriptors are codes of system `mesh`)."""
    return topic_list(request, filters, TopicPage.SOURCE_MEDLINEPLUS)


@api.get(
    "/library/{topic_id}", response={200: schemas.TopicDetail, **ERRORS}, tags=["library"], summary="A library topic"
)
def library_topic(request, topic_id: int):
    return topic_detail(request, topic_id, TopicPage.SOURCE_MEDLINEPLUS)


class GroupFilters(Schema):
    language: schemas.Language | None = None


@api.get("/groups", response={200: schemas.GroupList, **ERRORS}, tags=["groups"], summary="Topic groups")
def groups(request, filters: Query[GroupFilters]):
    """Every topic group in the order the topic index shows them, with its number of live public topics."""
    live = public(TopicPage.objects.live()).values("pk")
    queryset = TopicGroup.objects.select_related("locale").annotate(
        topic_count=Count("topics", filter=Q(topics__in=live), distinct=True)
    )
    if filters.language:
        queryset = queryset.filter(locale_id=locale_id_for(filters.language))
    items = [
        {
            "id": group.pk,
            "name": group.name,
            "slug": group.slug,
            "description": group.description,
            "language": group.locale.language_code,
            "topic_count": group.topic_count,
            "topics_api_url": f"/api/topics?group={group.slug}&language={group.locale.language_code}",
        }
        for group in queryset.order_by("locale__language_code", "sort_order", "name", "pk")
    ]
    return {"count": len(items), "items": items}


class ArticleFilters(Paging):
    language: schemas.Language | None = None
    updated_since: datetime.datetime | None = None


def live_topic_ids(articles):
    ids = {topic.pk for article in articles for topic in article.topics.all()}
    return set(public(TopicPage.objects.live()).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


@api.get("/articles", response={200: schemas.ArticlePage, **ERRORS}, tags=["articles"], summary="Articles")
def articles(request, filters: Query[ArticleFilters]):
    """The blog's articles, newest first (oldest change first with `updated_since`)."""
    queryset = public(ArticlePage.objects.live())
    if filters.language:
        queryset = queryset.filter(locale_id=locale_id_for(filters.language))
    if filters.updated_since:
        queryset = queryset.filter(last_published_at__gt=as_aware(filters.updated_since))
        queryset = queryset.order_by("last_published_at", "pk")
    else:
        queryset = queryset.order_by("-published_date", "-pk")
    queryset = queryset.select_related("locale", "reviewed_by").prefetch_related("topics").defer_streamfields()
    count, found = page_of(queryset, filters)
    listing = serialize.Listing(found, request, ArticlePage)
    topic_ids = live_topic_ids(found)
    request.api_last_modified = max((a.last_published_at for a in found if a.last_published_at), default=None)
    items = [serialize.article_summary(article, listing, topic_ids) for article in found]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@api.get("/articles/{article_id}", response={200: schemas.ArticleDetail, **ERRORS}, tags=["articles"])
def article(request, article_id: int):
    """One article with its sections."""
    found = (
        public(ArticlePage.objects.live())
        .filter(pk=article_id)
        .select_related("locale", "reviewed_by")
        .prefetch_related("topics")
        .first()
    )
    if found is None:
        raise Http404("No published article with this id.")
    listing = serialize.Listing([found], request, ArticlePage)
    request.api_last_modified = found.last_published_at
    return serialize.article_detail(found, listing, live_topic_ids([found]), clinic_name(request))


class ClinicFilters(Schema):
    language: schemas.Language = "en"


@api.get("/clinic", response={200: schemas.Clinic, **ERRORS}, tags=["clinic"], summary="Clinic details")
def clinic(request, filters: Query[ClinicFilters]):
    """The clinic's name, phone, address and opening hours."""
    site = find_site(request)
    if site is None:
        raise Http404("No site answers at this address.")
    details = ClinicDetails.for_request(request)
    with translation.override(filters.language):
        hours = "\n".join(details.opening_hours_lines)
    return {
        "name": details.clinic_name,
        "phone": details.phone,
        "email": details.email,
        "address": {
            "street_address": details.street_address,
            "city": details.city,
            "region": details.region,
            "postal_code": details.postal_code,
        },
        "opening_hours": hours,
        "crisis_line": details.crisis_line,
        "url": site.root_url + ("/es/" if filters.language == "es" else "/"),
        "language": filters.language,
    }


class LookupParams(Schema):
    code: str | None = Field(None, max_length=120, description="The code, e.g. M54.5.")
    system: str | None = Field(
        None, max_length=60, description="icd10cm, snomedct, mesh or rxnorm (or an OID); all when left out."
    )
    lang: str | None = Field(None, max_length=20, description="en or es (es-US, sp and spa also read as Spanish).")
    infobutton_code: str | None = Field(None, alias="mainSearchCriteria.v.c", max_length=120)
    infobutton_system: str | None = Field(
        None, alias="mainSearchCriteria.v.cs", max_length=60, description="The code system's OID."
    )
    infobutton_language: str | None = Field(None, alias="informationRecipient.languageCode.c", max_length=20)
    knowledge_response_type: str | None = Field(
        None, alias="knowledgeResponseType", max_length=60, description="Only application/json is answered."
    )


FALLBACK_NOTE = {
    "es": "Algunos temas no tienen página en español todavía: se dan en inglés (language: en).",
}


@api.get("/lookup", response={200: schemas.Lookup, **ERRORS}, tags=["lookup"], summary="Pages for a code")
def lookup(request, params: Query[LookupParams]):
    """Patient pages explaining a clinical code, the clinic's first, then the health library's, in the language
    asked for (English pages where a topic has none in it). Accepts the HL7 Infobutton URL parameters that
    MedlinePlus Connect accepts. An unknown code answers 200 with no results."""
    if params.knowledge_response_type and params.knowledge_response_type.strip().lower() not in (
        "application/json",
        "text/json",
    ):
        raise HttpError(400, "Only knowledgeResponseType=application/json is answered.")
    code = (params.code or params.infobutton_code or "").strip()
    if not code:
        raise HttpError(400, "Give a code: ?code=M54.5 or ?mainSearchCriteria.v.c=M54.5.")
    system_name = params.system or params.infobutton_system
    system = system_named(system_name) if system_name else None
    if system_name and system is None:
        raise HttpError(400, f"Unknown code system {system_name!r}: use one of {', '.join(OIDS)} or its HL7 OID.")
    language = code_lookup.language_named(params.lang or params.infobutton_language) or settings.LANGUAGE_CODE
    matches = code_lookup.find(code, system, language)
    results = [
        {
            "title": match.page.title,
            "summary": match.page.summary,
            "url": match.page.get_full_url(request),
            "language": serialize.language_of(match.page),
            "source": match.page.source,
            "kind": match.page.kind,
            "match": "exact" if match.exact else "parent",
            "api_url": serialize.api_url(match.page),
        }
        for match in matches
    ]
    fallback = any(result["language"] != language for result in results)
    request.api_last_modified = max(
        (m.page.last_published_at for m in matches if m.page.last_published_at), default=None
    )
    return {
        "code": code,
        "system": system,
        "language": language,
        "fallback_to_english": fallback,
        "note": FALLBACK_NOTE.get(language, "Some results are in English.") if fallback else "",
        "results": results,
    }
