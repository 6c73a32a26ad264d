"""Adding a health topic in the admin when an abandoned (autosaved) draft already has its title."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from editorial.setup import EDITORS, ensure_editorial_setup
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from topics.models import TopicPage


@pytest.fixture
def site(topic_index):
    ensure_editorial_setup()
    return topic_index


def add_topic_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Pain that stays after shingles.",
            "kind": "condition",
            "body": streamfield([]),
            "treatment_links": inline_formset([]),
            "related_topic_links": inline_formset([]),
            "codes": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
def test_second_add_with_the_title_of_an_abandoned_draft_says_so_at_the_title(client, site):
    editor = UserFactory(username="ed", groups=[EDITORS])
    verified_login(client, editor)
    url = reverse("wagtailadmin_pages:add", args=["topics", "topicpage", site.pk])
    # The first attempt: autosave keeps a draft once the editor has typed a title, then they leave.
    first = add_topic_form("Shingles pain", "shingles-pain")
    first["action-autosave"] = "autosave"
    client.post(url, first, headers={"accept": "application/json"})
    draft = TopicPage.objects.get(slug="shingles-pain")
    assert not draft.live

    response = client.post(url, add_topic_form("Shingles pain", "shingles-pain"))
    assert response.status_code == 200
    form = response.context["form"]
    [title_error] = form.errors["title"]
    assert "Shingles pain" in title_error and "draft" in title_error
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert edit_url in title_error
    assert edit_url in response.content.decode()
    assert TopicPage.objects.filter(slug__startswith="shingles-pain").count() == 1


@pytest.mark.django_db
def test_a_live_topic_with_the_same_address_is_named_too(admin_client, site):
    TopicPageFactory(parent=site, title="Sciatica", slug="sciatica")
    url = reverse("wagtailadmin_pages:add", args=["topics", "topicpage", site.pk])
    response = admin_client.post(url, add_topic_form("Sciatica", "sciatica"))
    [title_error] = response.context["form"].errors["title"]
    assert "Sciatica" in title_error and "published" in title_error


@pytest.mark.django_db
def test_admin_calls_them_health_topics_everywhere(admin_client, site):
    assert TopicPage._meta.verbose_name == "health topic"
    listing = admin_client.get("/admin/health_topics/").content.decode()
    assert "Health topics" in listing
    chooser = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[site.pk]), follow=True)
    assert "Health topic" in chooser.content.decode()
