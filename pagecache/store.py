"""Whole anonymous page responses, kept in Django's cache (its own Redis database in production).

Each URL path has a generation token and the whole cache one more; a response is stored under
host + path + the page's own query parameters + both generations, so purging a path (every query
variant, every host) is one write of a new token, and purging everything is one write too. Every
key expires (`PAGE_CACHE_SECONDS`), so Redis can evict with `volatile-lru` or `allkeys-lru`.

Purges run after the database transaction commits (`transaction.on_commit`), and a response is
stored under the generations read *before* it was rendered: a request that rendered the old
revision while an approval was committing can never land under the new generation.
When the cache is unreachable, production's cache (website/cache.py) answers with misses.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db.transaction import on_commit

KEY_PREFIX = "pagecache"
ALL_KEY = f"{KEY_PREFIX}:gen:all"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _path_key(path):
    return f"{KEY_PREFIX}:gen:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _response_key(generations, host, path, query):
    digest = hashlib.sha256(f"{generations}|{host}|{path}|{query}".encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:page:{digest}"


#: Stored instead of a page whose content depends on the request's experiment variant (experiments/): the page
#: itself is stored once per variant, under its query with the variant added (variant_query).
BY_VARIANT = "by-variant"


def variant_query(query, variant):
    return f"{query}|variant={variant}"


def get(host, path, query):
    """(generations, cached payload or None); give the generations to put() after rendering."""
    cache = _cache()
    found = cache.get_many([ALL_KEY, _path_key(path)])
    generations = (found.get(ALL_KEY), found.get(_path_key(path)))
    if None in generations:
        return generations, None
    return generations, cache.get(_response_key(generations, host, path, query))


def get_stored(generations, host, path, query):
    """The payload stored under generations already read by get() (a page's variant), or None."""
    return _cache().get(_response_key(generations, host, path, query)) if None not in generations else None


def put(generations, host, path, query, payload):
    """Store a response under the generations read before rendering it.

    A missing generation is created with `add` (never overwriting one a purge wrote meanwhile);
    if that fails, the response is not stored (None is returned; else the generations it was stored under).
    """
    cache = _cache()
    created = []
    for key, generation in zip([ALL_KEY, _path_key(path)], generations, strict=True):
        if generation is None:
            generation = uuid.uuid4().hex
            if not cache.add(key, generation, timeout=settings.PAGE_CACHE_SECONDS):
                return None
        created.append(generation)
    cache.set(_response_key(tuple(created), host, path, query), payload, timeout=settings.PAGE_CACHE_SECONDS)
    return tuple(created)


def _new_generation(key):
    _cache().set(key, uuid.uuid4().hex, timeout=settings.PAGE_CACHE_SECONDS)


def purge(path):
    """Forget every cached variant of this path, on every host, once the current transaction commits."""
    on_commit(lambda: _new_generation(_path_key(path)))


def purge_all():
    """Forget every cached page (settings, view restrictions, bulk imports), once the transaction commits."""
    on_commit(lambda: _new_generation(ALL_KEY))
