"""Publishing, unpublishing, deleting and moving a clinical page (topic or article) follow one rule: once it is
live or a clinician has reviewed it, only a superuser may do it directly. Marketing still edits (block order,
calls to action) and submits for review; editors may still throw away a draft nobody has reviewed."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from editorial.setup import CLINICIANS, EDITORS, MARKETING
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from tests.test_editorial_workflow import denied, edit_url, site, topic, topic_form  # noqa: F401 (fixtures)
from topics.models import TopicPage

ROLES = [EDITORS, CLINICIANS, MARKETING]


@pytest.fixture
def reviewed_topic(topic):  # noqa: F811
    TopicPage.objects.filter(pk=topic.pk).update(last_reviewed=datetime.date(2026, 11, 2))
    return TopicPage.objects.get(pk=topic.pk)


def user_for(role):
    if role == "superuser":
        return UserFactory(username="admin", is_superuser=True, is_staff=True)
    return UserFactory(username=role.lower(), groups=[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_editorial_role_may_publish_a_reviewed_topic_directly(client, reviewed_topic, role):
    user = user_for(role)
    verified_login(client, user)
    client.post(edit_url(reviewed_topic), topic_form(reviewed_topic, "action-publish", title="Changed"))
    assert Page.objects.get(pk=reviewed_topic.pk).title == "Sciatica"
    assert not reviewed_topic.permissions_for_user(user).can_publish()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_editorial_role_may_unpublish_a_reviewed_topic(client, reviewed_topic, role):
    user = user_for(role)
    verified_login(client, user)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[reviewed_topic.pk]))
    assert denied(response)
    assert Page.objects.get(pk=reviewed_topic.pk).live
    assert not reviewed_topic.permissions_for_user(user).can_unpublish()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_editorial_role_may_delete_a_reviewed_topic(client, reviewed_topic, role):
    verified_login(client, user_for(role))
    delete_url = reverse("wagtailadmin_pages:delete", args=[reviewed_topic.pk])
    assert delete_url not in client.get(edit_url(reviewed_topic)).content.decode()  # the action menu offers none
    assert denied(client.post(delete_url))
    assert Page.objects.filter(pk=reviewed_topic.pk).exists()
    assert client.get("/topics/sciatica/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_editorial_role_may_move_a_reviewed_topic(client, reviewed_topic, role):
    user = user_for(role)
    verified_login(client, user)
    assert denied(client.get(reverse("wagtailadmin_pages:move", args=[reviewed_topic.pk])))
    assert not reviewed_topic.permissions_for_user(user).can_move()


@pytest.mark.django_db
def test_a_live_topic_never_reviewed_is_protected_the_same_way(client, topic):  # noqa: F811
    TopicPage.objects.filter(pk=topic.pk).update(last_reviewed=None)
    verified_login(client, user_for(MARKETING))
    assert denied(client.post(reverse("wagtailadmin_pages:delete", args=[topic.pk])))
    assert denied(client.post(reverse("wagtailadmin_pages:unpublish", args=[topic.pk])))
    assert Page.objects.get(pk=topic.pk).live


@pytest.mark.django_db
def test_a_reviewed_topic_taken_off_the_site_still_cannot_be_deleted_by_marketing(client, reviewed_topic):
    reviewed_topic.unpublish()
    verified_login(client, user_for(MARKETING))
    assert denied(client.post(reverse("wagtailadmin_pages:delete", args=[reviewed_topic.pk])))
    assert Page.objects.filter(pk=reviewed_topic.pk).exists()


@pytest.mark.django_db
def test_the_superuser_may_unpublish_and_delete_a_reviewed_topic(client, reviewed_topic):
    verified_login(client, user_for("superuser"))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[reviewed_topic.pk]))
    assert not Page.objects.get(pk=reviewed_topic.pk).live
    client.post(reverse("wagtailadmin_pages:delete", args=[reviewed_topic.pk]))
    assert not Page.objects.filter(pk=reviewed_topic.pk).exists()


@pytest.mark.django_db
def test_an_editor_may_still_delete_a_draft_nobody_reviewed(client, site):  # noqa: F811
    draft = TopicPageFactory(
        parent=site, title="Half-written", slug="half-written", live=False, last_reviewed=None, medical_reviewer=""
    )
    verified_login(client, user_for(EDITORS))
    client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert not Page.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_marketing_may_still_change_a_reviewed_topic_as_a_draft_for_review(client, reviewed_topic):
    verified_login(client, user_for(MARKETING))
    response = client.post(edit_url(reviewed_topic), topic_form(reviewed_topic, "action-submit", title="Reordered"))
    assert response.status_code == 302
    page = TopicPage.objects.get(pk=reviewed_topic.pk)
    assert page.live and page.title == "Sciatica"
    assert page.get_latest_revision_as_object().title == "Reordered"
    assert page.workflow_in_progress


@pytest.mark.django_db
@pytest.mark.parametrize("role", [EDITORS, MARKETING])
def test_editors_and_marketing_open_the_searches_with_no_results(client, site, role):  # noqa: F811
    """The search-fix workflow (a synonym, a promoted result) starts from this report; editors add synonyms."""
    verified_login(client, user_for(role))
    assert client.get(reverse("search_zero_results")).status_code == 200
