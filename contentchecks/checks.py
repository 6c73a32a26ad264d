"""The content checks: one set of rules for the editor's Checks panel, the userbar, clinical review and the report.

`check_page(page)` runs every rule on a page (a saved page, a revision's object or the unsaved preview object) and
returns a `PageChecks`: the results, each a `Result` (rule id, level, message in the editor's words, the offending
text, a suggestion), and the reading score. Everything is worked out here, on the server; the browser only finds the
offending elements in the rendered page (see `contentchecks.userbar` and static/contentchecks/checks.js).

Thresholds (see docs/editors.md, "Content checks"):
- a sentence is long above 25 words in English and 20 in Spanish;
- the reading score misses its target above Flesch-Kincaid grade 8 (English) or below INFLESZ 55 (Spanish),
  from topics.readability;
- jargon is any "Plain words" entry of the page's language, matched as a whole word in any case.

Adding a rule: write a function taking (page, context) and yielding `Result`s, decorate it with `@rule(...)` giving
its id, the heading editors read in the Checks panel, and how the browser finds the offending element (`locate`).
"""

import re
from dataclasses import asdict, dataclass, field
from html import unescape

from django.utils.html import strip_tags

from topics.readability import SENTENCE_END_RE, SPANISH_WORD_RE, WORD_RE, page_readability
from website.languages import language_code_of

#: A sentence longer than this many words is flagged, per language.
LONG_SENTENCE_WORDS = {"en": 25, "es": 20}
#: How many words of a sentence the message quotes.
EXCERPT_WORDS = 12

#: Link texts that say nothing about where the link goes, per language (compared without case or end punctuation).
VAGUE_LINK_TEXTS = {
    "en": {"click here", "here", "click", "read more", "more", "this link", "link", "this page"},
    "es": {
        "haga clic aquí",
        "haga clic aqui",
        "haz clic aquí",
        "pulse aquí",
        "aquí",
        "aqui",
        "más",
        "leer más",
        "este enlace",
        "enlace",
    },
}
BARE_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
FILE_NAME_RE = re.compile(
    r"\.(?:avif|bmp|gif|heic|jpe?g|png|svg|tiff?|webp)$|^(?:img|dsc|pxl|photo|image)[-_ ]?\d+|^\S*_\S*$", re.IGNORECASE
)
LINK_RE = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
#: Headings that count as a treatment's "what to expect" or risks section.
TREATMENT_SECTION_RE = re.compile(
    r"what to expect|risk|side effect|qu[eé] esperar|riesgo|efectos? secundari", re.IGNORECASE
)

LEVEL_WARNING = "warning"

#: Common short words of each language, none shared by the other: a text's language is the one whose words it uses
#: most. A stop-word ratio is crude but enough to tell a page still in English from one in Spanish.
STOP_WORDS = {
    "en": set(
        "the and of to is are you your it this that with for be can have not or what when how we our will may "
        "on at from by an as if they more about who which these there".split()
    ),
    "es": set(
        "el la los las de del que y en es son un una por para con su sus se lo le al como más pero puede usted "
        "este esta qué cuando también muy hay ustedes nuestro nuestra puede pueden".split()
    ),
}
#: Below this many words the language is not judged (a title alone says too little).
LANGUAGE_MIN_WORDS = 20
#: Rules whose results no confirmation can approve past (the approval form and the workflow task refuse).
BLOCKING_RULES = {"clinic-page-language"}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

#: Rules in the order they run (and are listed): filled by @rule.
RULES = []


@dataclass(frozen=True)
class Result:
    rule: str
    message: str
    excerpt: str = ""
    suggestion: str = ""
    #: The text the browser looks for to point at the offending element (see Rule.locate).
    locator: str = ""
    level: str = LEVEL_WARNING

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class Rule:
    """A check and what the Checks panel shows for it.

    `locate` says how the browser finds the offending element for each result's `locator`:
    "text" (a paragraph, list item or heading holding that text), "word" (one holding that whole word),
    "alt" (an image with that alt text), "link" (a link with that text) or "page" (the page's main heading:
    the result is about the page as a whole).
    """

    id: str
    title: str
    locate: str
    check: object = field(compare=False)
    safety: bool = False


def rule(rule_id, title, locate="page", safety=False):
    def register(function):
        RULES.append(Rule(rule_id, title, locate, function, safety))
        return function

    return register


