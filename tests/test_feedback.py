"""'Did this page help you?': the answer and comment endpoints on PostgreSQL and real Redis, and the report."""

import csv
import datetime
import io
import random

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from editorial.setup import CLINICIANS, EDITORS, MARKETING, ensure_editorial_setup
from feedback.models import PageFeedbackComment, PageFeedbackDay
from feedback.views import answer_once, client_limit
from tests.factories import ContactPageFactory, TopicGroupFactory, TopicPageFactory, UserFactory
from tests.staff import verified_login
from tests.test_languages import spanish_home, spanish_index, spanish_topic  # noqa: F401  (shared fixtures)
from website.personal_data import remove_contact_details
from website.ratelimit import ratelimit_cache

REPORT_URL = "/admin/reports/page-feedback/"
#: Queries of the report and of the dashboard (29 with the blog's email-updates panel), whatever the feedback; one of
#: each is the session's second-factor device (django-otp).
REPORT_QUERIES = 16
DASHBOARD_QUERIES = 30


class FakeRequest:
    def __init__(self, ip):
        self.META = {"REMOTE_ADDR": ip}


@pytest.fixture
def client_ip():
    """A fresh client address per test, so tests never share each other's Redis counters."""
    ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    yield ip
    ratelimit_cache().delete(client_limit().key(FakeRequest(ip)))


@pytest.fixture
def patient(client_ip):
    return Client(REMOTE_ADDR=client_ip)


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index, title="Sciatica")


def forget_answers(page, ip):
    ratelimit_cache().delete(answer_once(page).key(FakeRequest(ip)))


def answer(patient, page, helpful, **headers):
    return patient.post(f"/feedback/{page.pk}/", {"helpful": helpful}, **headers)


@pytest.mark.django_db
def test_the_topic_page_asks_with_a_form_that_needs_no_token(patient, topic):
    response = patient.get(topic.url)
    html = response.content.decode()
    assert "Did this page help you?" in html
    assert f'action="/feedback/{topic.pk}/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


@pytest.mark.any_hour
@pytest.mark.django_db
def test_yes_and_no_are_counted_per_page_per_day_without_a_cookie(patient, topic, client_ip):
    response = answer(patient, topic, "yes")
    assert response.status_code == 200
    assert "Thank you for your answer." in response.content.decode()
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    forget_answers(topic, client_ip)
    response = answer(patient, topic, "no")
    assert 'name="comment"' in response.content.decode()
    assert "Do not include your name, phone number or health details." in response.content.decode()
    row = PageFeedbackDay.objects.get(page=topic)
    assert (row.day, row.yes, row.no) == (timezone.localdate(), 1, 1)


@pytest.mark.django_db
def test_a_flood_from_one_client_counts_once_a_minute(patient, topic):
    for _ in range(5):
        assert answer(patient, topic, "no").status_code == 200
    assert PageFeedbackDay.objects.get(page=topic).no == 1
    other = Client(REMOTE_ADDR="192.0.2.77")
    forget_answers(topic, "192.0.2.77")
    answer(other, topic, "no")
    assert PageFeedbackDay.objects.get(page=topic).no == 2
    forget_answers(topic, "192.0.2.77")
    ratelimit_cache().delete(client_limit().key(FakeRequest("192.0.2.77")))


