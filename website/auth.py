"""Authentication for the admin."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(AxesStandaloneBackend, ModelBackend):
    """Django's ModelBackend behind django-axes' lockout check, as one backend.

    django-axes' own backends only refuse locked-out logins and leave logging in to the next backend; a
    single backend that does both keeps `AUTHENTICATION_BACKENDS[0]` (used by Wagtail's test helpers and
    `force_login`) a backend that can also load users.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)  # raises when locked out
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)
