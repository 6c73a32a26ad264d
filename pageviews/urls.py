from django.urls import path

from . import views

urlpatterns = [
    path("view/", views.page_view, name="page_view_beacon"),
]
