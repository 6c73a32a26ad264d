from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """Pages opt out with `page_cache = False` (for instance a page with a form and a CSRF token), and list the
    query parameters they read in `page_cache_query_params` (the cache keys on those alone)."""
    page_class = page.specific_class
    request.page_cacheable = getattr(page_class, "page_cache", True) and not getattr(request, "is_preview", False)
    request.page_cache_query_params = getattr(page_class, "page_cache_query_params", ())