def normalise(text):
    """Plain text with tags removed, entities decoded and white space collapsed."""
    return " ".join(unescape(strip_tags(text or "")).split())


def excerpt_of(text, words=EXCERPT_WORDS):
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def source_of(value):
    """The stored HTML of a rich text value, or the string itself."""
    return getattr(value, "source", value) if value is not None else ""


def text_pieces(page):
    """[(where, html)] for the title, summary and every text field of the body, in reading order."""
    pieces = [("Title", page.title or "")]
    if getattr(page, "summary", ""):
        pieces.append(("Summary", page.summary))
    body = getattr(page, "body", None)
    for block in body or []:
        label = block.block.label or block.block_type
        for text in block_texts(block.block, block.value):
            pieces.append((label, text))
    return [(where, text) for where, text in pieces if text]


def block_texts(block, value):
    """Every piece of text of a block value (rich text as HTML, so links can be read), depth first."""
    from wagtail import blocks

    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from block_texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value or []:
            yield from block_texts(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value or []:
            yield from block_texts(child.block, child.value)
    elif isinstance(block, blocks.RichTextBlock):
        yield source_of(value)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield value or ""


def sentences_of(html):
    """The sentences of one piece of text (a piece always ends a sentence, like a heading)."""
    text = normalise(html)
    if not text:
        return []
    pieces, start = [], 0
    for match in SENTENCE_END_RE.finditer(text):
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


class Context:
    """What the rules share for one page: its language, text pieces and the plain words of its language."""

    def __init__(self, page, plain_words=None):
        self.language = language_code_of(page.locale_id) if getattr(page, "locale_id", None) else "en"
        self.pieces = text_pieces(page)
        self._plain_words = plain_words
        self.readability = page_readability(page)

    @property
    def plain_words(self):
        """[(term, alternative)] of the page's language, read fresh from the database (no cache: a word an editor
        just added is suggested on the next check)."""
        if self._plain_words is None:
            from .models import PlainWord

            self._plain_words = list(
                PlainWord.objects.filter(language=self.language).values_list("term", "plain_alternative")
            )
        return self._plain_words


def is_topic(page):
    from topics.models import TopicPage

    return isinstance(page, TopicPage)


def is_clinic_topic(page):
    from topics.models import TopicPage

    return is_topic(page) and page.source == TopicPage.SOURCE_CLINIC


def block_types(page):
    return [block.block_type for block in getattr(page, "body", None) or []]


@rule("clinic-long-sentence", "Long sentence", locate="text")
def long_sentences(page, context):
    limit = LONG_SENTENCE_WORDS.get(context.language, LONG_SENTENCE_WORDS["en"])
    word_re = SPANISH_WORD_RE if context.language == "es" else WORD_RE
    for where, html in context.pieces:
        for sentence in sentences_of(html):
            words = len(word_re.findall(sentence))
            if words > limit:
                excerpt = excerpt_of(sentence)
                yield Result(
                    "clinic-long-sentence",
                    f"{where}: this sentence has {words} words (aim for {limit} or fewer). Split it in two.",
                    excerpt=excerpt,
                    locator=excerpt_of(sentence, 6).rstrip("…"),
                )


@rule("clinic-reading-grade", "Hard to read")
def reading_grade(page, context):
    readability = context.readability
    if readability.words and not readability.meets_target:
        yield Result(
            "clinic-reading-grade",
            f"{readability.label} is {readability.grade} ({readability.formula}; {readability.target_text}). "
            "Use shorter sentences and everyday words.",
            excerpt=str(readability.grade),
        )


@rule("clinic-jargon", "Medical word with a plainer alternative", locate="word")
def jargon(page, context):
    for term, alternative in context.plain_words:
        # A plural counts too ("analgesics", "analgésicos"); the browser looks for the form found.
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?:e?s)?(?!\w)", re.IGNORECASE)
        for where, html in context.pieces:
            for match in pattern.finditer(normalise(html)):
                yield Result(
                    "clinic-jargon",
                    f"{where}: “{match.group(0)}” may be unfamiliar. Say “{alternative}”.",
                    excerpt=match.group(0),
                    suggestion=alternative,
                    locator=match.group(0).lower(),
                )


@rule("clinic-care-card", "No urgent-help care card", safety=True)
def condition_without_care_card(page, context):
    from topics.models import TopicPage

    if is_clinic_topic(page) and page.kind == TopicPage.KIND_CONDITION and "urgent_help" not in block_types(page):
        yield Result(
            "clinic-care-card",
            "This condition page has no urgent-help (care card) block. Add one that says when to get help right away.",
        )


