from django.apps import AppConfig


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial roles, clinical review and reports"

    def ready(self):
        from contentchecks.forms import ClinicalApprovalForm

        from .models import ClinicalReviewTask

        ClinicalReviewTask.approval_form_class = ClinicalApprovalForm

        from django.db.models.signals import post_migrate

        from .setup import setup_after_migrate

        post_migrate.connect(setup_after_migrate, sender=self, dispatch_uid="editorial.setup")

        from wagtail.signals import copy_for_translation_done

        from .setup import setup_after_translation

        copy_for_translation_done.connect(setup_after_translation, dispatch_uid="editorial.setup-translation")
