"""A topic made with "Translate" (wagtail.contrib.simple_translation) starts as a copy of the English page, still in
the English groups, with English related topics, treatment links and calls to action. Each is swapped here for its
counterpart in the new page's language; one that has no counterpart yet is left out (never the English one kept),
and the content check "Links to another language" (contentchecks.checks) lists it from the English page until an
editor translates it and adds it.
"""

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue

from .models import RelatedTopic, TopicPage, TreatmentLink


def counterpart(obj, locale):
    """`obj`'s translation in `locale`, `obj` itself when it is in `locale` already, or None."""
    if obj is None:
        return None
    if obj.locale_id == locale.pk:
        return obj
    return obj.get_translation_or_none(locale)


def counterparts_missing(page, source):
    """[(what, English title)] of what the English `source` links to that has no counterpart in `page`'s locale."""
    locale = page.locale
    missing = [("group", group.name) for group in source.groups.all() if counterpart(group, locale) is None]
    missing += [
        ("related topic", link.related_page.title)
        for link in source.related_topic_links.select_related("related_page")
        if counterpart(link.related_page, locale) is None
    ]
    missing += [
        ("treatment link", link.linked_topic.title)
        for link in source.treatment_links.select_related("linked_topic")
        if counterpart(link.linked_topic, locale) is None
    ]
    missing += [
        ("call to action", cta.name) for cta in calls_to_action(source.body) if counterpart(cta, locale) is None
    ]
    return missing


def calls_to_action(body):
    """The calls to action a body places (call-to-action blocks, a pre-screen's booking button)."""
    found = []
    for block in body or []:
        value = block.value
        if hasattr(value, "get") and value.get("call_to_action") is not None:
            found.append(value["call_to_action"])
    return found


def localised_body(body, locale):
    """The body with every page and snippet it chooses (calls to action, a comparison's treatment pages) swapped
    for its counterpart in `locale`: a call-to-action block without one is left out; elsewhere the choice is emptied
    (a required one, such as a pre-screen's booking button, must then be chosen before the page can be saved)."""
    blocks = []
    for block in body or []:
        value = localised_value(block.value, locale)
        if block.block_type == "call_to_action" and value.get("call_to_action") is None:
            continue
        blocks.append((block.block_type, value, block.id))
    return StreamValue(body.stream_block, blocks)


def localised_value(value, locale):
    if hasattr(value, "get_translation_or_none"):
        return counterpart(value, locale)
    if isinstance(value, StructValue):
        for key, child in list(value.items()):
            value[key] = localised_value(child, locale)
    elif isinstance(value, ListValue):
        for number, child in enumerate(list(value)):
            value[number] = localised_value(child, locale)
    return value


def localise(page):
    """Swap everything `page` (a fresh translation) points at for its counterpart in its own language."""
    locale = page.locale
    page.groups = [twin for twin in (counterpart(g, locale) for g in page.groups.all()) if twin is not None]
    related, treatments = [], []
    for link in page.related_topic_links.all():
        twin = counterpart(link.related_page, locale)
        if twin is not None and twin.pk != page.pk:
            related.append(RelatedTopic(related_page=twin, sort_order=link.sort_order))
    for link in page.treatment_links.all():
        twin = counterpart(link.linked_topic, locale)
        if twin is not None:
            treatments.append(
                TreatmentLink(linked_topic=twin, how_it_helps=link.how_it_helps, sort_order=link.sort_order)
            )
    page.related_topic_links = related
    page.treatment_links = treatments
    page.body = localised_body(page.body, locale)


def use_counterparts_in_translation(sender, source_obj, target_obj, **kwargs):
    """copy_for_translation_done: the new topic, row and revision, points only at pages and snippets in its own
    language."""
    if not isinstance(target_obj, TopicPage):
        return
    page = TopicPage.objects.get(pk=target_obj.pk)
    localise(page)
    page.save()
    revision = page.latest_revision
    if revision is not None:
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])
