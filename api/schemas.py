"""What the content API answers, as django-ninja (pydantic) schemas: the OpenAPI document is made from these."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from .sections import Section

Language = Literal["en", "es"]
Source = Literal["clinic", "medlineplus"]
Kind = Literal["condition", "treatment"]


class Code(Schema):
    system: Literal["icd10cm", "snomedct", "mesh", "rxnorm"]
    code: str
    coding_system: str = Field(description="The system's name: ICD-10-CM, SNOMED CT, MeSH or RxNorm.")
    oid: str = Field(description="The code system's HL7 OID (as in Infobutton's mainSearchCriteria.v.cs).")


class Translation(Schema):
    language: Language
    url: str = Field(description="The translated page's canonical URL.")
    api_url: str = Field(description="Its entry in this API.")


class GroupRef(Schema):
    id: int
    name: str
    slug: str


class Attribution(Schema):
    text: str = Field(description="The credit line to show beside the text.")
    licence: str = Field(description="The terms the text may be reused under.")
    licence_url: str
    source_url: str = Field(description="Where the text comes from.")


class TopicSummary(Schema):
    id: int
    title: str
    slug: str
    kind: Kind
    source: Source = Field(description="clinic: written and reviewed by the clinic; medlineplus: the health library.")
    language: Language
    summary: str
    url: str = Field(description="The page's canonical URL.")
    api_url: str
    groups: list[GroupRef]
    codes: list[Code]
    reviewer: str | None = Field(description="The clinician who last approved the page, with credentials.")
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None = Field(description="When the page last changed for readers.")
    translations: list[Translation] = Field(description="The same topic in the other languages, where published.")


class CareLink(Schema):
    title: str
    kind: Kind
    url: str
    api_url: str
    how_it_helps: str


class TopicDetail(TopicSummary):
    also_called: list[str]
    sections: list[Section] = Field(description="The page's body in order, one typed object per block.")
    care_links: list[CareLink] = Field(
        description="On a condition: the clinic's treatments that may help; on a treatment: the conditions it treats."
    )
    attribution: Attribution


class TopicPage(Schema):
    count: int = Field(description="How many topics match, over all pages of results.")
    limit: int
    offset: int
    items: list[TopicSummary]


class Group(Schema):
    id: int
    name: str
    slug: str
    description: str
    language: Language
    topic_count: int = Field(description="Live, public topics in the group.")
    topics_api_url: str


class GroupList(Schema):
    count: int
    items: list[Group]


class ArticleSummary(Schema):
    id: int
    title: str
    slug: str
    language: Language
    standfirst: str
    author: str
    published_date: datetime.date | None
    url: str
    api_url: str
    reviewer: str | None
    last_published_at: datetime.datetime | None
    topics: list[int] = Field(description="Ids of the live topics the article is about.")
    translations: list[Translation]


class ArticleDetail(ArticleSummary):
    sections: list[Section]
    attribution: Attribution


class ArticlePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class Address(Schema):
    street_address: str
    city: str
    region: str
    postal_code: str


class Clinic(Schema):
    name: str
    phone: str
    email: str
    address: Address
    opening_hours: str = Field(description="As the site shows them, in the language asked for.")
    crisis_line: str
    url: str
    language: Language


class LookupResult(Schema):
    title: str
    summary: str
    url: str = Field(description="The page's canonical URL.")
    language: Language
    source: Source
    kind: Kind
    match: Literal["exact", "parent"] = Field(
        description="exact: the page carries the code asked for; parent: a code below it (M54 finds M54.50)."
    )
    api_url: str


class Lookup(Schema):
    code: str
    system: str | None = Field(description="The code system searched (all when the request named none).")
    language: Language = Field(description="The language asked for (English when none or another was asked).")
    fallback_to_english: bool = Field(
        description="True when some results are English pages because the topic has no page in the language asked."
    )
    note: str = Field(description="Says, in words, what the fallback means; empty when there is none.")
    results: list[LookupResult]


class Problem(Schema):
    """RFC 7807 problem details, as Wagtail's API v3 answers errors."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[dict] | None = None
