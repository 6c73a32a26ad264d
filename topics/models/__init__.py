"""Health topics: the topic index, topic pages, and the snippets they share.

One module per page type (topic_page, topic_index) and the health library setting; import them from here
(`from topics.models import TopicPage`).
"""

from .codes import TopicCode
from .library import HealthLibrarySettings, purge_library_pages
from .topic_index import (
    ALPHABETS,
    LETTER_FORMS,
    SLUG_RE,
    TopicGroup,
    TopicIndexPage,
    TopicLink,
    alphabet_for,
    az_list,
    first_letter,
    library_groups,
    starts_with,
    topic_links,
)
from .topic_page import (
    CareLink,
    RelatedTopic,
    ReviewDatesMixin,
    TopicPage,
    TreatmentLink,
    purge_unlinked_pages,
    readable_ids,
    section_heading,
    stamp_new_translation,
    translations_out_of_date,
)

__all__ = [
    "TopicCode",
    "HealthLibrarySettings",
    "purge_library_pages",
    "CareLink",
    "RelatedTopic",
    "ReviewDatesMixin",
    "TopicPage",
    "TreatmentLink",
    "purge_unlinked_pages",
    "readable_ids",
    "section_heading",
    "stamp_new_translation",
    "translations_out_of_date",
    "ALPHABETS",
    "LETTER_FORMS",
    "SLUG_RE",
    "TopicGroup",
    "TopicIndexPage",
    "TopicLink",
    "alphabet_for",
    "az_list",
    "first_letter",
    "library_groups",
    "starts_with",
    "topic_links",
]
