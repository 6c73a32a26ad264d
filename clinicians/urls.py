from django.urls import path

from . import views

urlpatterns = [
    path("", views.clinician_directory, name="clinician_directory"),
    path("<slug:slug>/", views.clinician_profile, name="clinician_profile"),
]
