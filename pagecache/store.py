"""Whole anonymous page responses, kept in Django's cache (Redis in production).

Each URL path has a generation token; a response is stored under path + generation + query
string, so purging a path (every query variant of it, such as `/topics/?group=x`) is one write
of a new token. When the cache is unreachable, production's cache (website/cache.py) answers with
misses and pages are simply rendered.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches

KEY_PREFIX = "pagecache"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _path_key(path):
    return f"{KEY_PREFIX}:gen:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def _response_key(generation, path, query):
    digest = hashlib.sha256(f"{generation}|{path}|{query}".encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:page:{digest}"


def get(path, query):
    generation = _cache().get(_path_key(path))
    if generation is None:
        return None
    return _cache().get(_response_key(generation, path, query))


def put(path, query, payload):
    cache = _cache()
    generation = cache.get(_path_key(path))
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(_path_key(path), generation, timeout=None)
    cache.set(_response_key(generation, path, query), payload, timeout=settings.PAGE_CACHE_SECONDS)


def purge(path):
    """Forget every cached variant of this path."""
    _cache().set(_path_key(path), uuid.uuid4().hex, timeout=None)


def purge_all():
    """Forget every cached page (after a bulk import)."""
    cache = _cache()
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(f"{KEY_PREFIX}:*")
    else:
        cache.clear()
