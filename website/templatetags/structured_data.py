"""Render schema.org JSON-LD safely inside a <script> element."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# JSON is valid inside <script> only if nothing in it can close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


#: schema.org types that take `inLanguage` (CreativeWork and its kinds used on this site).
PAGE_TYPES = {"WebPage", "MedicalWebPage", "FAQPage", "AboutPage", "ContactPage", "SearchResultsPage"}


def with_language(data, language):
    """`data` with `inLanguage` on every page node; a plain WebPage when the page has no structured data."""
    if not data:
        return {"@context": "https://schema.org", "@type": "WebPage", "inLanguage": language}
    nodes = data if isinstance(data, list) else data.get("@graph", [data])
    for node in nodes:
        if node.get("@type") in PAGE_TYPES:
            node.setdefault("inLanguage", language)
    return data


@register.simple_tag(takes_context=True)
def page_json_ld(context, language):
    """Every page's JSON-LD (base.html): its `structured_data`, each page node in the page's language."""
    data = with_language(context.get("structured_data"), language)
    page = context.get("page")
    if isinstance(data, dict) and data.get("@type") == "WebPage" and "name" not in data and getattr(page, "title", ""):
        data["name"] = page.title
    return json_ld(data)
