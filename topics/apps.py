from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"

    def ready(self):
        from .forms import TopicPageForm
        from .models import TopicPage

        # Here rather than in the model, so the model never imports the form that checks it.
        TopicPage.base_form_class = TopicPageForm