def has_treatment_section(page):
    from topics.models import section_heading

    for block in getattr(page, "body", None) or []:
        if block.block_type == "treatment_explanation":
            return True
        if TREATMENT_SECTION_RE.search(section_heading(block)):
            return True
    return False


@rule("clinic-treatment-section", "No “what to expect” or risks section", safety=True)
def treatment_without_expectations(page, context):
    from topics.models import TopicPage

    if is_clinic_topic(page) and page.kind == TopicPage.KIND_TREATMENT and not has_treatment_section(page):
        yield Result(
            "clinic-treatment-section",
            "This treatment page does not say what to expect or what the risks are. Add a treatment explanation "
            "block, or a section headed “What to expect” or “Risks”.",
        )


@rule("clinic-image-alt", "Image description needs work", locate="alt")
def image_alt_text(page, context):
    for block in getattr(page, "body", None) or []:
        if block.block_type != "image":
            continue
        alt = " ".join((block.value.get("alt_text") or "").split())
        caption = " ".join((block.value.get("caption") or "").split())
        if not alt:
            message = "An image has no description (alt text). Say what it shows for people who cannot see it."
        elif FILE_NAME_RE.search(alt):
            message = f"An image's description “{alt}” looks like a file name. Say what the image shows."
        elif caption and alt.casefold() == caption.casefold():
            message = f"An image's description repeats its caption (“{alt}”). Describe what the image shows."
        else:
            continue
        yield Result("clinic-image-alt", message, excerpt=alt, locator=alt)


@rule("clinic-link-text", "Link text does not say where it goes", locate="link")
def vague_links(page, context):
    vague = VAGUE_LINK_TEXTS["en"] | VAGUE_LINK_TEXTS.get(context.language, set())
    for where, html in context.pieces:
        for match in LINK_RE.finditer(html):
            text = normalise(match.group(1))
            if text.casefold().rstrip(".:!") in vague:
                message = f"{where}: a link reads “{text}”. Use words that say where it goes."
            elif BARE_URL_RE.match(text):
                message = f"{where}: a link shows a bare web address ({text}). Name the page it leads to."
            else:
                continue
            yield Result("clinic-link-text", message, excerpt=text, locator=text)


@rule("clinic-topic-fields", "Topic details missing")
def topic_fields(page, context):
    if not is_clinic_topic(page):
        return
    if not (page.summary or "").strip():
        yield Result("clinic-topic-fields", "The topic has no summary. Write two plain sentences about it.")
    if not (page.also_called or "").strip():
        yield Result(
            "clinic-topic-fields",
            "The topic has no “also called” names. List the other names patients use, one per line.",
        )


def language_shares(text):
    """{language code: share of the text's words that are that language's common words}, and the word count."""
    words = [word.casefold() for word in SPANISH_WORD_RE.findall(text)]
    if not words:
        return {code: 0.0 for code in STOP_WORDS}, 0
    return {code: sum(word in common for word in words) / len(words) for code, common in STOP_WORDS.items()}, len(words)


def page_text_for_language(page, context):
    """All the words patients read on the page: title, summary, body and the treatment lines."""
    texts = [normalise(html) for _where, html in context.pieces]
    if is_topic(page):
        texts += [link.how_it_helps for link in page.treatment_links.all()]
    return " ".join(texts)


@rule("clinic-page-language", "Written in another language")
def page_language(page, context):
    shares, words = language_shares(page_text_for_language(page, context))
    expected = context.language
    if words < LANGUAGE_MIN_WORDS or expected not in shares:
        return
    found = max(shares, key=shares.get)
    if found != expected and shares[found] > shares[expected]:
        expected_name, found_name = LANGUAGE_NAMES.get(expected, expected), LANGUAGE_NAMES.get(found, found)
        yield Result(
            "clinic-page-language",
            f"This {expected_name} page reads as {found_name}: {shares[found]:.0%} of its {words} words are common "
            f"{found_name} words, {shares[expected]:.0%} common {expected_name} ones (a stop-word count). Translate "
            "it first: a clinician cannot approve it in the wrong language.",
            excerpt=f"{found_name} {shares[found]:.0%}",
        )


