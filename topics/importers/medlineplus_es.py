"""Read and check the MedlinePlus en español health-topics JSON file (no database access).

The file is a JSON array of objects with `title`, `url` (https://medlineplus.gov/spanish/<name>.html),
`synonyms` ("también llamado"), `related_topic_urls` (other topics of the same file), `content_markdown`
(the summary with headings, lists and links), `attribution` (the agency that wrote it, or null) and
`english_id_inferred` (the id of the English topic with the same address, or null). It has no ids and no
groups: a topic is keyed on its address, and takes its groups from its English twin when the pages are written.
`load_spanish_topics()` checks the whole file and raises one `MedlinePlusError` listing every problem.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.text import slugify

from .markdown import BOLD_RE, HEADING_RE, LINK_RE, markdown_to_html
from .medlineplus import (
    MAX_TITLE_LENGTH,
    MedlinePlusError,
    check_each,
    clean_text,
    read_json,
    string_list,
    summarise,
    unique,
)

SPANISH_URL_RE = re.compile(r"^https://medlineplus\.gov/spanish/([a-z0-9_-]{1,45})\.html$")
MAX_ID_LENGTH = 50

SOURCE_NAME = "MedlinePlus, Biblioteca Nacional de Medicina de EE. UU."


@dataclass(frozen=True)
class SpanishTopic:
    """One Spanish health topic as it will appear on the site.

    `id` is made from the address ("es/acne"); `groups` and `english_id` link it to its English twin.
    """

    id: str
    title: str
    url: str
    also_called: tuple[str, ...]
    related_urls: tuple[str, ...]
    content_markdown: str
    attribution: str
    english_id: str
    groups: tuple[str, ...] = ()
    #: The English twin's MeSH descriptors (the Spanish file has none), set when the twin is found.
    mesh_terms: tuple[str, ...] = ()

    @property
    def summary(self):
        return summarise(plain_text(self.content_markdown))

    @property
    def overview_html(self):
        """The whole summary as safe HTML, ending with the agency that wrote it."""
        html = markdown_to_html(self.content_markdown, self.url)
        if self.attribution:
            html += f"<p>{escape(self.attribution)}</p>"
        return html

    @property
    def overview_heading(self):
        return f"Acerca de: {self.title}"

    @property
    def slug(self):
        return slugify(self.title)[:80] or self.id.replace("/", "-")


def plain_text(markdown):
    """The paragraphs and list items of `markdown` as plain text (headings, link targets and bold marks dropped)."""
    lines = [line for line in markdown.splitlines() if not HEADING_RE.match(line)]
    text = LINK_RE.sub(lambda match: match[1], "\n".join(lines))
    text = BOLD_RE.sub(lambda match: match[1], text)
    text = re.sub(r"^\s*([*+-]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    return clean_text(text)


def describe(index, record):
    label = f"record {index + 1}"
    if isinstance(record, dict):
        details = [str(record.get(field) or "").strip() for field in ("title", "url")]
        details = [repr(detail) for detail in details if detail]
        if details:
            label += f" ({', '.join(details)})"
    return label


def optional_text(value):
    return value is None or isinstance(value, str | int)


def check_record(index, record):
    """Problems with one record on its own (not counting duplicates or related topics)."""
    where = describe(index, record)
    if not isinstance(record, dict):
        return [f"{where}: is not a JSON object"]
    problems = []
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: has no title")
    elif len(title.strip()) > MAX_TITLE_LENGTH:
        problems.append(f"{where}: title is longer than {MAX_TITLE_LENGTH} characters")
    url = record.get("url")
    if not isinstance(url, str) or not SPANISH_URL_RE.match(url.strip()):
        problems.append(f"{where}: url must be a MedlinePlus en español address (https://medlineplus.gov/spanish/...)")
    content = record.get("content_markdown")
    if not isinstance(content, str) or not content.strip():
        problems.append(f"{where}: has no summary text (content_markdown)")
    for field in ("synonyms", "related_topic_urls"):
        if not string_list(record.get(field, [])):
            problems.append(f"{where}: {field} must be a list of text")
    for field in ("attribution", "english_id_inferred"):
        if not optional_text(record.get(field)):
            problems.append(f"{where}: {field} must be text or null")
    return problems


def parse_spanish_topics(records):
    """Check decoded JSON and return topics in file order, or raise MedlinePlusError listing every problem."""
    check_each(records, check_record)
    problems = []
    first_seen = {}
    for index, record in enumerate(records):
        url = record["url"].strip()
        if url in first_seen:
            problems.append(f"{describe(index, record)}: duplicate url, already used by record {first_seen[url] + 1}")
        else:
            first_seen[url] = index
    for index, record in enumerate(records):
        for url in record.get("related_topic_urls", []):
            if url.strip() not in first_seen:
                problems.append(f"{describe(index, record)}: related topic {url!r} is not in the file")
    if problems:
        raise MedlinePlusError(problems)

    return [
        SpanishTopic(
            id="es/" + SPANISH_URL_RE.match(record["url"].strip())[1],
            title=clean_text(record["title"]),
            url=record["url"].strip(),
            also_called=unique(record.get("synonyms", [])),
            related_urls=tuple(dict.fromkeys(url.strip() for url in record.get("related_topic_urls", []))),
            content_markdown=record["content_markdown"],
            attribution=clean_text(str(record.get("attribution") or "")),
            english_id=str(record.get("english_id_inferred") or "").strip(),
        )
        for record in records
    ]


def load_spanish_topics(path):
    """Read and check the Spanish JSON file."""
    return parse_spanish_topics(read_json(path))


def spanish_related_ids(topics):
    """{topic id: [ids of its related topics, in the file's order]}, resolved by address."""
    id_by_url = {topic.url: topic.id for topic in topics}
    return {
        topic.id: [id_by_url[url] for url in topic.related_urls if url in id_by_url and id_by_url[url] != topic.id]
        for topic in topics
    }
