"""Flesch-Kincaid grade level of plain text, with a syllable heuristic good enough for English patient copy.

grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Each piece of text passed in (a title, a heading, a paragraph) ends a sentence even without a full stop, so
headings are not glued onto the sentence that follows them.
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

#: Topic pages aim for this grade or below (US school grade; 8 is what health literacy guidance asks for).
TARGET_GRADE = 8

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
SENTENCE_END_RE = re.compile(r"[.!?]+(?=\s|$)")
VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
SILENT_E_BEFORE_SUFFIX_RE = re.compile(r"[aeiouy][^aeiouy]e(?:ful|fully|less|ly|ment|ments|ness)$")


def count_syllables(word):
    """Vowel groups, less a silent final 'e' ('make') or '-ed'/'-es' ('walked', 'takes'); at least one."""
    word = word.lower().replace("’", "'").split("'")[0]
    if not word.isalpha():
        return 1  # a number such as "60" counts as one word of one syllable
    if len(word) <= 3:
        return 1
    syllables = len(VOWEL_GROUP_RE.findall(word))
    consonant_le = word.endswith("le") and word[-3] not in "aeiouy"  # "ta-ble" keeps its final syllable
    if SILENT_E_BEFORE_SUFFIX_RE.search(word):  # "care-ful", "manage-ment", "late-ly"
        syllables -= 1
    if word.endswith("e") and not consonant_le and not word.endswith(("ee", "ye")):
        syllables -= 1
    elif word.endswith(("ed", "es")) and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "xes")):
        syllables -= 1
    return max(syllables, 1)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self):
        """Flesch-Kincaid grade level rounded to one decimal, or None for empty text."""
        if not self.words:
            return None
        score = 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59
        return round(score, 1)

    @property
    def meets_target(self):
        return self.grade is not None and self.grade <= TARGET_GRADE


def analyse(texts):
    """Readability of a list of text pieces (HTML is stripped)."""
    words = sentences = syllables = 0
    for text in texts:
        text = strip_tags(text or "").strip()
        if not text:
            continue
        piece_words = WORD_RE.findall(text)
        if not piece_words:
            continue
        words += len(piece_words)
        syllables += sum(count_syllables(word) for word in piece_words)
        ends = len(SENTENCE_END_RE.findall(text))
        # A piece that does not end with punctuation (a heading, a list item) still closes a sentence.
        closes = 0 if text[-1] in ".!?" else 1
        sentences += ends + closes
    return Readability(words=words, sentences=max(sentences, 1), syllables=syllables)


def flesch_kincaid_grade(text):
    return analyse([text]).grade


def page_texts(page):
    """Title, summary and every piece of text in the body blocks of a topic page."""
    texts = [page.title, getattr(page, "summary", "")]
    body = getattr(page, "body", None)
    if body:
        texts.extend(body.stream_block.get_searchable_content(body))
    return [text for text in texts if text]


def page_readability(page):
    return analyse(page_texts(page))
