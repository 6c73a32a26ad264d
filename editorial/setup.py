"""Groups, permissions and the Clinical review workflow, created idempotently.

`ensure_editorial_setup()` runs after every `migrate` (so every environment has the groups, the task and the
workflow) and again from the demo loader once the home page and topic index exist, because page permissions
and the workflow's assignment to the topic tree need those pages. Running it again changes nothing: it only
adds what is missing and never removes a permission, so grants an administrator made on purpose survive every
deploy. (The grant Wagtail's install gives its default "Editors" group on the tree root is removed once, by
migration editorial 0002.)
"""

import os

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
CLINICIANS = "Clinicians"
MARKETING = "Marketing"
WORKFLOW_NAME = "Clinical review"
TASK_NAME = "Clinician approval"

#: Model permissions per group, as "app_label.codename".
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        # "Translate" on a page: the copy is a draft in the Spanish tree, reviewed by a clinician before it goes live.
        "simple_translation.submit_translation",
        "cta.view_calltoaction",
        "editorial.view_review_report",
        "feedback.view_feedback_report",
        "pageviews.view_page_performance_report",
        # "Searches with no results": where the search-fix workflow (a synonym, a promoted result) starts.
        "search.view_zeroresultquery",
        "search.add_searchsynonym",
        "search.change_searchsynonym",
        "search.delete_searchsynonym",
        "search.view_searchsynonym",
        "blog.view_email_updates",
        "contentchecks.add_plainword",
        "contentchecks.change_plainword",
        "contentchecks.delete_plainword",
        "contentchecks.view_plainword",
    ],
    CLINICIANS: [
        "wagtailadmin.access_admin",
        "cta.view_calltoaction",
        "editorial.view_review_report",
        "feedback.view_feedback_report",
        "contentchecks.add_plainword",
        "contentchecks.change_plainword",
        "contentchecks.view_plainword",
    ],
    MARKETING: [
        "wagtailadmin.access_admin",
        "cta.add_calltoaction",
        "cta.change_calltoaction",
        "cta.delete_calltoaction",
        "cta.publish_calltoaction",
        "cta.view_calltoaction",
        "wagtailsearchpromotions.add_searchpromotion",
        "wagtailsearchpromotions.change_searchpromotion",
        "wagtailsearchpromotions.delete_searchpromotion",
        "editorial.view_cta_click_report",
        "search.view_zeroresultquery",
        "feedback.view_feedback_report",
        "pageviews.view_page_performance_report",
        "experiments.add_experiment",
        "experiments.change_experiment",
        "experiments.view_experiment",
        "search.add_searchsynonym",
        "search.change_searchsynonym",
        "search.delete_searchsynonym",
        "search.view_searchsynonym",
        "blog.view_email_updates",
    ],
}

#: Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    EDITORS: ["wagtailimages.add_image", "wagtailimages.choose_image", "wagtaildocs.choose_document"],
    CLINICIANS: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
    MARKETING: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}

#: Page permissions: (group, which page, codenames). Permissions apply to the page and everything below it.
#: Marketing's "publish" reaches topic pages and articles too, but TopicPagePermissionTester refuses publishing,
#: unpublishing, deleting and moving a live or reviewed clinical page to everyone but superusers: such pages go
#: live only through the Clinical review workflow, and leave the site only by an administrator's decision.
PAGE_PERMISSIONS = [
    (EDITORS, "topic_index", ["add_page", "change_page"]),
    (CLINICIANS, "topic_index", ["change_page"]),
    (EDITORS, "blog_index", ["add_page", "change_page"]),
    (CLINICIANS, "blog_index", ["change_page"]),
    (MARKETING, "home", ["change_page", "publish_page"]),
    # Clinic pages (prices, the Good Faith Estimate, accessibility): editors write, clinicians approve.
    (EDITORS, "clinic_pages", ["change_page"]),
    (CLINICIANS, "clinic_pages", ["change_page"]),
]

