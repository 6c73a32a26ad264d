"""A hung mail server: the patient's request is stored and answered at once, the notification waits in an outbox."""

import logging
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from contact.models import ContactRequest, PendingNotification
from tests import servers
from tests.factories import ContactPageFactory
from tests.test_contact import VALID
from website.settings.base import email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def hung_mail_server(settings):
    """The real SMTP backend pointed at a server that accepts and never greets; the project's EMAIL_TIMEOUT."""
    with servers.silent_server() as port:
        settings.EMAIL_BACKEND = SMTP
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        yield


def test_hung_mail_server_answers_the_patient_quickly_and_keeps_the_notification(
    client, home, hung_mail_server, settings, caplog, django_capture_on_commit_callbacks
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    page = ContactPageFactory(parent=home)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, VALID, REMOTE_ADDR="10.77.1.2")
    elapsed = time.monotonic() - started
    assert response.status_code == 302 and response["Location"] == "/contact/thank-you/"
    assert elapsed < settings.EMAIL_TIMEOUT + 2, f"the patient waited {elapsed:.1f} s"
    stored = ContactRequest.objects.get()
    pending = PendingNotification.objects.get()
    assert pending.contact_request == stored and pending.attempts == 1
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"#{stored.pk}" in logged and "notification" in logged
    for value in ["Marisol", "4477", "marisol", "example.net", "10.77.1.2"]:
        assert value not in logged

    # The mail server is back: the retry command sends it and empties the outbox.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("send_pending_notifications", stdout=out)
    assert "Sent 1 notification" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["frontdesk@clearwater.example"]]
    assert f"/admin/contact_requests/inspect/{stored.pk}/" in mail.outbox[0].body
    assert not PendingNotification.objects.exists()
    call_command("send_pending_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_a_sent_notification_leaves_nothing_in_the_outbox(client, home, settings, django_capture_on_commit_callbacks):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    page = ContactPageFactory(parent=home)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, VALID, REMOTE_ADDR="10.77.1.3")
    assert len(mail.outbox) == 1
    assert not PendingNotification.objects.exists()


def test_hung_mail_server_does_not_hang_the_admin_password_reset(client, db, hung_mail_server, settings):
    get_user_model().objects.create_user("editor", "editor@clearwater.example", "a-long-password-1")
    started = time.monotonic()
    response = client.post("/admin/password_reset/", {"email": "editor@clearwater.example"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < settings.EMAIL_TIMEOUT + 2, f"the password reset took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "environ, expected",
    [
        (
            {"EMAIL_URL": "smtp+tls://mailer%40clinic:p%40ss@smtp.example:587"},
            {"EMAIL_HOST": "smtp.example", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "mailer@clinic",
             "EMAIL_HOST_PASSWORD": "p@ss", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            {"EMAIL_URL": "smtps://u:p@smtp.example", "EMAIL_TIMEOUT": "3"},
            {"EMAIL_HOST": "smtp.example", "EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False,
             "EMAIL_TIMEOUT": 3},
        ),
        (
            {"EMAIL_URL": "smtp://relay.internal:25?tls=true"},
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": 25, "EMAIL_USE_TLS": True, "EMAIL_HOST_USER": ""},
        ),
        (
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": "2525", "EMAIL_HOST_USER": "u",
             "EMAIL_HOST_PASSWORD": "p", "EMAIL_USE_TLS": "true"},
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": 2525, "EMAIL_HOST_USER": "u", "EMAIL_USE_TLS": True,
             "EMAIL_TIMEOUT": 5},
        ),
    ],
)  # fmt: skip
def test_production_reads_email_settings_from_the_environment(environ, expected):
    found = email_settings(environ)
    assert {key: found[key] for key in expected} == expected


def test_an_email_url_of_another_scheme_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_settings({"EMAIL_URL": "http://smtp.example"})