@rule("clinic-other-language", "Links to another language")
def other_language_links(page, context):
    """On a topic: groups, related topics and calls to action in another language than the page, treatment links
    with no version in its language, and, on a translation, what the English page links to that has no counterpart
    in this language yet."""
    if not is_topic(page) or not getattr(page, "locale_id", None):
        return
    from topics.translation import calls_to_action, counterpart, counterparts_missing

    linked = [("group", group, group.name) for group in page.groups.all()]
    linked += [("related topic", link.related_page, link.related_page.title) for link in page.related_topic_links.all()]
    linked += [("call to action", cta, cta.name) for cta in calls_to_action(page.body)]
    language = LANGUAGE_NAMES.get(context.language, context.language)
    for link in page.treatment_links.all():
        # Shown as the linked topic's version in this page's language (TopicPage.care_links): only a missing one counts.
        if link.linked_topic.locale_id != page.locale_id and counterpart(link.linked_topic, page.locale) is None:
            yield Result(
                "clinic-other-language",
                f"The treatment link “{link.linked_topic.title}” has no {language} version yet, so it is not shown. "
                "Translate it, or remove the link.",
                excerpt=link.linked_topic.title,
            )
    for what, obj, name in linked:
        if obj.locale_id != page.locale_id:
            other = LANGUAGE_NAMES.get(language_code_of(obj.locale_id), "another language")
            yield Result(
                "clinic-other-language",
                f"The {what} “{name}” is in {other}. Choose its {language} version instead.",
                excerpt=name,
            )
    source = page.english_source() if page.pk else None
    if source is not None:
        for what, name in counterparts_missing(page, source):
            yield Result(
                "clinic-other-language",
                f"The English page has the {what} “{name}”, which has no {language} version yet. Translate it, "
                "then add it here.",
                excerpt=name,
            )


@rule("clinic-cta-self-link", "Call to action links to this page")
def call_to_action_to_itself(page, context):
    """A button that reloads the page it is on ("Learn about tapering" on the tapering page) leads nowhere."""
    if not getattr(page, "pk", None):
        return
    from topics.translation import calls_to_action

    for cta in calls_to_action(getattr(page, "body", None)):
        if cta.link_page_id == page.pk:
            yield Result(
                "clinic-cta-self-link",
                f"The call to action “{cta.name}” links to this page itself. Choose another call to action, or "
                "remove it here.",
                excerpt=cta.name,
            )


@dataclass
class PageChecks:
    """Every rule's results for one page, with the reading score they were judged on."""

    language: str
    readability: object
    results: list

    @property
    def warnings(self):
        return [result for result in self.results if result.level == LEVEL_WARNING]

    def count(self, rule_id):
        return sum(1 for result in self.results if result.rule == rule_id)

    @property
    def long_sentences(self):
        return self.count("clinic-long-sentence")

    @property
    def jargon_hits(self):
        return self.count("clinic-jargon")

    @property
    def blocking(self):
        """Results no confirmation can approve past (BLOCKING_RULES)."""
        return [result for result in self.results if result.rule in BLOCKING_RULES]

    @property
    def missing_safety(self):
        safety = {r.id for r in RULES if r.safety}
        return sum(1 for result in self.results if result.rule in safety)

    def by_rule(self):
        """[(Rule, [Result])] for the rules that found something, in rule order."""
        grouped = [(r, [result for result in self.results if result.rule == r.id]) for r in RULES]
        return [(r, results) for r, results in grouped if results]


def check_page(page, plain_words=None):
    """Run every rule on `page` (specific; saved, a revision's object or a preview). `plain_words`: optional
    [(term, alternative)] to use instead of reading the page language's "Plain words"."""
    from wagtail.models import Page

    if type(page) is Page:
        page = page.specific
    context = Context(page, plain_words)
    results = [result for r in RULES for result in r.check(page, context)]
    return PageChecks(language=context.language, readability=context.readability, results=results)


def check_revision(revision):
    """The checks of a saved revision's content."""
    return check_page(revision.as_object())


def warnings_for_task_state(task_state):
    """The warnings of the revision a task state is reviewing ([] when it has none or no revision)."""
    if task_state is None or task_state.revision is None:
        return []
    return check_revision(task_state.revision).warnings


def blocking_for_task_state(task_state):
    """The results no confirmation approves past (a page in the wrong language), for the revision under review."""
    if task_state is None or task_state.revision is None:
        return []
    return check_revision(task_state.revision).blocking
