"""Editors, clinicians and marketing through the admin: who can edit, publish and approve topic pages."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from clinicians.models import ClinicianProfile
from cta.models import CallToAction
from editorial.setup import CLINICIANS, EDITORS, MARKETING, ensure_editorial_setup
from tests.factories import CallToActionFactory, ClinicianProfileFactory, TopicPageFactory, UserFactory
from tests.staff import verified_login
from topics.models import TopicPage


@pytest.fixture
def site(topic_index):
    """The demo tree (home, topic index) with the editorial setup applied, as the demo loader leaves it."""
    ensure_editorial_setup()
    return topic_index


@pytest.fixture
def topic(site):
    """A published topic with a live revision, as the demo loader and the admin leave one."""
    page = TopicPageFactory(parent=site, title="Sciatica", slug="sciatica", body=[])
    page.save_revision().publish()
    return TopicPage.objects.get(pk=page.pk)


@pytest.fixture
def editor(site):
    return UserFactory(username="ed", groups=[EDITORS])


@pytest.fixture
def clinician(site):
    return UserFactory(username="doc", first_name="Dr. Maya", last_name="Okafor, MD", groups=[CLINICIANS])


@pytest.fixture
def marketer(site):
    return UserFactory(username="mk", groups=[MARKETING])


def topic_form(topic, action=None, **changes):
    """The topic edit form as the admin posts it, with `changes` applied."""
    fields = {
        "title": topic.title,
        "slug": topic.slug,
        "summary": topic.summary,
        "also_called": topic.also_called,
        "kind": topic.kind,
        "body": streamfield([]),
        "treatment_links": inline_formset([]),
        "related_topic_links": inline_formset([]),
        "codes": inline_formset([]),
        "comments": inline_formset([]),
    }
    fields.update(changes)
    data = nested_form_data(fields)
    if action:
        data[action] = action
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def denied(response):
    """Wagtail's admin answers a forbidden action with 403, or a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def live_title(page):
    return Page.objects.get(pk=page.pk).specific.title


def approve(client, page):
    """Approve the page's current task through the admin's workflow action URL, confirming any content-check
    warnings (the approval form asks for that; tests/test_content_checks_admin.py covers refusing without it)."""
    page = TopicPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": "", "checked_task_state": task_state.pk, "confirm_warnings": "on"})


@pytest.mark.django_db
def test_setup_is_idempotent_and_assigns_the_clinical_review_workflow(site):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    ensure_editorial_setup()
    assert (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count()) == counts
    assert WorkflowPage.objects.get(page=site).workflow.name == "Clinical review"
    assert TopicPageFactory(parent=site).get_workflow().name == "Clinical review"
    task = WorkflowPage.objects.get(page=site).workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [CLINICIANS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, can_edit_topic, can_edit_home, can_edit_cta",
    [(EDITORS, True, False, False), (CLINICIANS, True, False, False), (MARKETING, True, True, True)],
)
def test_who_can_open_which_editor(client, site, topic, role, can_edit_topic, can_edit_home, can_edit_cta):
    verified_login(client, UserFactory(groups=[role]))
    cta = CallToActionFactory()
    responses = {
        "topic": client.get(edit_url(topic)),
        "home": client.get(edit_url(site.get_parent())),
        "cta": client.get(reverse("wagtailsnippets_cta_calltoaction:edit", args=[cta.pk])),
    }
    assert (responses["topic"].status_code == 200) is can_edit_topic
    assert (responses["home"].status_code == 200) is can_edit_home
    assert (responses["cta"].status_code == 200) is can_edit_cta
    for name, allowed in [("topic", can_edit_topic), ("home", can_edit_home), ("cta", can_edit_cta)]:
        assert allowed or denied(responses[name]), name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [EDITORS, CLINICIANS, MARKETING])
def test_nobody_in_the_editorial_groups_can_publish_a_topic_directly(client, topic, role):
    verified_login(client, UserFactory(groups=[role]))
    response = client.post(edit_url(topic), topic_form(topic, "action-publish", title="Sciatica (changed)"))
    assert response.status_code == 302
    assert live_title(topic) == "Sciatica"  # the draft was saved, nothing went live
    assert TopicPage.objects.get(pk=topic.pk).get_latest_revision_as_object().title == "Sciatica (changed)"
    editor_html = client.get(edit_url(topic)).content.decode()
    assert 'name="action-publish"' not in editor_html
    assert 'name="action-submit"' in editor_html


