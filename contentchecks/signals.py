"""Store a page's content-check results each time a revision of it is saved (for the "Content checks" report)."""


def store_checks(page, revision=None):
    """Check `page` (a page object: saved, or a revision's content) and keep the results as its row."""
    from .checks import check_page
    from .models import PageContentChecks

    checks = check_page(page)
    readability = checks.readability
    PageContentChecks.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "revision": revision,
            "language": checks.language,
            "reading_score": readability.grade if readability else None,
            "reading_ok": bool(readability is None or not readability.words or readability.meets_target),
            "long_sentences": checks.long_sentences,
            "jargon_hits": checks.jargon_hits,
            "missing_safety": checks.missing_safety,
            "warnings": len(checks.warnings),
            "results": [result.as_dict() for result in checks.results],
        },
    )
    return checks


def checked_page_types():
    from blog.models import ArticlePage
    from topics.models import TopicPage

    return (TopicPage, ArticlePage)


def store_checks_for_revision(sender, instance, created=False, raw=False, **kwargs):
    """post_save of a Revision: a new revision of a topic or an article is checked from its own content."""
    if raw or not created:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or not issubclass(model, checked_page_types()):
        return
    page = instance.as_object()
    if page.pk is not None:
        store_checks(page, instance)
