"""The clinical codes a health topic explains (ICD-10-CM diagnoses, SNOMED CT, MeSH, RxNorm): `topics.codes`."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..codes import MAX_CODE_LENGTH, SYSTEM_CHOICES, CodeError, normalise
from .topic_page import TopicPage


class TopicCode(Orderable):
    """One code of one system on a topic page, edited in the "Clinical codes" panel; copied with its page into a
    translation (codes are the same in every language). `key` is the code as lookups compare it."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(max_length=20, choices=SYSTEM_CHOICES)
    code = models.CharField(
        max_length=MAX_CODE_LENGTH,
        help_text=(
            "As the system writes it: M54.50 (ICD-10-CM), 279039007 (SNOMED CT), Back Pain (MeSH), 6130 (RxNorm)."
        ),
    )
    key = models.CharField(max_length=MAX_CODE_LENGTH, db_index=True, editable=False)

    panels = [FieldPanel("system"), FieldPanel("code")]

    class Meta(Orderable.Meta):
        verbose_name = "clinical code"
        indexes = [models.Index(fields=["system", "key"], name="topic_code_system_key")]

    def __str__(self):
        return f"{self.get_system_display()} {self.code}"

    def clean(self):
        super().clean()
        if not self.system:
            return
        try:
            self.code = normalise(self.system, self.code)
        except CodeError as error:
            raise ValidationError({"code": str(error)}) from None
        self.key = self.code.upper()

    def save(self, *args, **kwargs):
        if self.system and self.code:
            try:
                self.code = normalise(self.system, self.code)
            except CodeError:
                pass  # clean() reports it in a form; code written by programs is checked where it is read
            self.key = self.code.upper()
        super().save(*args, **kwargs)