@pytest.mark.django_db
def test_editor_submits_and_only_a_clinician_approval_publishes(client, topic, editor, clinician, marketer):
    verified_login(client, editor)
    response = client.post(edit_url(topic), topic_form(topic, "action-submit", title="Sciatica explained"))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(topic.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Clinical review"
    assert live_title(topic) == "Sciatica"

    # Neither the editor nor marketing can approve it.
    for user in (editor, marketer):
        verified_login(client, user)
        assert denied(approve(client, topic))
        assert live_title(topic) == "Sciatica"

    verified_login(client, clinician)
    response = approve(client, topic)
    assert response.status_code == 302
    page = TopicPage.objects.get(pk=topic.pk)
    assert page.title == "Sciatica explained" and page.live and not page.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


@pytest.mark.any_hour
@pytest.mark.django_db
def test_approval_sets_reviewer_and_review_dates_on_the_published_page(client, topic, editor, clinician):
    topic.medical_reviewer = "Someone else"
    topic.last_reviewed = datetime.date(2020, 1, 1)
    topic.next_review_due = datetime.date(2021, 1, 1)
    topic.save_revision().publish()

    verified_login(client, editor)
    client.post(edit_url(topic), topic_form(topic, "action-submit"))
    verified_login(client, clinician)
    approve(client, topic)

    today = timezone.localdate()
    page = TopicPage.objects.get(pk=topic.pk)
    assert page.medical_reviewer == "Maya Okafor, MD"
    assert page.last_reviewed == today
    assert page.next_review_due == today + datetime.timedelta(days=settings.TOPIC_REVIEW_INTERVAL_DAYS)
    assert page.live_revision.as_object().medical_reviewer == "Maya Okafor, MD"
    assert page.live_revision.user == clinician
    assert "Maya Okafor, MD" in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_approval_credits_the_clinicians_profile_with_role_and_no_doubled_title(client, topic, editor, site):
    ana = UserFactory(username="ana", first_name="Dr. Ana", last_name="Ruiz, MD", groups=[CLINICIANS])
    profile = ClinicianProfileFactory(name="Ana Ruiz", credentials="MD", role="Pain medicine physician", user=ana)
    verified_login(client, editor)
    client.post(edit_url(topic), topic_form(topic, "action-submit"))
    verified_login(client, ana)
    approve(client, topic)

    page = TopicPage.objects.get(pk=topic.pk)
    assert page.reviewed_by == profile
    assert page.live_revision.as_object().reviewed_by == profile
    client.logout()
    html = client.get(page.url).content.decode()
    reviewed = html.split('class="topic__reviewed"')[1].split("</p>")[0]
    assert f'<a href="/clinicians/{profile.slug}/">Ana Ruiz, MD</a>, Pain medicine physician' in reviewed
    assert "Dr." not in reviewed and reviewed.count("MD") == 1
    assert client.get(f"/clinicians/{profile.slug}/").status_code == 200


@pytest.mark.django_db
def test_first_approval_makes_a_profile_from_the_account_name_and_reuses_it(client, topic, editor, site):
    ana = UserFactory(username="ana", first_name="Dr. Ana", last_name="Ruiz, MD", groups=[CLINICIANS])
    for _ in range(2):
        verified_login(client, editor)
        client.post(edit_url(topic), topic_form(topic, "action-submit"))
        verified_login(client, ana)
        approve(client, topic)

    profile = ClinicianProfile.objects.get(user=ana)
    assert (profile.name, profile.credentials, profile.slug) == ("Ana Ruiz", "MD", "ana-ruiz")
    assert TopicPage.objects.get(pk=topic.pk).reviewed_by == profile
    assert ClinicianProfile.objects.count() == 1


@pytest.mark.django_db
def test_review_fields_cannot_be_typed_in_the_editor(client, topic, editor):
    verified_login(client, editor)
    form = topic_form(topic, "action-submit", medical_reviewer="Me", last_reviewed="2030-01-01")
    client.post(edit_url(topic), form)
    draft = TopicPage.objects.get(pk=topic.pk).get_latest_revision_as_object()
    assert draft.medical_reviewer == topic.medical_reviewer
    assert draft.last_reviewed == topic.last_reviewed


@pytest.mark.django_db
def test_rejection_publishes_nothing_and_editor_can_resubmit(client, topic, editor, clinician):
    verified_login(client, editor)
    client.post(edit_url(topic), topic_form(topic, "action-submit", title="Draft title"))
    verified_login(client, clinician)
    task_state = TopicPage.objects.get(pk=topic.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[topic.pk, "reject", task_state.pk])
    client.post(url, {"comment": "Please cite the guideline."})
    assert live_title(topic) == "Sciatica"
    assert WorkflowState.objects.get(object_id=str(topic.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.mark.django_db
def test_marketing_publishes_the_home_page_and_calls_to_action(client, site, marketer):
    home = site.get_parent().specific
    verified_login(client, marketer)
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "welcome_heading": "New welcome",
            "welcome_text": home.welcome_text,
            "featured_topics": inline_formset([]),
            "call_to_action": "",
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    assert client.post(edit_url(home), data).status_code == 302
    assert Page.objects.get(pk=home.pk).specific.welcome_heading == "New welcome"

    cta = CallToActionFactory(heading="Old")
    url = reverse("wagtailsnippets_cta_calltoaction:edit", args=[cta.pk])
    form = {
        "name": cta.name,
        "heading": "Published heading",
        "text": cta.text,
        "button_label": cta.button_label,
        "link_page": "",
        "link_url": cta.link_url,
        "action-publish": "action-publish",
    }
    assert client.post(url, form).status_code == 302
    assert CallToAction.objects.get(pk=cta.pk).heading == "Published heading"


@pytest.mark.django_db
def test_editor_can_create_a_topic_but_only_as_a_draft(client, site, editor):
    verified_login(client, editor)
    url = reverse("wagtailadmin_pages:add", args=["topics", "topicpage", site.pk])
    data = nested_form_data(
        {
            "title": "Shingles pain",
            "slug": "shingles-pain",
            "summary": "Pain that stays after shingles.",
            "kind": "condition",
            "body": streamfield([]),
            "treatment_links": inline_formset([]),
            "related_topic_links": inline_formset([]),
            "codes": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302
    page = TopicPage.objects.get(slug="shingles-pain")
    assert not page.live


@pytest.mark.any_hour
@pytest.mark.django_db
def test_scheduled_publishing_after_approval(client, topic, editor, clinician):
    """A go-live date set by the editor holds the approved revision back until publish_scheduled runs."""
    go_live = timezone.localtime() + datetime.timedelta(hours=2)
    verified_login(client, editor)
    form = topic_form(topic, "action-submit", title="Sciatica (scheduled)", go_live_at=f"{go_live:%Y-%m-%d %H:%M}")
    client.post(edit_url(topic), form)
    verified_login(client, clinician)
    approve(client, topic)

    page = TopicPage.objects.get(pk=topic.pk)
    scheduled = page.revisions.filter(approved_go_live_at__isnull=False).get()
    assert page.live and page.title == "Sciatica"  # the old version stays live
    call_command("publish_scheduled")
    assert live_title(topic) == "Sciatica"  # not time yet

    # Time passes: move the scheduled moment (in the revision and its approval) into the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.approved_go_live_at = past
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    assert live_title(topic) == "Sciatica (scheduled)"


@pytest.mark.django_db
def test_revision_history_and_comparison(client, topic, clinician):
    first = topic.live_revision
    topic.title = "Sciatica, revised"
    second = topic.save_revision()
    verified_login(client, clinician)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[topic.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sciatica, revised" in html
    assert client.get(reverse("wagtailadmin_pages:history", args=[topic.pk])).status_code == 200


def test_migrate_keeps_permissions_an_administrator_granted_on_purpose(site):
    """The post_migrate setup only adds what is missing: grants made in Settings -> Groups survive every deploy."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from editorial.setup import setup_after_migrate

    editors = Group.objects.get(name=EDITORS)
    # Wagtail's install grant on the whole tree was removed once, by a migration.
    assert not GroupPagePermission.objects.filter(group=editors, page__depth=1).exists()
    extra = Permission.objects.get(content_type__app_label="wagtailimages", codename="change_image")
    editors.permissions.add(extra)
    root_grant = GroupPagePermission.objects.create(
        group=editors, page=Page.get_first_root_node(), permission=Permission.objects.get(codename="add_page")
    )

    setup_after_migrate(sender=None)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert editors.permissions.filter(pk=extra.pk).exists()
    assert GroupPagePermission.objects.filter(pk=root_grant.pk).exists()
