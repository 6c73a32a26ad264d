"""Finding a page of one type under the current site's root, once per request (for header and footer links)."""

from wagtail.models import Site


def site_page_url(context, model):
    """The URL of the live `model` page under the current site's root, in the current page's language when there
    is one per language (else the first by tree order); "" when there is none. Cached on the request."""
    request = context.get("request")
    cache = request.__dict__.setdefault("_site_page_urls", {}) if request is not None else {}
    if model not in cache:
        site = (
            Site.find_for_request(request) if request is not None else Site.objects.filter(is_default_site=True).first()
        )
        pages = (
            list(model.objects.live().descendant_of(site.root_page, inclusive=True).order_by("path")) if site else []
        )
        page = context.get("page")
        locale_id = getattr(page, "locale_id", None)
        chosen = next((p for p in pages if p.locale_id == locale_id), pages[0] if pages else None)
        cache[model] = chosen.get_url(request) if chosen else ""
    return cache[model]
