"""The "Searches with no results" report shows the day of the last search, never a misleading time."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from search.models import ZeroResultQuery


@pytest.mark.any_hour
@pytest.mark.django_db
def test_last_searched_shows_today_yesterday_or_the_date(admin_client, django_assert_max_num_queries):
    today = timezone.localdate()
    ZeroResultQuery.objects.create(query_text="made this morning", day=today)
    ZeroResultQuery.objects.create(query_text="made last night", day=today - datetime.timedelta(days=1))
    ZeroResultQuery.objects.create(query_text="made last week", day=today - datetime.timedelta(days=6))
    with django_assert_max_num_queries(20):
        html = admin_client.get("/admin/reports/zero-result-searches/").content.decode()
    assert " ago" not in html.split("<tbody", 1)[1]
    rows = {
        text: day
        for text, day in re.findall(
            r"(made [a-z ]+?)\s*<.*?<td[^>]*>\s*\d+\s*</td>\s*<td[^>]*>\s*(.*?)\s*</td>", html, re.S
        )
    }
    assert rows["made this morning"] == "Today"
    assert rows["made last night"] == "Yesterday"
    assert rows["made last week"] == date_format(today - datetime.timedelta(days=6), "j F Y")
