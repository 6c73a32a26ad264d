"""Security headers, admin login lockout, deploy checks and failure pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import ContactPageFactory, TopicPageFactory
from tests.staff import authenticator, totp_code

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index, title="Sciatica")


@pytest.fixture
def contact_page(home):
    return ContactPageFactory(parent=home)


@pytest.mark.parametrize("path", ["/", "/topics/", "/search/?q=pain", "/no-such-page/", "/robots.txt"])
def test_public_pages_send_security_headers(client, topic, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    assert all(f"{feature}=()" in permissions for feature in ["camera", "microphone", "geolocation"])
    assert response["X-Frame-Options"] == "DENY"


def test_admin_preview_can_still_frame_the_site(admin_client, topic):
    response = admin_client.post(f"/admin/pages/{topic.pk}/edit/preview/", {})
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    preview = admin_client.get(f"/admin/pages/{topic.pk}/edit/preview/?mode=")
    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_admin_and_userbar_still_work(admin_client, topic):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get(f"/admin/pages/{topic.pk}/edit/").status_code == 200
    page = admin_client.get(topic.url)
    assert b"wagtail-userbar" in page.content or b"w-userbar" in page.content


@pytest.mark.parametrize("axes_enabled", [True, False])
def test_admin_login_with_the_right_password_works(db, settings, django_user_model, axes_enabled):
    settings.AXES_ENABLED = axes_enabled
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")
    device = authenticator(chief)
    client = Client()
    response = client.post("/admin/login/", {"username": "chief", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/admin/").url == "/admin/two-factor/verify/?next=%2Fadmin%2F"  # then the second step
    assert client.post("/admin/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}).url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_locks_after_repeated_failures(db, settings, django_user_model):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")
    client = Client()
    statuses = [client.post("/admin/login/", {"username": "chief", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the account for this address
    locked = client.post("/admin/login/", {"username": "chief", "password": "correct-horse-battery"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_server_error_page_has_no_traceback_and_gives_the_phone(settings, topic, monkeypatch):
    from topics.models import TopicPage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(TopicPage, "get_context", explode)
    response = Client(raise_request_exception=False).get(topic.url)
    assert response.status_code == 500
    assert b"boom" not in response.content and b"Traceback" not in response.content
    assert b'href="tel:5550100199"' in response.content


def get_with_database_down(path, printed):
    """GET `path` in a separate process with PostgreSQL pointed at a closed local port (the shared server keeps
    running); the words that process prints, `printed` being a Python expression of the response `r`."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        f"r = Client(raise_request_exception=False).get({path!r});"
        f"print({printed})"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/clinic",
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    return result.stdout.split(), result.stderr[-2000:]


def test_database_unreachable_gives_a_503_with_the_phone():
    words, errors = get_with_database_down(
        "/topics/sciatica/",
        "r.status_code, r['Retry-After'], b'tel:5550100199' in r.content, b'Traceback' in r.content",
    )
    assert words == ["503", "60", "True", "False"], errors


