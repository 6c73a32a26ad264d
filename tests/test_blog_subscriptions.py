"""Email updates: double opt-in, the same answer for every address, signed links, one-click unsubscribe, limits,
the purge of unconfirmed addresses, sending once on first publish, and who sees the addresses."""

import datetime
import io
import logging
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from blog.mailing import send_mailing
from blog.models import ArticleDelivery, ArticleMailing, Subscriber
from blog.subscriptions import (
    ADDRESS_LIMIT,
    CLIENT_LIMIT,
    CONFIRM_SALT,
    address_limit,
    clear_limits,
    confirm_token,
    unsubscribe_token,
)
from tests.factories import ArticlePageFactory, BlogIndexPageFactory, SubscriberFactory, UserFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.net"
LINK_RE = re.compile(r"http://[a-z]+(/(?:es/)?subscribe/(?:confirm|unsubscribe)/[^/\s]+/)")


class ClientRequest:
    META = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture(autouse=True)
def fresh_limits():
    """Every test client is 127.0.0.1: start from empty counters and leave none behind (real Redis)."""
    addresses = [ADDRESS, "other@example.net", "new@example.net", "pending@example.net", "known@example.net"]
    for address in addresses:
        clear_limits(ClientRequest(), address)
    yield
    for address in addresses:
        clear_limits(ClientRequest(), address)


def post(client, email=ADDRESS, consent="on", path="/subscribe/", **extra):
    data = {"email": email}
    if consent:
        data["consent"] = consent
    return client.post(path, data, **extra)


def links(message):
    return LINK_RE.findall(message.body)


@pytest.fixture
def blog(home):
    return BlogIndexPageFactory(parent=home)


def test_subscribe_form_is_on_the_blog_index_every_article_and_the_footer_without_a_csrf_token(client, blog):
    ArticlePageFactory(parent=blog, slug="one")
    for url, form_ids in (
        ("/blog/", ["-blog", "-footer"]),
        ("/blog/one/", ["-article", "-footer"]),
        ("/", ["-footer"]),
    ):
        html = client.get(url).content.decode()
        for form_id in form_ids:
            assert f'id="subscribe-email{form_id}"' in html, (url, form_id)
        assert 'action="/subscribe/"' in html
        assert "csrfmiddlewaretoken" not in html
    response = client.get("/blog/")
    assert not response.cookies  # nothing per visitor: the page cache may keep it


def test_new_address_gets_a_confirmation_and_only_confirming_activates_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    assert response.status_code == 302 and response["Location"] == "/subscribe/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.confirmed_at) == (ADDRESS, "en", None)
    assert subscriber.consented_at is not None
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm, leave = links(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{leave}>"

    page = client.get(confirm)  # opening the link (or a mail scanner) changes nothing
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert Subscriber.objects.confirmed().count() == 0
    assert client.post(confirm).status_code == 200
    assert Subscriber.objects.confirmed().get().email == ADDRESS


def test_the_same_answer_for_new_pending_and_confirmed_addresses(client, django_capture_on_commit_callbacks):
    SubscriberFactory(email="known@example.net")
    SubscriberFactory(email="pending@example.net", confirmed_at=None)
    answers = []
    for address in ("new@example.net", "pending@example.net", "known@example.net"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, address, follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content))
    assert answers[0] == answers[1] == answers[2]
    assert b"Check your inbox" in answers[0][2]
    # A confirmed address gets no second confirmation; new and pending ones do.
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.net", "pending@example.net"]
    assert Subscriber.objects.count() == 3


def test_addresses_are_stored_lowercase_and_once(client):
    post(client, "Reader@Example.NET")
    post(client, "reader@example.net")
    assert list(Subscriber.objects.values_list("email", flat=True)) == [ADDRESS]


