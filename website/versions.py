"""Version tokens in Django's shared cache (Redis in production): what a token versions is cached under it, and
writing a new token retires every such entry in every process at once, without finding and deleting them."""

import uuid

from django.core.cache import cache


class VersionToken:
    def __init__(self, key):
        self.key = key

    def current(self):
        """The token now (made on first use; None only when the cache cannot be reached)."""
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            version = cache.get(self.key)
        return version

    def renew(self):
        cache.set(self.key, uuid.uuid4().hex, None)