def test_production_settings_pass_the_deploy_checks():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the browser fixture
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "clinic.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("path", ["/search/?q=a%00b", "/topics/?group=%00", "/search/suggest/?q=%00"])
def test_nul_bytes_are_refused_with_a_clear_400(client, topic, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"character we cannot accept" in response.content


def test_svg_and_html_uploads_are_refused(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = admin_client.post("/admin/images/add/", {"title": "x", "file": svg})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    html = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    response = admin_client.post("/admin/documents/add/", {"title": "x", "file": html})
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_rich_text_from_the_admin_is_sanitised(admin_client, client, topic_index):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from topics.models import TopicPage

    dirty = '<p>Safe<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>'
    data = nested_form_data(
        {
            "title": "Rich",
            "slug": "rich",
            "summary": "Plain.",
            "kind": "condition",
            "body": streamfield([("text", {"heading": "H", "text": rich_text(dirty)})]),
            "treatment_links": inline_formset([]),
            "related_topic_links": inline_formset([]),
            "codes": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    admin_client.post(f"/admin/pages/add/topics/topicpage/{topic_index.pk}/", data)
    html = client.get(TopicPage.objects.get(slug="rich").url).content.decode()
    assert "Safe" in html
    assert "<script>alert" not in html  # the element is dropped; only its harmless text is left
    assert "javascript:" not in html


def login(client, username, password, forwarded_for, remote_addr="10.0.0.1"):
    """An admin login through one reverse proxy at `remote_addr` that appended `forwarded_for`."""
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=remote_addr,
    )


@pytest.fixture
def editor_behind_proxy(db, settings, django_user_model):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")


def test_a_proxied_attacker_cannot_lock_a_named_editor_out_from_another_address(editor_behind_proxy):
    attacker = Client()
    statuses = [login(attacker, "chief", "wrong", "6.6.6.6, 203.0.113.9").status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert login(attacker, "chief", "correct-horse-battery", "203.0.113.9").status_code == 429
    editor = Client()
    assert login(editor, "chief", "correct-horse-battery", "198.51.100.7").status_code == 302


def test_the_lockout_takes_the_address_from_an_entry_with_a_port(editor_behind_proxy):
    attacker = Client()
    for _ in range(5):
        login(attacker, "chief", "wrong", "203.0.113.9:5678")
    assert login(Client(), "chief", "correct-horse-battery", "203.0.113.9:4444").status_code == 429
    assert login(Client(), "chief", "correct-horse-battery", "[2001:db8::1]:80").status_code == 302


def test_garbage_forwarded_for_is_not_one_shared_bucket(editor_behind_proxy):
    attacker = Client()
    for _ in range(5):
        login(attacker, "chief", "wrong", "unknown", remote_addr="203.0.113.9")
    assert login(attacker, "chief", "correct-horse-battery", "unknown", remote_addr="203.0.113.9").status_code == 429
    editor = Client()
    assert login(editor, "chief", "correct-horse-battery", "unknown", remote_addr="198.51.100.7").status_code == 302


@pytest.mark.any_hour
def test_staff_logins_are_kept_for_the_retention_period_only(editor_behind_proxy, settings):
    from axes.models import AccessAttempt, AccessLog
    from django.core.management import call_command
    from django.utils import timezone

    settings.ADMIN_LOGIN_LOG_DAYS = 30
    assert login(Client(), "chief", "correct-horse-battery", "198.51.100.7").status_code == 302
    recent = AccessLog.objects.get()
    assert recent.ip_address == "198.51.100.7"
    old = AccessLog.objects.create(username="chief", ip_address="198.51.100.8", user_agent="old browser")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timezone.timedelta(days=31))
    login(Client(), "chief", "wrong", "203.0.113.9")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=2))
    call_command("purge_admin_logins", stdout=open(os.devnull, "w"))
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessAttempt.objects.exists()


def assert_site_error_page(response, status, heading):
    """The site's own error page (stylesheet, heading, the clinic's phone), not Django's bare one."""
    assert response.status_code == status
    html = response.content.decode()
    assert "/static/css/site" in html and heading in html
    assert 'href="tel:5550100199"' in html and "(555) 010-0199" in html
    assert "Traceback" not in html and "CSRF verification failed" not in html


def test_a_form_posted_without_its_csrf_token_gets_the_sites_403_page(contact_page):
    response = Client(enforce_csrf_checks=True).post(contact_page.url, {"first_name": "Ann"})
    assert_site_error_page(response, 403, "Your form could not be sent")


def test_a_bad_host_header_gets_the_sites_400_page(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")
    assert_site_error_page(response, 400, "We could not read that request")


def test_an_oversized_body_gets_the_sites_400_page(contact_page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client(raise_request_exception=False).post(contact_page.url, {"first_name": "A" * 2000})
    assert_site_error_page(response, 400, "We could not read that request")


def test_too_many_fields_get_the_sites_400_page(contact_page, settings):
    fields = {f"field{number}": "x" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = Client(raise_request_exception=False).post(contact_page.url, fields)
    assert_site_error_page(response, 400, "We could not read that request")


def test_permission_denied_gets_the_sites_403_page(rf, db):
    from django.core.exceptions import PermissionDenied
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(403)
    response = handler(rf.get("/documents/1/private.pdf"), exception=PermissionDenied())
    assert_site_error_page(response, 403, "You cannot open this page")


@pytest.fixture
def rendition(db):
    import wagtail_factories

    image = wagtail_factories.ImageFactory(title="Clinic room", file__width=400, file__height=300)
    return image.get_rendition("width-200")


def test_production_serves_image_renditions(rendition, settings, monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x")
    production = importlib.reload(importlib.import_module("website.settings.production"))
    settings.SERVE_MEDIA = production.SERVE_MEDIA
    response = Client().get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert Client().head(rendition.url).status_code == 200


def test_media_is_not_served_when_the_front_server_does_it(rendition, settings):
    settings.SERVE_MEDIA = False
    assert Client().get(rendition.url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/../../website/settings/base.py",
        "/media/images/%2e%2e/%2e%2e/website/settings/base.py",
        "/media/images/..%2f..%2fwebsite/settings/base.py",
        "/media/original_images/",
        "/media/documents/private.txt",
    ],
)
def test_media_serving_refuses_paths_outside_images_and_private_documents(db, settings, path):
    settings.SERVE_MEDIA = True
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "documents" / "private.txt").write_text("in a private collection")
    response = Client().get(path)
    assert response.status_code == 404
    assert b"in a private collection" not in response.content and b"SECRET_KEY" not in response.content


def test_a_public_post_with_two_thousand_and_one_fields_gets_the_400_page(contact_page):
    fields = {f"field{number}": "x" for number in range(2001)}
    response = Client(raise_request_exception=False).post(contact_page.url, fields)
    assert_site_error_page(response, 400, "We could not read that request")