@pytest.mark.django_db
def test_past_the_limit_the_client_gets_429(patient, topic, settings):
    settings.FEEDBACK_RATE_LIMIT_PER_HOUR = 3
    statuses = [answer(patient, topic, "yes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.any_hour
@pytest.mark.django_db
def test_a_comment_with_a_phone_number_and_email_is_stored_without_them(patient, topic):
    text = "I could not find the dose. Call me on (555) 123-4567 or mail jo.lee@example.org, thanks"
    response = patient.post(f"/feedback/{topic.pk}/comment/", {"comment": text})
    assert response.status_code == 200
    assert not response.cookies
    comment = PageFeedbackComment.objects.get(page=topic)
    assert comment.text == "I could not find the dose. Call me on [removed] or mail [removed], thanks"
    assert comment.day == timezone.localdate()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring +1 555 123 4567 today", "ring [removed] today"),
        ("my number is 5551234567", "my number is [removed]"),
        ("pain for 3 years, 2 times a day", "pain for 3 years, 2 times a day"),
        ("since 2019-2020", "since 2019-2020"),
        ("born 12/05/1961", "born [removed]"),  # a full date could identify the patient too
        ("write to A.B+pain@clinic.example.com.", "write to [removed]"),
    ],
)
def test_contact_details_are_removed_and_other_numbers_kept(text, expected):
    assert remove_contact_details(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        ("{pk}/", {}, 400),
        ("{pk}/", {"helpful": "maybe"}, 400),
        ("{pk}/", {"helpful": "yes\x00"}, 400),
        ("{pk}/comment/", {"comment": "x" * 501}, 400),
        ("{pk}/comment/", {"comment": "bad\x00byte"}, 400),
        ("{pk}/comment/", {"comment": "   "}, 400),
        ("999999/", {"helpful": "yes"}, 404),
    ],
)
def test_bad_input_gets_4xx_and_stores_nothing(patient, topic, path, data, status):
    response = patient.post("/feedback/" + path.format(pk=topic.pk), data)
    assert response.status_code == status
    assert not PageFeedbackDay.objects.exists()
    assert not PageFeedbackComment.objects.exists()


@pytest.mark.django_db
def test_pages_without_the_question_and_drafts_are_unknown(patient, topic, topic_index, home):
    draft = TopicPageFactory(parent=topic_index, live=False)
    for page in (topic_index, home, draft):
        assert answer(patient, page, "yes").status_code == 404
    assert patient.get(f"/feedback/{topic.pk}/").status_code == 405
    assert not PageFeedbackDay.objects.exists()


@pytest.mark.django_db
def test_posts_from_another_site_are_refused(patient, topic):
    assert answer(patient, topic, "yes", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert answer(patient, topic, "yes", HTTP_ORIGIN="https://evil.example").status_code == 403
    assert answer(patient, topic, "yes", HTTP_ORIGIN="null").status_code == 403
    assert not PageFeedbackDay.objects.exists()
    assert answer(patient, topic, "yes", HTTP_SEC_FETCH_SITE="same-origin").status_code == 200
    forget_answers(topic, patient.defaults["REMOTE_ADDR"])
    assert answer(patient, topic, "yes", HTTP_ORIGIN="http://testserver").status_code == 200
    assert PageFeedbackDay.objects.get(page=topic).yes == 2


@pytest.mark.django_db
def test_script_gets_the_thanks_as_json(patient, topic):
    response = answer(patient, topic, "no", HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    assert "Thank you for your answer." in response.json()["html"]
    response = patient.post(f"/feedback/{topic.pk}/comment/", {"comment": ""}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Write a comment" in response.json()["error"]


@pytest.mark.django_db
def test_a_spanish_topic_asks_in_spanish_and_its_answers_count_for_it(patient, spanish_topic, client):  # noqa: F811
    html = patient.get("/es/temas/ciatica/").content.decode()
    assert f'action="/es/feedback/{spanish_topic.pk}/"' in html
    response = patient.post(f"/es/feedback/{spanish_topic.pk}/", {"helpful": "no"})
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert PageFeedbackDay.objects.get(page=spanish_topic).no == 1
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[EDITORS]))
    spanish = spanish_topic.locale_id
    assert [row[0] for row in export_rows(client, {"locale": spanish})[1:]] == ["Ciática"]


@pytest.mark.django_db
def test_the_contact_thank_you_page_asks_too(patient, home):
    contact = ContactPageFactory(parent=home)
    html = patient.get(contact.url + "thank-you/").content.decode()
    assert f'action="/feedback/{contact.pk}/"' in html
    assert answer(patient, contact, "yes").status_code == 200


# The report.


@pytest.fixture
def feedback(topic_index):
    ensure_editorial_setup()
    today = timezone.localdate()
    pain = TopicGroupFactory(name="Back pain", slug="back-pain")
    sciatica = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[pain])
    migraine = TopicPageFactory(parent=topic_index, title="Migraine")
    library = TopicPageFactory(parent=topic_index, title="Gout", source="medlineplus")
    PageFeedbackDay.objects.create(page=sciatica, day=today, yes=1, no=3)
    PageFeedbackDay.objects.create(page=sciatica, day=today - datetime.timedelta(days=60), yes=10, no=0)
    PageFeedbackDay.objects.create(page=migraine, day=today - datetime.timedelta(days=2), yes=4, no=1)
    PageFeedbackDay.objects.create(page=library, day=today, yes=0, no=2)
    PageFeedbackComment.objects.create(page=sciatica, day=today, text="Nothing about exercises")
    PageFeedbackComment.objects.create(page=sciatica, day=today - datetime.timedelta(days=60), text="Old comment")
    return {"sciatica": sciatica, "migraine": migraine, "library": library, "group": pain}


