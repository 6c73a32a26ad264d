"""A small Markdown-to-safe-HTML converter for the subset MedlinePlus summaries use.

Handles `#`-headings (rendered as <h3>), `*`/`+`/`-` bullet lists, numbered lists, `**bold**` and
`[text](url)` links. Every piece of text is escaped; a link is kept only when it points to
https://medlineplus.gov (relative links are read against the topic's own address), otherwise only its
text is kept. Anything else is treated as plain text.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.utils.html import escape

ALLOWED_LINK_HOSTS = {"medlineplus.gov", "www.medlineplus.gov"}

HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
BULLET_RE = re.compile(r"^\s*[*+-]\s+(.*)$")
NUMBERED_RE = re.compile(r"^\s*\d+[.)]\s+(.*)$")
LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def safe_link(href, base_url):
    """The absolute MedlinePlus address `href` points to, or None when it leaves MedlinePlus."""
    absolute = urljoin(base_url, href.strip())
    parts = urlsplit(absolute)
    if parts.scheme == "http" and parts.hostname in ALLOWED_LINK_HOSTS:
        absolute = "https" + absolute[4:]
    elif parts.scheme != "https" or parts.hostname not in ALLOWED_LINK_HOSTS:
        return None
    return absolute


def inline(text, base_url):
    """Escaped inline text with bold and MedlinePlus links."""
    html, position = [], 0
    for match in LINK_RE.finditer(text):
        html.append(emphasis(text[position : match.start()]))
        label = emphasis(match[1])
        href = safe_link(match[2], base_url)
        html.append(f'<a href="{escape(href)}">{label}</a>' if href else label)
        position = match.end()
    html.append(emphasis(text[position:]))
    return "".join(html).strip()


def emphasis(text):
    return BOLD_RE.sub(lambda match: f"<b>{match[1]}</b>", escape(text)).replace("**", "")


def markdown_to_html(markdown, base_url=""):
    """Safe HTML for `markdown`: paragraphs, <h3> headings, <ul>/<ol> lists, bold and MedlinePlus links."""
    blocks, paragraph, items, list_tag = [], [], [], None

    def close_paragraph():
        if paragraph:
            text = inline(" ".join(paragraph), base_url)
            if text:
                blocks.append(f"<p>{text}</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if items:
            blocks.append(f"<{list_tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag = None

    for line in markdown.splitlines():
        if not line.strip():
            close_paragraph()
            continue
        heading = HEADING_RE.match(line)
        bullet = BULLET_RE.match(line)
        numbered = None if bullet else NUMBERED_RE.match(line)
        if heading:
            close_paragraph()
            close_list()
            text = inline(heading[1], base_url)
            if text:
                blocks.append(f"<h3>{text}</h3>")
        elif bullet or numbered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                list_tag = tag
            items.append(inline((bullet or numbered)[1], base_url))
        else:
            if items:
                close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return "".join(blocks)
