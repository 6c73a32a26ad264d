from django import template

from ..checks import check_page, check_revision

register = template.Library()


@register.inclusion_tag("contentchecks/includes/summary.html")
def content_checks_summary(page=None, revision=None):
    """The checks of a revision (the version a clinician reviews) or of a page (the draft an editor sees)."""
    if revision is not None:
        checks = check_revision(revision)
    elif page is not None and hasattr(page, "body"):
        checks = check_page(page)
    else:
        checks = None
    return {"checks": checks}
