"""Subscribe, confirm and unsubscribe: plain Django views under /subscribe/ (/es/subscribe/), never page-cached.

The subscribe form sits on cached pages (the footer of every page), so it carries no CSRF token: these views are
exempt from Django's CSRF check. That is safe because nothing here acts on a login or a session: a forged
subscribe request can only send a confirmation email, which does nothing until its owner clicks the link, and is
limited per client and per address; browsers that say a POST came from another site (Sec-Fetch-Site, Origin) are
refused anyway. Confirming and unsubscribing are authorised by the signed link itself, which mail programs' one-click
unsubscribe (RFC 8058) must be able to POST to without a token. A link only shows a page with one button: mail
scanners that open links never confirm or unsubscribe anyone.
"""

import logging

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from website.background import enqueue_with_transaction
from website.sameorigin import posted_from_this_site

from .subscriptions import (
    CONFIRM_SALT,
    CONFIRMATION_DAYS,
    UNSUBSCRIBE_SALT,
    SubscribeForm,
    client_limit,
    site_base_url,
    subscriber_for_token,
)
from .subscriptions import (
    subscribe as record_subscription,
)
from .tasks import send_confirmation

logger = logging.getLogger(__name__)


def page(request, template, context=None, status=200):
    response = TemplateResponse(request, f"blog/{template}", context or {}, status=status)
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method != "POST":
        return page(request, "subscribe.html", {"form": SubscribeForm()})
    if not posted_from_this_site(request):
        return page(request, "subscribe.html", {"form": SubscribeForm(), "refused": True}, status=403)
    limit = client_limit()
    if limit.reached(request):
        return page(request, "too_many_requests.html", status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        logger.info("Subscribe form refused (invalid fields: %s)", ", ".join(sorted(form.errors)))
        return page(request, "subscribe.html", {"form": form}, status=400)
    if not limit.hit(request):
        return page(request, "too_many_requests.html", status=429)
    address = form.cleaned_data["email"]
    # Confirmed, pending or new: the same work and the same answer; the task decides whether to send.
    subscriber_id = record_subscription(address, translation.get_language())
    enqueue_with_transaction(send_confirmation, subscriber_id, site_base_url(request))
    return redirect("blog:check_inbox")


@require_GET
def check_inbox(request):
    return page(request, "check_inbox.html", {"days": CONFIRMATION_DAYS})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber = subscriber_for_token(token, CONFIRM_SALT, max_age=CONFIRMATION_DAYS * 24 * 60 * 60)
    if subscriber is None:
        return page(request, "link_expired.html", status=404)
    if request.method == "POST":
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["confirmed_at"])
            logger.info("Subscriber #%s confirmed", subscriber.pk)
        return page(request, "confirmed.html")
    return page(request, "confirm.html", {"confirmed": subscriber.confirmed_at is not None})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = subscriber_for_token(token, UNSUBSCRIBE_SALT)
    if request.method == "POST":
        if subscriber is not None:
            logger.info("Subscriber #%s unsubscribed and deleted", subscriber.pk)
            subscriber.delete()
        return page(request, "unsubscribed.html")
    if subscriber is None:
        return page(request, "unsubscribed.html")
    return page(request, "unsubscribe.html")
