"""/api/: the content API (api/routes.py)."""

from django.urls import path

from .routes import api

urlpatterns = [path("", api.urls)]
