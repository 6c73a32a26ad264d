from django.urls import path

from . import views

urlpatterns = [
    path("verify/", views.verify, name="twofactor_verify"),
    path("enrol/", views.enrol, name="twofactor_enrol"),
    path("recovery-codes/", views.recovery_codes, name="twofactor_recovery_codes"),
    path("", views.manage, name="twofactor_manage"),
]
