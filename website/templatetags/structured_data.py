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
