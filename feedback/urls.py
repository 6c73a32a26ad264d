from django.urls import path

from . import views

urlpatterns = [
    path("<int:page_id>/", views.answer, name="feedback_answer"),
    path("<int:page_id>/comment/", views.comment, name="feedback_comment"),
]
