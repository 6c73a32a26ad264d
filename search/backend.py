"""Wagtail's database search backend, with each page indexed in its own language.

On PostgreSQL a Spanish page's text is indexed with the `clinic_spanish` text search configuration (Spanish
stemming and stop words, accents and "ñ" folded by `unaccent`; made by migration search 0002), every other
object with the backend's usual configuration. A search names the configuration of the language it searches
(`for_language`). On SQLite (`make run`) Wagtail's SQLite backend ranks titles and "also called" names above the
rest of the text (`search.sqlite`); other databases use Wagtail's backend unchanged.
"""

import copy

from django.conf import settings
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

#: PostgreSQL text search configuration per language; a language not listed uses the backend's SEARCH_CONFIG.
TEXT_SEARCH_CONFIGS = {"es": "clinic_spanish"}


def language_of(obj):
    """The language code of a translatable object (its locale), else None."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return None
    from website.languages import language_code_of

    return language_code_of(locale_id)


class LanguageIndex(PostgresIndex):
    """Indexes each object with its own language's text search configuration."""

    def add_items(self, model, objs):
        groups = {}
        for obj in objs:
            groups.setdefault(TEXT_SEARCH_CONFIGS.get(language_of(obj)), []).append(obj)
        backend = self.backend
        try:
            for config, group in groups.items():
                self.backend = copy.copy(backend)
                if config:
                    self.backend.config = config
                super().add_items(model, group)
        finally:
            self.backend = backend


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex


def SearchBackend(params):  # noqa: N802 (Wagtail looks for this name)
    if connection.vendor == "postgresql":
        return LanguagePostgresSearchBackend(params)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend, TitleFirstSQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:  # FTS5 is there (else Wagtail's fallback, which has no rank)
            return TitleFirstSQLiteSearchBackend(params)
    return backend


def for_language(language):
    """The default backend, searching with `language`'s configuration (where the database has one)."""
    backend = get_search_backend("default")
    config = TEXT_SEARCH_CONFIGS.get(language or settings.LANGUAGE_CODE)
    if config and isinstance(backend, LanguagePostgresSearchBackend):
        backend = copy.copy(backend)
        backend.config = config
    return backend