@pytest.mark.parametrize(
    ("email", "consent", "message"),
    [
        ("", "on", "Enter your email address."),
        ("not-an-address", "on", "Enter an email address like name@example.com."),
        ("a" * 250 + "@example.net", "on", "That email address is too long."),
        ("read\x00er@example.net", "on", "Enter an email address like name@example.com."),
        (ADDRESS, "", "Tick the box to agree to receive our emails."),
    ],
)
def test_bad_input_shows_the_form_again_with_a_message_and_stores_nothing(client, email, consent, message):
    response = post(client, email, consent)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_post_from_another_site_is_refused(client):
    response = post(client, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    response = post(client, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_a_mail_program_posting_without_origin_headers_is_accepted(client):
    assert post(client).status_code == 302


def test_per_client_rate_limit_answers_429(client):
    for number in range(CLIENT_LIMIT):
        assert post(client, f"person{number}@example.net").status_code == 302
    response = post(client, "other@example.net")
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="other@example.net").exists()
    for number in range(CLIENT_LIMIT):
        clear_limits(ClientRequest(), f"person{number}@example.net")


def test_per_address_limit_stops_confirmation_emails_without_telling(client, django_capture_on_commit_callbacks):
    for _ in range(ADDRESS_LIMIT + 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client)
        assert response.status_code == 302
    assert len(mail.outbox) == ADDRESS_LIMIT
    assert address_limit().reached(ADDRESS)


@pytest.mark.any_hour
def test_confirmation_link_expires_and_tampered_links_fail(client):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = confirm_token(subscriber)
    assert client.get(f"/subscribe/confirm/{token}x/").status_code == 404
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: timezone.now().timestamp() - 8 * 24 * 3600)
        expired = signing.dumps({"id": subscriber.pk}, salt=CONFIRM_SALT)
    response = client.post(f"/subscribe/confirm/{expired}/")
    assert response.status_code == 404 and b"does not work any more" in response.content
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    # An unsubscribe link cannot confirm, nor a confirmation link unsubscribe.
    assert client.post(f"/subscribe/confirm/{unsubscribe_token(subscriber)}/").status_code == 404
    client.post(f"/subscribe/unsubscribe/{token}/")
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_one_click_unsubscribe_deletes_the_address(client):
    subscriber = SubscriberFactory()
    url = f"/subscribe/unsubscribe/{unsubscribe_token(subscriber)}/"
    assert b"Unsubscribe" in client.get(url).content
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert strict.post(url).status_code == 200  # again: still a calm answer


