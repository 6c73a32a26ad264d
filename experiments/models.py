"""Experiments: two block orders of one page, A (the live page) and B (a draft revision of it that only reorders the
body's blocks or swaps a call to action), each page view shown one of them at random; and their anonymous daily
counts per variant (views, call-to-action clicks, contact requests). Nothing about a visitor is kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q

VARIANTS = ("a", "b")
VARIANT_CHOICES = [("a", "A (live order)"), ("b", "B (draft order)")]


class ExperimentQuerySet(models.QuerySet):
    def running(self):
        return self.filter(ended_at__isnull=True)


class Experiment(models.Model):
    """A on the live page against B, the body of `variant_revision` (checked against the live page on start and at
    every render of B: experiments/variants.py)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="experiments")
    variant_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+", verbose_name="variant B (draft revision)"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept = models.CharField(max_length=1, choices=VARIANT_CHOICES, blank=True)
    #: What "keep B" did: "published" or "submitted to <workflow>" (experiments/ending.py).
    outcome = models.CharField(max_length=200, blank=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=Q(ended_at__isnull=True), name="one_running_experiment_per_page"
            )
        ]

    def __str__(self):
        state = "running" if self.is_running else f"ended, kept {self.kept.upper() or '?'}"
        return f"Experiment on page {self.page_id} ({state})"

    @property
    def is_running(self):
        return self.ended_at is None


class ExperimentCount(models.Model):
    """How many views, CTA clicks or contact requests one variant of one experiment had on one day: a count only."""

    VIEW, CLICK, CONTACT = "view", "click", "contact"
    KIND_CHOICES = [(VIEW, "page view"), (CLICK, "call-to-action click"), (CONTACT, "contact request")]

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="counts")
    variant = models.CharField(max_length=1, choices=VARIANT_CHOICES)
    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["experiment", "variant", "kind", "day"], name="unique_experiment_count")
        ]
        verbose_name = "experiment count (day)"

    def __str__(self):
        return f"{self.experiment_id} {self.variant.upper()} {self.kind} on {self.day}: {self.count}"
