from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """Pages opt out with `page_cache = False` (for instance a page with a form and a CSRF token)."""
    request.page_cacheable = getattr(page.specific_class, "page_cache", True) and not getattr(
        request, "is_preview", False
    )
