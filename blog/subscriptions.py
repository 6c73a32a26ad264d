"""Email updates with double opt-in: the form, the signed links, the limits and the confirmation email.

Nothing here tells a visitor whether an address is subscribed: a valid request always gets the same "check your
inbox" page. Links carry only the subscriber's id, signed with SECRET_KEY (django.core.signing): the confirmation
link expires after CONFIRMATION_DAYS, the unsubscribe link never does.
"""

import logging

from django import forms
from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from website.email_addresses import canonical_mailbox
from website.ratelimit import RateLimit, ratelimit_cache

from .models import Subscriber

logger = logging.getLogger(__name__)

CONFIRMATION_DAYS = 7
CONFIRM_SALT = "blog.subscriptions.confirm"
UNSUBSCRIBE_SALT = "blog.subscriptions.unsubscribe"
#: Per client (IPv6 per /64): subscribe requests an hour.
CLIENT_LIMIT, CLIENT_WINDOW = 10, 60 * 60
#: Per address: confirmation emails a day, so nobody can flood someone's inbox with them.
ADDRESS_LIMIT, ADDRESS_WINDOW = 3, 24 * 60 * 60


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": _("That email address is too long."),
            "null_characters_not_allowed": _("Enter an email address like name@example.com."),
        },
    )
    consent = forms.BooleanField(
        label=_("Email me when the clinic publishes a new article. I can unsubscribe whenever I like."),
        error_messages={"required": _("Tick the box to agree to receive our emails.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def client_limit():
    return RateLimit("subscribe", "blog.subscribe.client", CLIENT_LIMIT, CLIENT_WINDOW, 64)


class AddressLimit(RateLimit):
    """RateLimit counted per inbox (an HMAC of the address's canonical mailbox, never the address) instead of per
    client: `"v2"@example.org`, `v2+1@example.org` and `V2@EXAMPLE.org` share one count."""

    def key(self, address):
        return f"{self.prefix}:{salted_hmac(self.salt, canonical_mailbox(address)).hexdigest()[:32]}"


def address_limit():
    return AddressLimit("subscribe-address", "blog.subscribe.address", ADDRESS_LIMIT, ADDRESS_WINDOW)


def clear_limits(request, address):
    """For tests: forget the counts for this client and address."""
    ratelimit_cache().delete(client_limit().key(request))
    ratelimit_cache().delete(address_limit().key(address))


def confirm_token(subscriber):
    return signing.dumps({"id": subscriber.pk}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    return signing.dumps({"id": subscriber.pk}, salt=UNSUBSCRIBE_SALT)


def subscriber_for_token(token, salt, max_age=None):
    """The subscriber a link names, or None (bad signature, expired, or already deleted)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    return Subscriber.objects.filter(pk=data["id"]).first()


def confirm_url(subscriber, base_url):
    with translation.override(subscriber.language):
        return base_url + reverse("blog:confirm", args=[confirm_token(subscriber)])


def unsubscribe_url(subscriber, base_url):
    with translation.override(subscriber.language):
        return base_url + reverse("blog:unsubscribe", args=[unsubscribe_token(subscriber)])


def unsubscribe_headers(url):
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


#: One statement whatever the inbox's state, so the time a request takes does not tell whether an address is new,
#: pending or confirmed: a new inbox is inserted; a pending one takes the address as now given, the language and a
#: new consent time; a confirmed one keeps every value.
RECORD_SQL = """
    INSERT INTO blog_subscriber (email, mailbox, language, consented_at, confirmed_at)
    VALUES (%s, %s, %s, %s, NULL)
    ON CONFLICT (mailbox) DO UPDATE SET
        email = CASE WHEN blog_subscriber.confirmed_at IS NULL THEN excluded.email ELSE blog_subscriber.email END,
        language = CASE WHEN blog_subscriber.confirmed_at IS NULL
            THEN excluded.language ELSE blog_subscriber.language END,
        consented_at = CASE WHEN blog_subscriber.confirmed_at IS NULL
            THEN excluded.consented_at ELSE blog_subscriber.consented_at END
    RETURNING id
"""


def subscribe(address, language):
    """Record the request, one row per inbox (`Subscriber.mailbox`); returns the subscriber's id.

    The same work for a new, pending or confirmed inbox: whether a confirmation is sent (pending only, within the
    per-inbox limit) is decided by the `send_confirmation` task, after the response.
    """
    with connection.cursor() as cursor:
        cursor.execute(RECORD_SQL, [address, canonical_mailbox(address), language, timezone.now()])
        return cursor.fetchone()[0]


def confirmation_message(subscriber, base_url):
    with translation.override(subscriber.language):
        leave = unsubscribe_url(subscriber, base_url)
        body = "\n\n".join(
            [
                gettext("Please confirm that you want email updates when the clinic publishes a new article."),
                gettext("Confirm your address (this link works for %(days)s days):") % {"days": CONFIRMATION_DAYS}
                + "\n"
                + confirm_url(subscriber, base_url),
                gettext("If you did not ask for this, ignore this email: we will delete your address in a week."),
                gettext("Remove my address now:") + "\n" + leave,
            ]
        )
        return EmailMessage(
            gettext("Confirm your email updates"),
            body + "\n",
            None,
            [subscriber.email],
            headers=unsubscribe_headers(leave),
        )


def send_confirmation(subscriber_id, base_url, first_attempt=True):
    """Send the confirmation email to a pending inbox within its daily limit (counted on the first attempt only);
    False when the mail server failed (logged by id only)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, confirmed_at__isnull=True).first()
    if subscriber is None or (first_attempt and not address_limit().hit(subscriber.email)):
        return True
    try:
        confirmation_message(subscriber, base_url).send()
    except Exception as error:
        logger.warning("Subscriber #%s: confirmation email failed (%s)", subscriber_id, type(error).__name__)
        return False
    return True


def purge_unconfirmed(now=None):
    """Delete addresses never confirmed within CONFIRMATION_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=CONFIRMATION_DAYS)
    deleted, _rows = Subscriber.objects.unconfirmed().filter(consented_at__lt=cutoff).delete()
    return deleted


def site_base_url(request):
    return f"{request.scheme}://{request.get_host()}"
