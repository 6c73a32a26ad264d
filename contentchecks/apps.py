from django.apps import AppConfig


class ContentChecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contentchecks"
    verbose_name = "Content checks"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Revision

        from .signals import store_checks_for_revision

        post_save.connect(store_checks_for_revision, sender=Revision, dispatch_uid="contentchecks-revision-saved")
