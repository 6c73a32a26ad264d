"""Every page request gets a variant, "a" or "b", before the page cache looks it up (pagecache/middleware.py).

Behind Varnish the variant comes from Varnish (deploy/varnish/clinic.vcl sets a random header on every request and
strips any value the client sent); without it (`make run`, the dev server) it is picked here at random. Either way it
lives for one request: no cookie, no identifier, nothing kept. Only pages with a running experiment use it.
"""

from django.conf import settings

from .variants import pick


class VariantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META[settings.PAGE_VARIANT_META] = pick(request.META.get(settings.PAGE_VARIANT_META))
        return self.get_response(request)