def export_rows(client, params):
    response = client.get(REPORT_URL, {**params, "export": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_lists_least_helpful_first_with_comments(client, feedback):
    verified_login(client, UserFactory(groups=[EDITORS]))
    rows = export_rows(client, {})
    assert rows[0] == ["Page", "Language", "Source", "Answers", "Yes", "No", "Helpful", "Newest comments", "Address"]
    assert [row[0] for row in rows[1:]] == ["Gout", "Sciatica", "Migraine"]
    sciatica = rows[2]
    assert sciatica[3:7] == ["4", "1", "3", "25%"]
    assert "Nothing about exercises" in sciatica[7] and "Old comment" not in sciatica[7]
    html = client.get(REPORT_URL).content.decode()
    assert "Nothing about exercises" in html


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_period_and_filters(client, feedback):
    verified_login(client, UserFactory(groups=[MARKETING]))
    rows = export_rows(client, {"period": "90"})
    assert rows[2][0] == "Sciatica" and rows[2][3:7] == ["14", "11", "3", "79%"]
    assert [row[0] for row in export_rows(client, {"source": "clinic"})[1:]] == ["Sciatica", "Migraine"]
    assert [row[0] for row in export_rows(client, {"source": "medlineplus"})[1:]] == ["Gout"]
    assert [row[0] for row in export_rows(client, {"group": feedback["group"].pk})[1:]] == ["Sciatica"]
    english = feedback["sciatica"].locale_id
    assert len(export_rows(client, {"locale": english})) == 4


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_exports_xlsx(client, feedback):
    verified_login(client, UserFactory(groups=[CLINICIANS]))
    response = client.get(REPORT_URL, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["Gout", "Sciatica", "Migraine"]


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_and_dashboard_panel_by_role(client, feedback):
    verified_login(client, UserFactory(groups=[]))
    assert client.get(REPORT_URL).status_code in (302, 403)
    for group in (EDITORS, CLINICIANS, MARKETING):
        verified_login(client, UserFactory(groups=[group]))
        assert client.get(REPORT_URL).status_code == 200
        dashboard = client.get("/admin/").content.decode()
        assert "Least helpful clinic pages" in dashboard
        # Clinic pages only: the library's Gout is left out.
        assert dashboard.index("Sciatica") < dashboard.index("Migraine")
        assert "Gout" not in dashboard


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_queries_stay_constant_as_feedback_grows(client, feedback, topic_index, django_assert_max_num_queries):
    verified_login(client, UserFactory(groups=[EDITORS]))
    with django_assert_max_num_queries(REPORT_QUERIES) as report:
        client.get(REPORT_URL)
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as dashboard:
        client.get("/admin/")
    today = timezone.localdate()
    for n in range(15):
        page = TopicPageFactory(parent=topic_index, title=f"More {n}")
        PageFeedbackDay.objects.create(page=page, day=today, yes=n, no=3)
        for c in range(4):
            PageFeedbackComment.objects.create(page=page, day=today, text=f"Comment {c}")
    with django_assert_max_num_queries(len(report.captured_queries)):
        response = client.get(REPORT_URL)
    assert response.content.decode().count("Comment 3") == 15  # the 3 newest of each page: 3, 2, 1
    assert "Comment 0" not in response.content.decode()
    with django_assert_max_num_queries(len(dashboard.captured_queries)):
        client.get("/admin/")
