from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """Every served page may be stored (previews never), keyed on the query parameters its class lists in
    `page_cache_query_params`; PageCacheMiddleware.may_store refuses responses that set cookies."""
    request.page_cacheable = not getattr(request, "is_preview", False)
    request.page_cache_query_params = getattr(page.specific_class, "page_cache_query_params", ())
