"""Two-factor login for staff (twofactor/): who must use it, the verify and enrol steps, recovery codes, throttling,
the middleware that keeps an unverified session out of the admin, resetting, and the development demo codes."""

import datetime
import io
import re
import time

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission, Page

from editorial.setup import CLINICIANS, EDITORS, MARKETING
from tests.factories import UserFactory
from tests.staff import authenticator, totp_code, verified_login
from twofactor.policy import is_required, new_recovery_codes

VERIFY = "/admin/two-factor/verify/"
ENROL = "/admin/two-factor/enrol/"
CODES = "/admin/two-factor/recovery-codes/"
MANAGE = "/admin/two-factor/"


def logged_in(user):
    """A client past the password step only (as Wagtail's login view leaves it)."""
    client = Client()
    client.force_login(user)
    return client


def errors(response):
    return [str(error) for error in response.context["form"].errors.get("code", [])]


@pytest.mark.django_db
def test_required_for_superusers_and_groups_that_publish_or_approve(django_user_model):
    assert is_required(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw"))
    assert is_required(UserFactory(groups=[MARKETING]))  # publishes the home page and calls to action
    assert is_required(UserFactory(groups=[CLINICIANS]))  # approves in Clinical review
    assert not is_required(UserFactory(groups=[EDITORS]))  # writes and submits only
    assert not is_required(UserFactory())
    # A group an administrator lets publish later is covered at once.
    editor = UserFactory(groups=[EDITORS])
    GroupPagePermission.objects.create(
        group=editor.groups.get(), page=Page.get_first_root_node(), permission_type="publish"
    )
    assert is_required(editor)


@pytest.mark.django_db
@pytest.mark.parametrize("groups", [[MARKETING], [CLINICIANS]])
def test_a_required_user_without_a_device_is_sent_to_enrol_from_every_admin_url(groups, home):
    client = logged_in(UserFactory(groups=groups))
    for path in ("/admin/", f"/admin/pages/{home.pk}/", "/admin/api/main/pages/", "/admin/reports/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(ENROL + "?next=")
    assert client.post(f"/admin/pages/{home.pk}/edit/preview/", {}).url.startswith(ENROL)


@pytest.mark.django_db
def test_an_optional_user_works_without_a_device_but_verifies_once_enrolled():
    editor = UserFactory(groups=[EDITORS])
    client = logged_in(editor)
    assert client.get("/admin/").status_code == 200
    authenticator(editor)
    client = logged_in(editor)
    assert client.get("/admin/").url == VERIFY + "?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_an_unverified_session_is_kept_out_of_the_admin_api_preview_and_django_admin(home, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    authenticator(chief)
    client = logged_in(chief)
    for path in (
        "/admin/api/main/pages/",
        f"/admin/pages/{home.pk}/edit/preview/?mode=",
        f"/admin/pages/{home.pk}/view_draft/",
        "/django-admin/",
        MANAGE,
        CODES,
        ENROL + "?next=/admin/",  # enrolled: no second authenticator without the first
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(VERIFY), path
    assert client.post(f"/admin/pages/{home.pk}/edit/preview/", {}).url.startswith(VERIFY)
    # What the way in needs stays open: the verify page, the admin's JavaScript catalogue and icons, logging out.
    assert client.get(VERIFY).status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get("/admin/sprite/").status_code == 200  # icons the step pages fetch and insert
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_right_code_verifies_the_session_and_goes_where_it_was_going():
    user = UserFactory(groups=[MARKETING])
    device = authenticator(user)
    client = logged_in(user)
    page = client.get(VERIFY + "?next=/admin/reports/")
    assert page.status_code == 200
    assert b"Enter the 6-digit code" in page.content
    code = totp_code(device)
    response = client.post(VERIFY, {"code": code, "next": "/admin/reports/"})
    assert response.url == "/admin/reports/"
    assert client.get("/admin/").status_code == 200
    # A code works once: the same one in another session is refused.
    again = logged_in(user).post(VERIFY, {"code": code})
    assert again.status_code == 200 and "not right" in errors(again)[0]


@pytest.mark.django_db
def test_next_never_leaves_the_site():
    user = UserFactory(groups=[MARKETING])
    device = authenticator(user)
    response = logged_in(user).post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code"),
        ("   ", "Enter the 6-digit code"),
        ("abcdef", "A code is 6 digits"),
        ("1234567", "A code is 6 digits"),
        ("12345", "A code is 6 digits"),
        ("<script>", "A code is 6 digits"),
        ("x" * 500, "A code is 6 digits"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error_page(code, message):
    user = UserFactory(groups=[MARKETING])
    authenticator(user)
    client = logged_in(user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert client.get("/admin/").status_code == 302  # still not verified


@pytest.mark.django_db
def test_wrong_codes_throttle_even_the_right_code_for_a_while():
    user = UserFactory(groups=[MARKETING])
    device = authenticator(user)
    client = logged_in(user)
    start = datetime.datetime(2026, 12, 7, 12, 0, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        for _ in range(3):  # each after the previous wait: 1, then 2 seconds
            assert "not right" in errors(client.post(VERIFY, {"code": wrong}))[0]
            clock.shift(3)
        clock.move_to(start + datetime.timedelta(seconds=7))  # 3 failures: 4 s from the last (at 6 s)
        refused = client.post(VERIFY, {"code": totp_code(device)})
        assert refused.status_code == 200
        assert errors(refused) == ["Too many wrong codes. Wait 3 seconds, then type the newest code from your app."]
        assert client.get("/admin/").status_code == 302
        clock.move_to(start + datetime.timedelta(seconds=11))
        assert client.post(VERIFY, {"code": totp_code(device)}).url == "/admin/"


@pytest.mark.django_db
def test_a_recovery_code_works_instead_of_a_code_once():
    user = UserFactory(groups=[CLINICIANS])
    authenticator(user)
    codes = new_recovery_codes(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    client = logged_in(user)
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.redirect_chain[0][0] == "/admin/"
    assert "9 left" in response.content.decode()
    assert StaticToken.objects.count() == 9
    used_again = logged_in(user).post(VERIFY, {"code": codes[3]})
    assert used_again.status_code == 200
    assert "works once" in errors(used_again)[0]


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_the_key_then_ten_recovery_codes_once():
    user = UserFactory(groups=[MARKETING])
    client = logged_in(user)
    page = client.get(ENROL + "?next=/admin/reports/")
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r"<svg[^>]*class=\"qr-code\"", html)  # drawn here by segno, nothing from another host
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'<code class="twofactor-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert bytes.fromhex(device.key) == __import__("base64").b32decode(secret.replace(" ", ""))
    assert client.get(ENROL).content.decode().count(secret) == 1  # reloading keeps the same key
    wrong = client.post(ENROL, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and errors(wrong)
    assert client.post(ENROL, {"code": "12 34"}).status_code == 200
    with time_machine.travel(time.time() + 2):  # past the wait the wrong code set (django-otp's throttling)
        confirmed = client.post(ENROL, {"code": totp_code(device), "next": "/admin/reports/"})
    assert confirmed.url == CODES + "?next=%2Fadmin%2Freports%2F"
    shown = client.get(confirmed.url).content.decode()
    assert "Save these codes now: they are shown only once." in shown
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert client.get(CODES).url == MANAGE  # shown once
    assert client.get("/admin/").status_code == 200  # the confirming code verified this session
    assert TOTPDevice.objects.get(user=user).confirmed


@pytest.mark.django_db
def test_staff_reset_their_own_device_and_get_new_recovery_codes():
    user = UserFactory(groups=[MARKETING])
    client = Client()
    verified_login(client, user)
    new_recovery_codes(user)
    account = client.get("/admin/account/").content.decode()
    assert MANAGE in account and "Two-factor login" in account
    assert "10 unused recovery codes" in client.get(MANAGE).content.decode()
    assert client.post(MANAGE, {"action": "recovery-codes"}).url == CODES
    assert len(re.findall(r"<li><code>", client.get(CODES).content.decode())) == 10
    assert client.post(MANAGE, {"action": "reset"}).url == ENROL  # required: set up the new phone at once
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticToken.objects.exists()
    assert client.get("/admin/").url.startswith(ENROL)


@pytest.mark.django_db
def test_reset_second_factor_command():
    user = UserFactory(username="maya", groups=[CLINICIANS])
    authenticator(user)
    new_recovery_codes(user)
    out = io.StringIO()
    call_command("reset_second_factor", "maya", stdout=out)
    assert "must set up a new authenticator" in out.getvalue()
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    assert logged_in(user).get("/admin/").url.startswith(ENROL)
    out = io.StringIO()
    call_command("reset_second_factor", "maya", stdout=out)
    assert "nothing changed" in out.getvalue()
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("reset_second_factor", "nobody")


@pytest.mark.django_db
def test_demo_logins_get_the_printed_development_key_in_debug_only(settings):
    from twofactor.demo import DEMO_TOTP_SECRET, ensure_demo_devices

    user = UserFactory(username="editor", groups=[EDITORS])
    settings.DEBUG = False
    ensure_demo_devices(["editor"], io.StringIO())
    assert not TOTPDevice.objects.exists()
    with pytest.raises(CommandError, match="only in development"):
        call_command("demo_totp", "editor")
    settings.DEBUG = True
    out = io.StringIO()
    ensure_demo_devices(["editor"], out)
    assert DEMO_TOTP_SECRET in out.getvalue() and "demo_totp" in out.getvalue()
    out = io.StringIO()
    call_command("demo_totp", "editor", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"[0-9]{6}", code)
    assert logged_in(user).post(VERIFY, {"code": code}).url == "/admin/"
