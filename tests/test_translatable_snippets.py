"""Topic groups and calls to action are translatable snippets: one per language, linked by a translation key."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Locale

from cta.models import CallToAction
from tests.conftest import ensure_locales
from tests.factories import CallToActionFactory, TopicGroupFactory
from topics.models import TopicGroup


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


@pytest.mark.django_db(transaction=True)
def test_existing_groups_and_calls_to_action_get_the_default_locale_and_their_own_keys():
    before = [("topics", "0008_translatable_bootstrap"), ("cta", "0002_translatable_bootstrap")]
    after = [("topics", "0010_translatable"), ("cta", "0004_translatable")]
    ensure_locales()  # as Wagtail's migrations made them; an earlier transactional test may have flushed them
    try:
        apps = migrate(*before)
        group_model = apps.get_model("topics", "TopicGroup")
        cta_model = apps.get_model("cta", "CallToAction")
        for n in range(3):
            group_model.objects.create(name=f"Group {n}", slug=f"group-{n}")
            cta_model.objects.create(
                name=f"CTA {n}", heading="Talk to us", button_label="Book", link_url="https://x.org/"
            )
        assert group_model.objects.filter(locale__isnull=True, translation_key__isnull=True).count() == 3

        apps = migrate(*after)
        english = Locale.objects.get(language_code="en")
        for model in (apps.get_model("topics", "TopicGroup"), apps.get_model("cta", "CallToAction")):
            rows = list(model.objects.values_list("locale_id", "translation_key"))
            assert len(rows) == 3
            assert {locale_id for locale_id, _key in rows} == {english.pk}, model
            assert len({key for _locale, key in rows}) == 3 and None not in {key for _l, key in rows}, model
    finally:
        migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_names_and_slugs_are_unique_within_a_language_only():
    group = TopicGroupFactory(name="Nerve pain", slug="nerve-pain")
    cta = CallToActionFactory(name="Book a consultation")
    spanish = Locale.objects.get(language_code="es")
    twin = group.copy_for_translation(spanish)
    twin.save()  # same name and slug, other language
    cta_twin = cta.copy_for_translation(spanish)
    cta_twin.save()
    assert twin.translation_key == group.translation_key and twin.locale == spanish
    assert cta_twin.get_translation(group.locale) == cta
    with transaction.atomic(), pytest.raises(IntegrityError):
        TopicGroupFactory(name="Nerve pain", slug="nerve-pain-2")
    with transaction.atomic(), pytest.raises(IntegrityError):
        CallToActionFactory(name="Book a consultation")


@pytest.mark.django_db
@pytest.mark.parametrize("model, make", [(TopicGroup, TopicGroupFactory), (CallToAction, CallToActionFactory)])
def test_editors_translate_a_snippet_in_the_admin(admin_client, model, make):
    snippet = make()
    spanish = Locale.objects.get(language_code="es")
    meta = model._meta
    listing = admin_client.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"))
    url = reverse("simple_translation:submit_snippet_translation", args=[meta.app_label, meta.model_name, snippet.pk])
    assert url in listing.content.decode()

    response = admin_client.post(url, {"locales": [spanish.pk]})

    assert response.status_code == 302
    twin = model.objects.get(translation_key=snippet.translation_key, locale=spanish)
    assert twin.pk != snippet.pk and twin.name == snippet.name
