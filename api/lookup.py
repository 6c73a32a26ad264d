"""Which topic pages explain a clinical code, in the language asked for: `GET /api/lookup` (Infobutton style).

A request names a code, optionally its system (`icd10cm`, `snomedct`, `mesh`, `rxnorm`, or the system's HL7 OID)
and a language. Matching codes are read from every language's pages (a topic's codes are the same in all its
translations); each matching topic is then answered with its live, public page in the language asked for, or its
English page when it has none there (`fallback`). A parent ICD-10-CM code finds the pages of the codes below it
(`M54` finds `M54.50`). Clinic pages come first, then health-library (MedlinePlus) pages; within each, pages whose
code is the one asked for before pages found through a parent code, then by title. Two queries, whatever the number
of topics (an index on (system, key) finds the codes).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from topics.codes import ICD10CM, CodeError, normalise
from topics.models import TopicCode, TopicPage
from website.languages import language_code_of, locale_id_for
from website.shared import public

#: Results are few (a code names a handful of topics); a broad parent code is cut here.
MAX_RESULTS = 50
#: What partners send as a language: ISO 639-1, MedlinePlus Connect's `sp`, region variants (`es-US`), ISO 639-2.
LANGUAGE_ALIASES = {"en": "en", "eng": "en", "es": "es", "sp": "es", "spa": "es"}


def language_named(value):
    """The site language `value` names (`es-US` -> `es`), else None."""
    value = (value or "").strip().lower().replace("_", "-")
    return LANGUAGE_ALIASES.get(value.split("-", 1)[0])


@dataclass(frozen=True)
class Match:
    page: TopicPage
    exact: bool  # the page carries the code asked for, not only a code below it


def asked_keys(code, system):
    """{system: key} for each system (the one named, else all) in which `code` is a well-formed code."""
    systems = [system] if system else [choice for choice, _label in TopicCode._meta.get_field("system").choices]
    keys = {}
    for each in systems:
        try:
            keys[each] = normalise(each, code).upper()
        except CodeError:
            continue
    return keys


def find(code, system=None, language=None):
    """[Match] best first for `code`, in `language` where the topic has a page in it (else English); an unknown or
    malformed code finds nothing."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    keys = asked_keys(code, system)
    if not keys:
        return []
    condition = Q()
    for each, key in keys.items():
        condition |= Q(system=each, key__startswith=key) if each == ICD10CM else Q(system=each, key=key)
    exact = {}
    rows = TopicCode.objects.filter(condition, page__live=True).values_list("system", "key", "page__translation_key")
    for each, key, translation_key in rows:
        exact[translation_key] = exact.get(translation_key, False) or keys.get(each) == key
    if not exact:
        return []
    locales = {locale_id_for(language), locale_id_for(settings.LANGUAGE_CODE)} - {None}
    pages = (
        public(TopicPage.objects.live())
        .filter(translation_key__in=exact, locale_id__in=locales)
        .select_related("locale")
        .defer_streamfields()
    )
    best = {}
    for page in pages:
        if page.translation_key not in best or language_code_of(page.locale_id) == language:
            best[page.translation_key] = page
    matches = [Match(page, exact[key]) for key, page in best.items()]
    matches.sort(key=lambda m: (m.page.source != TopicPage.SOURCE_CLINIC, not m.exact, m.page.title.lower(), m.page.pk))
    return matches[:MAX_RESULTS]
