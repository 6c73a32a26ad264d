"""Spanish words for the search vocabulary: stop words and plurals, on accent-free words ("migraña" -> "migrana").

The full-text side (Spanish stemming in PostgreSQL) is in `search.backend`; this is what the in-memory
vocabulary (`search.vocabulary.SpanishVocabulary`) needs to match names ("dolor de la espalda" names "Dolor de
espalda") and to leave ordinary words uncorrected. It imports nothing from the rest of search.
"""

#: Words that carry no topic: articles, prepositions, pronouns and common verbs, without accents.
SPANISH_STOPWORDS = frozenset(
    "a al algo algun alguna algunas alguno algunos ante antes asi cada como con contra cual cuando cuanto de del "
    "desde donde durante e el ella ellas ellos en entre era eres es esa esas ese eso esos esta estan estar estas "
    "este esto estos estoy fue ha han hay he la las le les lo los mas me mi mis mucho mucha muy ni no nos o os "
    "otra otro para pero poco por porque que se sea ser si siento sin sobre son su sus tambien te tengo tener "
    "tiene tienen todo tu tus un una unas uno unos y ya yo".split()
)

VOWELS = frozenset("aeiou")


def spanish_stem(word):
    """Singular of a plural, the same way for names and queries: "dolores" -> "dolor", "pies" -> "pie"."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("is", "us")):
        return word
    if len(word) > 5 and word.endswith("ces"):
        return word[:-3] + "z"  # "luces" -> "luz"
    if len(word) > 5 and word.endswith("es") and word[-3] not in VOWELS:
        return word[:-2]  # "articulaciones" -> "articulacion"
    if word[-2] in VOWELS:
        return word[:-1]  # "piernas" -> "pierna"
    return word
