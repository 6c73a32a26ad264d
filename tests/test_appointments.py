"""Open appointment times: staff add them (one by one or a weekly pattern), patients pick one on the contact form,
one request holds a slot however many arrive at once, and an unconfirmed hold is released by a scheduled job."""

import datetime
import itertools
import string
import threading
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from appointments.models import Slot
from contact.models import ContactRequest
from tests import test_contact
from tests.staff import verified_login

#: Fixtures and helpers shared with the contact form's tests.
contact_page = test_contact.contact_page
client_ip = test_contact.client_ip
VALID = test_contact.VALID


def make_slot(hours_ahead, **fields):
    return Slot.objects.create(
        location="Lakeshore clinic",
        service="First consultation",
        starts_at=timezone.now() + datetime.timedelta(hours=hours_ahead),
        minutes=30,
        **fields,
    )


def post_at_once(url, forms):
    """Post each form from its own thread (own client address, own database connection) at the same moment."""
    barrier = threading.Barrier(len(forms))
    responses = [None] * len(forms)

    def post(number, data):
        try:
            barrier.wait()
            responses[number] = Client().post(url, data, REMOTE_ADDR=f"10.99.{number // 200}.{number % 200 + 1}")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number, data)) for number, data in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_fifty_requests_for_one_time_at_once_hold_it_once_and_the_others_are_offered_the_next(
    transactional_db, contact_page, settings
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    wanted, later = make_slot(30), make_slot(31, mode=Slot.VIDEO)
    page = Client().get(contact_page.url).content.decode()
    assert f'value="{wanted.pk}"' in page and f'value="{later.pk}"' in page and "by video" in page

    names = [
        "Pat" + "".join(pair) for pair in itertools.islice(itertools.product(string.ascii_lowercase, repeat=2), 50)
    ]
    responses = post_at_once(contact_page.url, [{**VALID, "first_name": name, "slot": wanted.pk} for name in names])

    held = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 409]
    assert (len(held), len(refused)) == (1, 49)
    for response in refused:
        html = response.content.decode()
        assert "someone else has just asked for that time" in html
        assert f'value="{later.pk}"' in html and f'value="{wanted.pk}"' not in html
    wanted.refresh_from_db()
    request = ContactRequest.objects.get()
    assert (wanted.state, wanted.held_for) == (Slot.HELD, request)
    assert f'value="{wanted.pk}"' not in Client().get(contact_page.url).content.decode()  # taken at once
    [message] = mail.outbox
    assert "The patient picked the appointment time" in message.body and request.first_name not in message.body


def test_a_slot_holds_no_personal_data():
    fields = {field.name for field in Slot._meta.get_fields()}
    assert fields == {
        "id",
        "place",
        "location",
        "clinician",
        "service",
        "service_es",
        "starts_at",
        "minutes",
        "mode",
        "state",
        "held_at",
        "held_for",
        "feed",  # the practice system's feed address and its id for the time (import_slot_feed)
        "feed_id",
    }


def test_holds_staff_did_not_confirm_in_time_are_released_by_the_scheduled_job(db, settings):
    settings.SLOT_HOLD_HOURS = 48
    old = timezone.now() - datetime.timedelta(hours=49)
    stale, fresh, confirmed = make_slot(100), make_slot(101), make_slot(102)
    Slot.objects.filter(pk=stale.pk).update(state=Slot.HELD, held_at=old)
    Slot.objects.filter(pk=fresh.pk).update(state=Slot.HELD, held_at=timezone.now())
    Slot.objects.filter(pk=confirmed.pk).update(state=Slot.CONFIRMED, held_at=old)
    output = StringIO()
    call_command("release_held_slots", stdout=output)
    assert "Released 1 appointment time held over 48 hours." in output.getvalue()
    states = dict(Slot.objects.values_list("pk", "state"))
    assert states == {stale.pk: Slot.OPEN, fresh.pk: Slot.HELD, confirmed.pk: Slot.CONFIRMED}


PATTERN = {
    "location": "Lakeshore clinic",
    "service": "First consultation",
    "mode": "in_person",
    "weekdays": ["0", "2"],
    "day_starts": "09:00",
    "day_ends": "11:00",
    "minutes": "30",
    "first_day": "2030-01-07",
    "last_day": "2030-01-20",
    "skip_dates": "2030-01-09",
}


def test_staff_add_a_weekly_pattern_with_exceptions_once(client, django_user_model):
    admin = django_user_model.objects.create_superuser("desk", "desk@example.org", "x")
    verified_login(client, admin)
    url = "/admin/appointment-times/weekly/"
    assert client.get(url).status_code == 200
    response = client.post(url, PATTERN)
    assert response.status_code == 302
    # Mondays 7 and 14, Wednesday 16 (the 9th left out): four 30-minute times from 9 to 11 each.
    days = sorted({timezone.localtime(slot.starts_at).date().isoformat() for slot in Slot.objects.all()})
    assert days == ["2030-01-07", "2030-01-14", "2030-01-16"] and Slot.objects.count() == 12
    client.post(url, PATTERN)
    assert Slot.objects.count() == 12
    assert timezone.localtime(Slot.objects.first().starts_at).time() == datetime.time(9)

    bad = client.post(url, {**PATTERN, "day_ends": "08:00", "skip_dates": "next tuesday"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "Write each date as YYYY-MM-DD: next tuesday" in html
    slot = Slot.objects.first()
    for path in ("", "new/", f"edit/{slot.pk}/", f"inspect/{slot.pk}/"):
        assert client.get(f"/admin/appointment_times/{path}").status_code == 200, path
    # Staff confirm a time by setting its state.
    form = {
        "location": slot.location,
        "service": slot.service,
        "starts_at": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M"),
        "minutes": "30",
        "mode": "in_person",
        "state": "confirmed",
    }
    assert client.post(f"/admin/appointment_times/edit/{slot.pk}/", form).status_code == 302
    slot.refresh_from_db()
    assert slot.state == Slot.CONFIRMED

    staff = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    verified_login(client, staff)
    assert client.get(url).status_code in (302, 403)


def test_a_probable_bot_never_takes_a_time_from_a_patient(client, contact_page, client_ip):
    slot = make_slot(30)
    data = {**VALID, "slot": slot.pk, "message": "http://spam.example"}
    assert client.post(contact_page.url, data, REMOTE_ADDR=client_ip).status_code == 302
    assert ContactRequest.objects.get().flagged_as_possible_spam
    slot.refresh_from_db()
    assert (slot.state, slot.held_for) == (Slot.OPEN, None)


def test_a_time_reads_in_the_page_language():
    from django.utils import translation

    from contact.forms import slot_label

    starts_at = timezone.make_aware(datetime.datetime(2030, 1, 8, 9, 30))
    slot = Slot(location="Lakeshore clinic", service="First consultation", starts_at=starts_at, mode=Slot.VIDEO)
    assert slot_label(slot) == "Tuesday 8 January, 09:30: 30 minutes, by video, First consultation, Lakeshore clinic"
    with translation.override("es"):
        assert slot_label(slot).startswith("martes 8 de enero, 09:30: 30 minutos, por video")
