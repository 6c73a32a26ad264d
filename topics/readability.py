"""How hard a page is to read: Flesch-Kincaid grade level for English, Szigriszt-Pazos (INFLESZ scale) for Spanish.

English: grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59 (aim for grade 8 or below).
Spanish: score = 206.835 - 62.3 * (syllables / words) - (words / sentences) (0-100, higher is easier; INFLESZ
calls 55-65 "normal" and 65+ "fairly easy": patient copy aims for 55 or above). Flesch-Kincaid's weights were
fitted to English and overrate Spanish, whose words have more syllables, so Spanish pages get their own formula.

Each piece of text passed in (a title, a heading, a paragraph) ends a sentence even without a full stop, so
headings are not glued onto the sentence that follows them.
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from website.languages import language_code_of

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

    label = "Reading grade"
    formula = "Flesch-Kincaid"
    target_text = f"aim for grade {TARGET_GRADE} or below"

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


#: Spanish pages aim for this INFLESZ score or above ("normal" for the general public).
SPANISH_TARGET_SCORE = 55

SPANISH_WORD_RE = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+|\d+(?:[.,]\d+)*")
SPANISH_VOWEL_GROUP_RE = re.compile(r"[aeiouáéíóúü]+")
SPANISH_STRONG = set("aeoáéó")
SPANISH_STRESSED_WEAK = set("íú")


def count_spanish_syllables(word):
    """Vowel groups (diphthongs "ie", "ue", "ai" are one syllable), plus one for each hiatus inside a group:
    two strong vowels ("le-er", "pe-or") or a stressed í/ú beside another vowel ("dí-a", "ba-úl")."""
    word = word.lower()
    if not word.isalpha():
        return 1
    syllables = 0
    for group in SPANISH_VOWEL_GROUP_RE.findall(word):
        syllables += 1
        for first, second in zip(group, group[1:], strict=False):
            strong_pair = first in SPANISH_STRONG and second in SPANISH_STRONG
            if strong_pair or first in SPANISH_STRESSED_WEAK or second in SPANISH_STRESSED_WEAK:
                syllables += 1
    return max(syllables, 1)


@dataclass(frozen=True)
class SpanishReadability(Readability):
    label = "Legibilidad (INFLESZ)"
    formula = "Szigriszt-Pazos"
    target_text = f"aim for {SPANISH_TARGET_SCORE} or above"

    @property
    def grade(self):
        """The Szigriszt-Pazos score rounded to one decimal (higher is easier), or None for empty text."""
        if not self.words:
            return None
        return round(206.835 - 62.3 * (self.syllables / self.words) - self.words / self.sentences, 1)

    @property
    def meets_target(self):
        return self.grade is not None and self.grade >= SPANISH_TARGET_SCORE


def analyse(texts, language="en"):
    """Readability of a list of text pieces (HTML is stripped), by the formula for `language`."""
    spanish = language == "es"
    word_re, syllables_of = (SPANISH_WORD_RE, count_spanish_syllables) if spanish else (WORD_RE, count_syllables)
    words = sentences = syllables = 0
    for text in texts:
        text = strip_tags(text or "").strip()
        if not text:
            continue
        piece_words = word_re.findall(text)
        if not piece_words:
            continue
        words += len(piece_words)
        syllables += sum(syllables_of(word) for word in piece_words)
        ends = len(SENTENCE_END_RE.findall(text))
        # A piece that does not end with punctuation (a heading, a list item) still closes a sentence.
        closes = 0 if text[-1] in ".!?" else 1
        sentences += ends + closes
    result_class = SpanishReadability if spanish else Readability
    return result_class(words=words, sentences=max(sentences, 1), syllables=syllables)


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
    """Spanish pages by the Spanish formula, every other page by Flesch-Kincaid."""
    return analyse(page_texts(page), language_code_of(page.locale_id) if page.locale_id else "en")
