"""Whether a search reads as the site's other language ("dolor de espalda" on the English site, "back pain" on the
Spanish one), so that its results page can point to the same search in that language.

A word counts for the other language when this language's vocabulary does not know it (no title, synonym or page
text has it) but the other language's does, and a common word of the other language that is not one of this
language's ("de", "la"; "the", "my") counts too. The query reads as the other language when it has such words and
no more words this language knows. Only a query with a word this language does not know looks at the other
vocabulary, which each process keeps in memory like this one (no query once it is read); the answer is kept with the
search's cached results (`search.results.Found.other_language`).
"""

from website.languages import other_language

from .text import words
from .vocabulary import get_vocabulary, vocabulary_class

MIN_WORD_LENGTH = 3


def knows(vocabulary, word):
    return word in vocabulary.corpus_words or vocabulary.stem(word) in vocabulary.known_stems


def other_language_of(query, known):
    """The other language's code when `query` reads as that language rather than the language of the vocabulary
    `known`, else None."""
    other_code = other_language(known.language)
    if other_code == known.language:
        return None
    query_words = words(query)
    other_stopwords = vocabulary_class(other_code).stopwords
    foreign_common = [w for w in query_words if w in other_stopwords and w not in known.stopwords]
    content = [w for w in query_words if w not in known.stopwords and w not in other_stopwords]
    unknown = [w for w in content if len(w) >= MIN_WORD_LENGTH and not knows(known, w)]
    if not unknown:
        return None
    other = get_vocabulary(other_code)
    foreign = [w for w in unknown if knows(other, w)]
    native = len(content) - len(unknown)
    if foreign and len(foreign) + len(foreign_common) > native:
        return other_code
    return None