DEMO_USERS = [
    # username, group, first name, last name, environment variable for the password
    ("editor", EDITORS, "Sam", "Rivera", "DEV_EDITOR_PASSWORD"),
    ("clinician", CLINICIANS, "Dr. Maya", "Okafor, MD", "DEV_CLINICIAN_PASSWORD"),
    ("marketer", MARKETING, "Jo", "Lee", "DEV_MARKETER_PASSWORD"),
]


def get_permission(label):
    """A Permission by "app_label.codename"."""
    app_label, codename = label.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        raise LookupError(f"No permission {label}")
    return permission


def ensure_all_permissions():
    """Django and Wagtail create permissions per app after migrate; make sure every app's exist now."""
    from wagtail.snippets.models import create_extra_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"))


def ensure_groups():
    from wagtail.models import Collection, GroupCollectionPermission

    groups = {}
    root_collection = Collection.get_first_root_node()
    for name, labels in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[get_permission(label) for label in labels])
        if root_collection is not None:
            for label in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=get_permission(label)
                )
        groups[name] = group
    return groups


def ensure_workflow(groups):
    from wagtail.models import Workflow, WorkflowTask

    from .models import ClinicalReviewTask

    task = ClinicalReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(groups[CLINICIANS])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    return workflow


def ensure_page_setup(groups, workflow):
    """Page permissions and the workflow's assignment, for the pages that exist so far."""
    from wagtail.models import GroupPagePermission, WorkflowPage

    from blog.models import BlogIndexPage
    from clinic.models import ClinicInfoPage
    from home.models import HomePage
    from topics.models import TopicIndexPage

    pages = {
        "home": list(HomePage.objects.all()),
        "topic_index": list(TopicIndexPage.objects.all()),
        "blog_index": list(BlogIndexPage.objects.all()),
        "clinic_pages": list(ClinicInfoPage.objects.all()),
    }
    for group_name, page_key, codenames in PAGE_PERMISSIONS:
        for page in pages[page_key]:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[group_name], page=page, permission=get_permission(f"wagtailcore.{codename}")
                )
    # Articles and clinic pages (they sit under the home page, each on its own) go through Clinical review like topics.
    for index in pages["topic_index"] + pages["blog_index"] + pages["clinic_pages"]:
        # A page keeps an existing assignment (an administrator may have chosen another workflow).
        if not WorkflowPage.objects.filter(page=index).exists():
            WorkflowPage.objects.create(page=index, workflow=workflow)


def ensure_editorial_setup():
    """Everything the three editorial roles need; returns the groups by name."""
    ensure_all_permissions()
    groups = ensure_groups()
    workflow = ensure_workflow(groups)
    ensure_page_setup(groups, workflow)
    return groups


def setup_after_translation(sender, source_obj, target_obj, **kwargs):
    """A translated home page, topic or blog index or clinic page gets the same group permissions and Clinical review
    workflow."""
    from blog.models import BlogIndexPage
    from clinic.models import ClinicInfoPage
    from home.models import HomePage
    from topics.models import TopicIndexPage

    if isinstance(target_obj, (HomePage, TopicIndexPage, BlogIndexPage, ClinicInfoPage)):
        ensure_editorial_setup()


def setup_after_migrate(sender, using="default", plan=None, apps=None, **kwargs):
    """post_migrate handler: only once the whole schema is in place (not on a partial or backwards migrate)."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    ensure_editorial_setup()


def ensure_demo_users(stdout):
    """Development only: one login per role, printed for whoever runs `make run`."""
    from django.contrib.auth import get_user_model

    if not settings.DEBUG:
        return
    user_model = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=MODEL_PERMISSIONS)}
    for username, group_name, first_name, last_name, env_var in DEMO_USERS:
        password = os.environ.get(env_var, f"clinic-demo-{username}")
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username, f"{username}@example.org", password, first_name=first_name, last_name=last_name
            )
            shown = password
        else:
            shown = "(password as set before)"
        user.groups.add(groups[group_name])
        stdout.write(f"Development {group_name} login: {username} / {shown} at /admin/")
