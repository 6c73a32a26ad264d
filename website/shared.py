"""Reads every page makes that belong to no single page: the site, its settings (the clinic's details), the home
page in each language, view restrictions, the header's and footer's links and each page's translations.

They change only when an editor changes them, so they are kept in Django's cache (Redis in production) under one
version token, as the search vocabulary is. Saving or deleting a page, a setting (Clinic details), a site, a locale
or a view restriction, and publishing, unpublishing or moving a page, writes a new token (`changed`, again once the
transaction commits), so the next request reads them afresh in every process. Within a request each is read once,
and the first read fetches the token and the entries the process's previous request read (the site, its settings,
its landmark pages, the site root paths...) in one Redis round trip (`get_many`).

Outside a request (management commands, the shell) and in previews (`request.is_dummy`, Wagtail's preview and
moderation requests), everything is read from the database: an editor's preview never shows cached data.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.db.transaction import on_commit
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished, post_page_move

from website.versions import VersionToken

VERSION = VersionToken("website:shared:version")
#: Every entry expires, so an unused one (an old version's) leaves Redis by itself.
TIMEOUT = 24 * 60 * 60
_MEMO = "_shared_reads"

_current_request = ContextVar("shared_reads_request", default=None)
#: (version, names) this process's last request read: the next request fetches them with the version at once.
_last_read = (None, ())


def _key(version, name):
    return f"website:shared:{version}:{name}"


def _start(request):
    """The request's memo: the current version and the entries the previous request read, in one round trip (a
    second one when the version changed since)."""
    last_version, names = _last_read
    keys = [_key(last_version, name) for name in names] if last_version is not None else []
    found = cache.get_many([VERSION.key, *keys])
    version = found.get(VERSION.key) or VERSION.current()
    if version != last_version and names and version is not None:
        keys = [_key(version, name) for name in names]
        found = cache.get_many(keys)
    prefetched = {name: found[key] for name, key in zip(names, keys, strict=True) if key in found}
    memo = {"values": {}, "version": version, "prefetched": prefetched if version is not None else {}, "read": []}
    request.__dict__[_MEMO] = memo
    return memo


def shared(name, build):
    """`build()`'s result, read once per request and shared between requests until something it shows changes.

    `name` says what it is and for which site or page (`"site:example.com:443"`); `build` reads it from the database.
    """
    request = _current_request.get()
    if request is None or getattr(request, "is_dummy", False):
        return build()
    memo = request.__dict__.get(_MEMO) or _start(request)
    if name in memo["values"]:
        return memo["values"][name]
    version = memo["version"]
    memo["read"].append(name)
    found = memo["prefetched"].pop(name, None)
    if found is None and version is not None:
        found = cache.get(_key(version, name))
    if found is None:
        found = (build(),)  # a tuple, so a value of None is kept too
        if version is not None:
            cache.set(_key(version, name), found, TIMEOUT)
    memo["values"][name] = found[0]
    return found[0]


def _remember_reads(request):
    global _last_read
    memo = request.__dict__.get(_MEMO)
    if memo and memo["version"] is not None and memo["read"]:
        _last_read = (memo["version"], tuple(memo["read"]))


def new_version():
    """Read every shared value afresh from now on (`changed` calls it; tests call it before each test)."""
    VERSION.renew()


def changed(**kwargs):
    """Something every page may show changed: every process reads the shared values afresh.

    Now (this transaction's own later reads) and again after the commit (a request that read the old rows while the
    change was committing may have cached them under the first new version)."""
    new_version()
    on_commit(new_version)


@contextmanager
def cached_for(request):
    """Within the block, the shared reads are cached for `request` (website.middleware.SharedReadsMiddleware)."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)
        _remember_reads(request)


def find_site(request):
    """`Site.find_for_request(request)`, from the shared cache; later calls of either read what this one found."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site") and not getattr(request, "is_dummy", False):
        request._wagtail_site = site_for(request)
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            # What Page.get_url reads from Wagtail's own cache entry (one more round trip) on its first call.
            paths = shared("site-root-paths", Site.get_site_root_paths)
            request._wagtail_cached_site_root_paths = on_request_host(request, request._wagtail_site, paths)
    return Site.find_for_request(request)


def link_origin(request):
    """The scheme and host full links of this request start with when they follow the request (development's
    LINKS_FROM_REQUEST_HOST), else "" (they start with the Wagtail site's own root URL)."""
    if request is None or not settings.LINKS_FROM_REQUEST_HOST:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def on_request_host(request, site, root_paths):
    """Wagtail's site root paths (`Site.get_site_root_paths()`), the current site's root URL replaced by the address
    the request came to when LINKS_FROM_REQUEST_HOST is on (`make run`): then `page.get_full_url(request)` and
    `{% fullpageurl %}` give http://127.0.0.1:8000/... instead of the demo site's http://localhost/...

    Off in production, where ALLOWED_HOSTS may hold several names and links keep the configured canonical one."""
    origin = link_origin(request)
    if not origin or site is None:
        return root_paths
    return [path._replace(root_url=origin) if path.site_id == site.pk else path for path in root_paths]


def site_for(request):
    """The Wagtail site answering this request (its root page loaded), as `Site.find_for_request` finds it."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def build():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return shared(f"site:{hostname}:{port}", build)


def language_roots(site):
    """The site's home page in every language (plain `Page` rows, drafts included), in tree order."""
    root = site.root_page
    return shared(
        f"roots:{site.pk}:{root.translation_key}",
        lambda: list(Page.objects.filter(translation_key=root.translation_key).order_by("path")),
    )


def view_restrictions():
    """Every page view restriction, each with its page's `path` and `depth` (plain rows)."""
    return shared(
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page").only("page__path", "page__depth")),
    )


def private_pages_q():
    """Like Wagtail's `PageQuerySet.private_q()`, from the shared list of view restrictions (no query)."""
    q = Q()
    for restriction in view_restrictions():
        q |= Q(path__startswith=restriction.page.path, depth__gte=restriction.page.depth)
    return q if q else Q(pk__in=[])


def public(queryset):
    """`queryset.public()` without reading the view restrictions again: pages outside every private section."""
    return queryset.exclude(private_pages_q())


class SharedSettingMixin:
    """For a site setting (`BaseSiteSetting`): `for_request` reads it through the shared cache."""

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = find_site(request)
        if site is None:
            return super().for_request(request)
        setting = shared(f"setting:{cls._meta.label_lower}:{site.pk}", lambda: cls.for_site(site))
        setting._request = request
        setattr(request, attr_name, setting)
        return setting


def _on_model_change(sender, instance, created=False, **kwargs):
    if created and isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        return  # created with its defaults by a page render (`for_request`): the pages showed those already
    if isinstance(instance, (Site, Locale, PageViewRestriction, BaseSiteSetting, BaseGenericSetting, Page)):
        changed()


page_published.connect(changed, dispatch_uid="website-shared-published")
page_unpublished.connect(changed, dispatch_uid="website-shared-unpublished")
post_page_move.connect(changed, dispatch_uid="website-shared-moved")
post_save.connect(_on_model_change, dispatch_uid="website-shared-saved")
post_delete.connect(_on_model_change, dispatch_uid="website-shared-deleted")
