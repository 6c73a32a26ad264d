"""The contact form's error summary and call-time choices, as patients noticed them."""

import re

import pytest

from contact.forms import ContactForm
from contact.models import ContactRequest
from tests.factories import ContactPageFactory
from tests.test_contact import client_ip, submit  # noqa: F401 (client_ip is a fixture)


@pytest.mark.django_db
def test_the_phone_or_email_error_is_listed_once_in_the_summary(client, home, client_ip):  # noqa: F811
    page = ContactPageFactory(parent=home)
    response = submit(client, page, client_ip, phone="", email="")
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</ul>', html, re.S).group(0)
    entries = re.findall(r"<li><a href=\"#(\w+)\">(.*?)</a></li>", summary)
    assert entries == [("id_phone", "Give a phone number or an email address so that we can reach you.")]
    # Both fields still say it next to themselves.
    assert 'id="id_phone_error"' in html and 'id="id_email_error"' in html


def test_the_summary_keeps_different_messages_in_field_order():
    form = ContactForm(data={"first_name": "", "phone": "x", "email": "nope", "preferred_time": "", "reason": ""})
    assert not form.is_valid()
    ids = [field_id for field_id, message in form.error_summary()]
    assert ids == ["id_first_name", "id_phone", "id_email", "id_preferred_time_0", "id_reason_0", "id_consent"]


def test_call_time_choices_name_no_clock_time_the_opening_hours_could_contradict():
    labels = dict(ContactRequest.TIME_CHOICES)
    assert labels["afternoon"] == "Afternoon (from noon until we close)"
    assert labels["morning"] == "Morning (from when we open until noon)"
    assert not any(re.search(r"\d\s*(am|pm)", str(label)) for label in labels.values())  # labels are lazy
