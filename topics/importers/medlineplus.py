"""Read and check a MedlinePlus health-topics JSON file (no database access).

The file is a JSON array of objects with `id`, `title`, `url`, `synonyms`,
`groups`, `related_topics` (titles of other topics in the same file),
`content` (the topic's summary as plain text) and `mesh_terms` (MeSH descriptor headings, optional).
`load_topics()` checks the whole file and raises one `MedlinePlusError` listing every problem, so nothing is
written from a file that is only partly usable.
"""

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.utils.html import escape
from django.utils.text import slugify

from ..codes import MESH, CodeError, normalise

#: Page summaries are whole sentences up to about this many characters (the field allows 400).
SUMMARY_TARGET_LENGTH = 300
#: The condition overview gathers sentences into paragraphs of about this length.
PARAGRAPH_TARGET_LENGTH = 500
MAX_TITLE_LENGTH = 255
MAX_URL_LENGTH = 200
MAX_GROUP_NAME_LENGTH = 100
MAX_ID_LENGTH = 50

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?)])")


class MedlinePlusError(Exception):
    """The file cannot be imported; `problems` names each bad record."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class MedlinePlusTopic:
    """One health topic as it will appear on the site."""

    id: str
    title: str
    url: str
    also_called: tuple[str, ...]
    groups: tuple[str, ...]
    related_titles: tuple[str, ...]
    content: str
    #: The full summary as sanitised HTML (medlineplus_summaries), when the summaries file has this topic.
    summary_html: str = ""
    #: MeSH descriptor headings (`mesh_terms`), kept on the page as codes of system MeSH.
    mesh_terms: tuple[str, ...] = ()

    @property
    def summary(self):
        return summarise(self.content)

    @property
    def overview_html(self):
        """The full summary for the condition overview block, without repeating the page's summary first.

        The sanitised HTML when there is one (its lists and links kept), else the text as escaped paragraphs."""
        if self.summary_html:
            return without_summary(self.summary_html, self.summary)
        text_sentences = sentences(self.content)
        summary = self.summary
        shown = 0
        while shown < len(text_sentences) and len(" ".join(text_sentences[: shown + 1])) <= len(summary):
            shown += 1
        rest = " ".join(text_sentences[shown:]) if not summary.endswith("…") else ""
        return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs(rest or self.content))

    @property
    def overview_heading(self):
        return f"About {self.title}"

    @property
    def slug(self):
        return slugify(self.title)[:80] or f"medlineplus-{self.id}"


def clean_text(text):
    """Collapse whitespace and drop the spaces the HTML-to-text step left before punctuation."""
    return SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", " ".join(text.split()))


def sentences(text):
    return [sentence for sentence in SENTENCE_END_RE.split(clean_text(text)) if sentence]


def summarise(text, limit=SUMMARY_TARGET_LENGTH):
    """Whole sentences up to `limit` characters; a first sentence that is too long is cut at a word."""
    summary = ""
    for sentence in sentences(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if not summary:
        first = clean_text(text)
        summary = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def paragraphs(text, target=PARAGRAPH_TARGET_LENGTH):
    """Sentences gathered into paragraphs of about `target` characters."""
    result, current = [], ""
    for sentence in sentences(text):
        if current and len(current) + len(sentence) > target:
            result.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        result.append(current)
    return result


def without_summary(html, summary):
    """The overview HTML without the page's summary repeated as its first paragraph (or its start).

    Kept whole when nothing would be left."""
    match = re.match(r"\s*<p>(.*?)</p>", html, re.S)
    summary = clean_text(summary)
    if match is None or not summary:
        return html
    inner = match.group(1)
    first = clean_text(unescape(re.sub(r"<[^>]+>", "", inner)))
    rest = html[match.end() :].lstrip()
    if first and summary.startswith(first) and rest:
        return rest
    if first.startswith(summary) and "<" not in inner:
        remainder = first[len(summary) :].strip()
        if remainder:
            return f"<p>{escape(remainder)}</p>{rest}"
    return html


def title_key(title):
    """Titles match related topics regardless of case and spacing."""
    return clean_text(title).lower()


def describe(index, record):
    """How a record is named in messages: its position, and its id and title when it has them."""
    label = f"record {index + 1}"
    if isinstance(record, dict):
        topic_id, title = str(record.get("id") or "").strip(), str(record.get("title") or "").strip()
        details = [f"id {topic_id!r}" if topic_id else "", repr(title) if title else ""]
        details = [detail for detail in details if detail]
        if details:
            label += f" ({', '.join(details)})"
    return label


def string_list(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def check_record(index, record):
    """Problems with one record on its own (not counting duplicates or related topics)."""
    where = describe(index, record)
    if not isinstance(record, dict):
        return [f"{where}: is not a JSON object"]
    problems = []
    for field, limit in (("id", MAX_ID_LENGTH), ("title", MAX_TITLE_LENGTH)):
        value = record.get(field)
        if not isinstance(value, str | int) or not str(value).strip():
            problems.append(f"{where}: has no {field}")
        elif len(str(value).strip()) > limit:
            problems.append(f"{where}: {field} is longer than {limit} characters")
    url = record.get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        problems.append(f"{where}: has no web address (url)")
    elif len(url) > MAX_URL_LENGTH:
        problems.append(f"{where}: url is longer than {MAX_URL_LENGTH} characters")
    content = record.get("content")
    if not isinstance(content, str) or not content.strip():
        problems.append(f"{where}: has no summary text (content)")
    for field in ("synonyms", "groups", "related_topics", "mesh_terms"):
        if not string_list(record.get(field, [])):
            problems.append(f"{where}: {field} must be a list of text")
    if string_list(record.get("mesh_terms", [])):
        for term in record.get("mesh_terms", []):
            try:
                normalise(MESH, term)
            except CodeError as error:
                problems.append(f"{where}: mesh_terms: {error}")
    if string_list(record.get("groups", [])):
        for name in record.get("groups", []):
            if len(name.strip()) > MAX_GROUP_NAME_LENGTH:
                problems.append(f"{where}: group {name[:40]!r}... is longer than {MAX_GROUP_NAME_LENGTH} characters")
    return problems


def unique(values):
    """Stripped, non-empty values in their first order, without repeats."""
    seen = {}
    for value in values:
        value = value.strip()
        if value and value.lower() not in seen:
            seen[value.lower()] = value
    return tuple(seen.values())


def check_each(records, check_record):
    """Raise MedlinePlusError unless `records` is a list whose every record passes `check_record`."""
    if not isinstance(records, list):
        raise MedlinePlusError(["the file must hold a JSON array of topics"])
    problems = [problem for index, record in enumerate(records) for problem in check_record(index, record)]
    if problems:
        raise MedlinePlusError(problems)


def parse_topics(records):
    """Check decoded JSON and return topics in file order, or raise MedlinePlusError listing every problem."""
    check_each(records, check_record)
    problems = []
    first_seen = {}
    titles = {}
    for index, record in enumerate(records):
        topic_id = str(record["id"]).strip()
        if topic_id in first_seen:
            where = describe(index, record)
            problems.append(f"{where}: duplicate id, already used by record {first_seen[topic_id] + 1}")
        else:
            first_seen[topic_id] = index
        titles.setdefault(title_key(record["title"]), topic_id)
    for index, record in enumerate(records):
        for title in record.get("related_topics", []):
            if title.strip() and title_key(title) not in titles:
                problems.append(f"{describe(index, record)}: related topic {title!r} is not in the file")
    if problems:
        raise MedlinePlusError(problems)

    return [
        MedlinePlusTopic(
            id=str(record["id"]).strip(),
            title=clean_text(record["title"]),
            url=record["url"].strip(),
            also_called=unique(record.get("synonyms", [])),
            groups=unique(record.get("groups", [])),
            related_titles=unique(record.get("related_topics", [])),
            content=record["content"],
            mesh_terms=unique(record.get("mesh_terms", [])),
        )
        for record in records
    ]


def read_json(path):
    """The decoded JSON of `path`; raises MedlinePlusError for a missing, unreadable or invalid file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MedlinePlusError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise MedlinePlusError([f"{path}: cannot be read ({error})"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise MedlinePlusError([f"{path}: not valid JSON ({error})"]) from None


def load_topics(path):
    """Read and check a MedlinePlus JSON file."""
    return parse_topics(read_json(path))


def related_ids(topics):
    """{topic id: [ids of its related topics, in the file's order]}, resolved by title."""
    id_by_title = {}
    for topic in topics:
        id_by_title.setdefault(title_key(topic.title), topic.id)
    result = {}
    for topic in topics:
        ids = (id_by_title[title_key(title)] for title in topic.related_titles)
        result[topic.id] = list(dict.fromkeys(i for i in ids if i != topic.id))
    return result
