from django.urls import path

from . import views

urlpatterns = [path("<slug:slug>/", views.clinician_profile, name="clinician_profile")]
