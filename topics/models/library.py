"""Settings -> Health library: what every imported (MedlinePlus) page offers patients."""

from django.db import models
from django.db.models.signals import post_save
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from website.shared import SharedSettingMixin


@register_setting(icon="doc-full")
class HealthLibrarySettings(SharedSettingMixin, BaseSiteSetting):
    """Settings -> Health library: what every imported (MedlinePlus) page offers patients."""

    call_to_action = models.ForeignKey(
        "cta.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the end of every health-library page, e.g. 'Book a consultation'.",
    )

    panels = [FieldPanel("call_to_action")]

    class Meta:
        verbose_name = "health library"

    @classmethod
    def call_to_action_for(cls, request, locale_id=None):
        """The live call to action for library pages on the request's site, or None.

        A page in another language (`locale_id`) gets the call to action's live translation when it has one.
        """
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return None
        setting = (
            cls.objects.filter(site=site, call_to_action__live=True).select_related("call_to_action__link_page").first()
        )
        cta = setting.call_to_action if setting else None
        if cta is not None and locale_id is not None and cta.locale_id != locale_id:
            twin = (
                type(cta)
                .objects.filter(translation_key=cta.translation_key, locale_id=locale_id, live=True)
                .select_related("link_page")
                .first()
            )
            cta = twin or cta
        return cta


def purge_library_pages(sender, instance, created=False, **kwargs):
    """A call to action chosen for the health library (or its translation) changed: every page may show it, so
    forget them all."""
    chosen = HealthLibrarySettings.objects.filter(call_to_action__translation_key=instance.translation_key)
    if not created and chosen.exists():
        from pagecache.backends import purge_everything

        purge_everything()


post_save.connect(purge_library_pages, sender="cta.CallToAction", dispatch_uid="topics-library-cta-saved")
