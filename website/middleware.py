"""Site-wide response headers that belong to no single area."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, microphone, location) the site never needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
