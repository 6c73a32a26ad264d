"""The public click counter for calls to action."""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from wagtail.models import Page

from experiments.counting import add_one as add_to_experiment
from experiments.models import ExperimentCount
from topics.lookup import linked_topic
from website.ratelimit import RateLimit

from .models import CallToAction, CallToActionClick


def click_limit():
    """CTA_CLICK_RATE_LIMIT counted clicks per client address in CTA_CLICK_RATE_WINDOW seconds; past it, clicks go
    uncounted (the patient is still sent on)."""
    return RateLimit("cta-click", "editorial.cta_click", settings.CTA_CLICK_RATE_LIMIT, settings.CTA_CLICK_RATE_WINDOW)


#: The only query parameters the counter understands (see CallToAction.tracked_href_for): the topic page the button
#: was on (its slug), that page's id, the button's block position in the page's body and, on a page under an
#: experiment, the order the view showed ("a" or "b").
ALLOWED_PARAMETERS = {"topic", "from", "pos", "variant"}
VARIANTS = ("a", "b")
PAGE_ID = re.compile(r"[1-9][0-9]{0,9}")
POSITION = re.compile(r"[1-9][0-9]{0,2}")


def is_safe_target(url):
    """A site-relative path ("/topics/x/") or an absolute http(s) URL; never "//host" or another scheme."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


@require_safe
def cta_click(request, pk):
    """Count one click on a live call to action and redirect (302) to that call to action's own target.

    It takes no target from the request: any parameter other than `topic` gets 400, so the endpoint cannot
    be turned into an open redirect. The topic is looked up in the language of the page the button leads to (the
    English or Spanish contact page); one that cannot be found leads to that page without a topic, never to an
    error. Nothing about the visitor is stored and no cookie is set.
    """
    if set(request.GET) - ALLOWED_PARAMETERS or any(len(values) > 1 for _name, values in request.GET.lists()):
        return HttpResponseBadRequest("This link takes no target.", content_type="text/plain")
    if not PAGE_ID.fullmatch(request.GET.get("from", "1")) or not POSITION.fullmatch(request.GET.get("pos", "1")):
        return HttpResponseBadRequest(
            "from must be a page id and pos a block position (whole numbers).", content_type="text/plain"
        )
    variant = request.GET.get("variant")
    if variant is not None and variant not in VARIANTS:
        return HttpResponseBadRequest("variant must be a or b.", content_type="text/plain")
    cta = get_object_or_404(CallToAction.objects.select_related("link_page"), pk=pk, live=True)
    page = None
    if "topic" in request.GET and cta.link_page is not None:
        page = linked_topic(request.GET["topic"], request, cta.link_page.locale_id)
    target = cta.href_for(page)
    if not target or not is_safe_target(target):
        raise Http404("This call to action has no link.")
    source_id = (
        Page.objects.filter(pk=request.GET["from"]).values_list("pk", flat=True).first()
        if "from" in request.GET
        else None
    )
    if source_id and cta.link_page is not None and getattr(cta.link_page.specific_class, "accepts_topic", False):
        # The contact form keeps the page id in a hidden field and stores it on the request (page id only).
        # The variant too, so a request started from an experiment's page is counted for the order that led to it.
        carried = {"from": source_id, **({"variant": variant} if variant else {})}
        target += ("&" if "?" in target else "?") + urlencode(carried)
    # Past the limit a click is not counted, but the patient still reaches the page: many patients share one
    # address (a hospital's network, the clinic's waiting-room Wi-Fi), and a booking button must never fail.
    if request.method == "GET" and click_limit().hit(request):
        CallToActionClick.increment(cta, page_id=source_id, position=int(request.GET.get("pos", 0)))
        if variant:
            add_to_experiment(source_id, variant, ExperimentCount.CLICK)
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
