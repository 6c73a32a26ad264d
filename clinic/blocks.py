"""The price block on the Costs page: one self-pay price a row, shown as a table and given to search engines."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

#: The No Surprises Act is a US law: every price on the site is in US dollars.
CURRENCY = "USD"

UNIT_SESSION = "session"
UNIT_SERIES = "series"
UNIT_VISIT = "visit"
UNITS = [
    (UNIT_SESSION, "Per session"),
    (UNIT_SERIES, "For a series of sessions"),
    (UNIT_VISIT, "Per visit"),
]


def dollars(label, help_text, required=True):
    return blocks.DecimalBlock(
        min_value=Decimal("0"), max_digits=8, decimal_places=2, label=label, help_text=help_text, required=required
    )


class PriceBlock(blocks.StructBlock):
    """What a self-paying patient pays for one service: a price or a range, per session, visit or series."""

    service = blocks.CharBlock(max_length=120, help_text="The name patients know it by, e.g. Ketamine infusion.")
    included = blocks.TextBlock(
        max_length=400,
        label="What is included",
        help_text="In plain words: what the price covers (e.g. the infusion, monitoring by a nurse, a follow-up call).",
    )
    price = dollars("Price or lowest price (US dollars)", "The price; for a range, its low end.")
    highest_price = dollars(
        "Highest price (US dollars)",
        "Only for a range (e.g. when the dose or time varies). Leave empty for a single price.",
        required=False,
    )
    unit = blocks.ChoiceBlock(choices=UNITS, default=UNIT_SESSION, label="The price is")
    sessions = blocks.IntegerBlock(
        min_value=2,
        max_value=50,
        required=False,
        label="Sessions in the series",
        help_text="Only for a series: how many sessions the price covers.",
    )
    note = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="Anything a patient must know about this price, in one sentence.",
    )
    last_updated = blocks.DateBlock(help_text="When the clinic last checked this price. Patients see it.")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        low, high = value.get("price"), value.get("highest_price")
        if high is not None and low is not None and high <= low:
            errors["highest_price"] = ValidationError(
                "The highest price must be more than the lowest; leave it empty for one price."
            )
        if value.get("unit") == UNIT_SERIES and not value.get("sessions"):
            errors["sessions"] = ValidationError("Say how many sessions the series price covers.")
        if value.get("unit") != UNIT_SERIES and value.get("sessions"):
            errors["sessions"] = ValidationError(
                "Only a price for a series has a number of sessions; leave this empty."
            )
        updated = value.get("last_updated")
        if updated and updated > timezone.localdate():
            errors["last_updated"] = ValidationError("The date the price was checked cannot be in the future.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["unit_text"] = unit_text(value)
        return context

    class Meta:
        icon = "tag"
        template = "clinic/blocks/price_block.html"
        label = "Price"
        description = "A self-pay price: the service, what it includes, a price or range, per session or series."
        preview_value = {
            "service": "Ketamine infusion",
            "included": "The infusion, a nurse with you throughout, and a follow-up call the next day.",
            "price": Decimal("450"),
            "highest_price": None,
            "unit": UNIT_SESSION,
            "sessions": None,
            "note": "",
            "last_updated": datetime.date(2026, 12, 1),
        }


def unit_text(value):
    """ "per session", "for a series of 6 sessions"... in the page's language."""
    unit = value.get("unit")
    if unit == UNIT_SERIES:
        return _("for a series of %(sessions)s sessions") % {"sessions": value.get("sessions")}
    if unit == UNIT_VISIT:
        return _("per visit")
    return _("per session")


def price_specification(value, currency=CURRENCY):
    """schema.org Offer for one price row (JSON-LD): the service offered and its UnitPriceSpecification."""
    specification = {"@type": "UnitPriceSpecification", "priceCurrency": currency}
    if value.get("highest_price") is not None:
        specification["minPrice"] = str(value["price"])
        specification["maxPrice"] = str(value["highest_price"])
    else:
        specification["price"] = str(value["price"])
    specification["unitText"] = str(unit_text(value))
    if value.get("unit") == UNIT_SERIES and value.get("sessions"):
        specification["referenceQuantity"] = {"@type": "QuantitativeValue", "value": value["sessions"]}
    if value.get("last_updated"):
        specification["validFrom"] = value["last_updated"].isoformat()
    return {
        "@type": "Offer",
        "itemOffered": {"@type": "Service", "name": value["service"], "description": value["included"]},
        "priceSpecification": specification,
    }
