from django.urls import path

from . import views

urlpatterns = [
    path("cta/<int:pk>/", views.cta_click, name="cta_click"),
]