@pytest.mark.any_hour
def test_unconfirmed_addresses_get_nothing_and_are_purged_after_seven_days(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    old = SubscriberFactory(confirmed_at=None, consented_at=now - datetime.timedelta(days=8))
    recent = SubscriberFactory(confirmed_at=None, consented_at=now - datetime.timedelta(days=2))
    confirmed = SubscriberFactory(consented_at=now - datetime.timedelta(days=30))
    out = io.StringIO()
    call_command("purge_unconfirmed_subscribers", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 unconfirmed address older than 7 days."
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    out = io.StringIO()
    call_command("purge_unconfirmed_subscribers", stdout=out)
    assert "Deleted 0 unconfirmed addresses" in out.getvalue()


def test_spanish_subscription_is_stored_as_spanish(client, home):
    from tests.test_languages import translate

    translate(home, title="Inicio")
    response = post(client, path="/es/subscribe/")
    assert response["Location"] == "/es/subscribe/check-your-inbox/"
    assert Subscriber.objects.get().language == "es"


# Sending


@pytest.fixture
def subscribers(db):
    return [
        SubscriberFactory(email="ana@example.net"),
        SubscriberFactory(email="ben@example.net"),
        SubscriberFactory(email="pending@example.net", confirmed_at=None),
        SubscriberFactory(email="sofia@example.net", language="es"),
    ]


def publish(article, callbacks):
    with callbacks(execute=True):
        article.save_revision().publish()


def test_first_publish_sends_once_to_confirmed_subscribers_of_its_language(
    blog, subscribers, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=blog, title="Sleep and pain", live=False, standfirst="Rest helps.")
    publish(article, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.net", "ben@example.net"]
    message = mail.outbox[0]
    assert message.subject == "New on our blog: Sleep and pain"
    assert "Rest helps." in message.body and "http://localhost/blog/" in message.body
    assert "<img" not in message.body and not getattr(message, "alternatives", None)  # plain text: no tracking pixel
    [leave] = links(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://localhost{leave}>"
    mailing = ArticleMailing.objects.get()
    assert (mailing.status, mailing.sent_count) == ("sent", 2)

    mail.outbox.clear()
    publish(article, django_capture_on_commit_callbacks)  # republishing
    article.unpublish()
    publish(article, django_capture_on_commit_callbacks)
    call_command("send_article_emails", stdout=io.StringIO())
    assert mail.outbox == []
    assert ArticleMailing.objects.count() == 1


class FailingBackend:
    """A mail server that takes `limit` emails and then times out."""

    limit = 0
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def send_messages(self, messages):
        if len(FailingBackend.sent) >= FailingBackend.limit:
            raise TimeoutError("mail server does not answer")
        FailingBackend.sent.extend(messages)
        return len(messages)


def test_a_failing_mail_server_changes_nothing_for_the_editor_and_the_command_finishes_without_repeats(
    blog, subscribers, django_capture_on_commit_callbacks, caplog
):
    FailingBackend.sent, FailingBackend.limit = [], 1
    article = ArticlePageFactory(parent=blog, live=False)
    with override_settings(EMAIL_BACKEND="tests.test_blog_subscriptions.FailingBackend"), caplog.at_level(logging.INFO):
        publish(article, django_capture_on_commit_callbacks)
    article.refresh_from_db()
    assert article.live
    mailing = ArticleMailing.objects.get()
    assert (mailing.status, mailing.sent_count, mailing.attempts) == ("waiting to retry", 1, 1)
    assert "ana@example.net" not in caplog.text and "ben@example.net" not in caplog.text

    FailingBackend.limit = 99
    with override_settings(EMAIL_BACKEND="tests.test_blog_subscriptions.FailingBackend"):
        out = io.StringIO()
        call_command("send_article_emails", stdout=out)
    assert out.getvalue().strip() == "Finished 1 email update; 0 still waiting."
    assert sorted(m.to[0] for m in FailingBackend.sent) == ["ana@example.net", "ben@example.net"]
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == ("sent", 2)


def test_publishing_through_the_admin_sends_after_the_response(
    blog, subscribers, admin_client, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=blog, live=False, title="Admin published")
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "author": article.author,
        "published_date": "2026-05-01",
        "lead_image_alt": "",
        "body-count": "0",
        "action-publish": "publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.net", "ben@example.net"]


def test_a_retry_sends_only_to_subscribers_not_reached(blog, subscribers):
    article = ArticlePageFactory(parent=blog)
    mailing = ArticleMailing.objects.create(article=article, language="en")
    ArticleDelivery.objects.create(mailing=mailing, subscriber=subscribers[0], sent_at=timezone.now())
    ArticleDelivery.objects.create(mailing=mailing, subscriber=subscribers[1])
    assert send_mailing(mailing.pk) == "finished"
    assert [m.to[0] for m in mail.outbox] == ["ben@example.net"]
    assert send_mailing(mailing.pk) == "finished"
    assert len(mail.outbox) == 1


def test_editors_and_marketing_see_counts_and_status_but_not_addresses(blog, subscribers, client):
    from editorial.setup import ensure_editorial_setup

    ensure_editorial_setup()
    ArticlePageFactory(parent=blog, title="Queued piece")
    for group in ("Editors", "Marketing"):
        user = UserFactory(groups=[group])
        verified_login(client, user)
        report = client.get("/admin/reports/email-updates/")
        assert report.status_code == 200
        html = report.content.decode()
        assert "3 confirmed subscribers" in html and "Queued piece" in html
        assert "ana@example.net" not in html
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/email_subscribers/").status_code in (302, 403)
        assert client.get("/admin/email_subscribers/?export=csv").status_code in (302, 403)


def test_superusers_and_a_group_with_the_permission_can_see_and_export_addresses(subscribers, client):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Subscriber list")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber")
    )
    user = UserFactory(groups=["Subscriber list"])
    verified_login(client, user)
    assert "ana@example.net" in client.get("/admin/email_subscribers/").content.decode()
    export = client.get("/admin/email_subscribers/?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "ana@example.net" in body and "pending@example.net" in body
    assert client.get("/admin/email_subscribers/add/").status_code in (302, 403, 404)


def test_no_address_reaches_the_logs(client, blog, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.DEBUG):
        with django_capture_on_commit_callbacks(execute=True):
            post(client)
        post(client, "bad@", "on")
        subscriber = Subscriber.objects.get()
        client.post(f"/subscribe/confirm/{confirm_token(subscriber)}/")
        client.post(f"/subscribe/unsubscribe/{unsubscribe_token(subscriber)}/")
    assert "reader@" not in caplog.text and "bad@" not in caplog.text


class RefusingBackend(FailingBackend):
    """A mail server that refuses one address for good and takes the others."""

    def send_messages(self, messages):
        import smtplib

        if messages[0].to == ["ana@example.net"]:
            raise smtplib.SMTPRecipientsRefused({"ana@example.net": (550, b"no such user")})
        FailingBackend.sent.extend(messages)
        return 1


def test_an_address_the_mail_server_refuses_does_not_hold_up_the_others(
    blog, subscribers, django_capture_on_commit_callbacks
):
    FailingBackend.sent = []
    article = ArticlePageFactory(parent=blog, live=False)
    with override_settings(EMAIL_BACKEND="tests.test_blog_subscriptions.RefusingBackend"):
        publish(article, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in FailingBackend.sent] == ["ben@example.net"]
    mailing = ArticleMailing.objects.get()
    assert (mailing.status, mailing.sent_count) == ("sent", 1)
