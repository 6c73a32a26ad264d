"""Words as search compares them: lower-case ASCII, apostrophes dropped."""

import re
import unicodedata

WORD_RE = re.compile(r"[a-z0-9]+")
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL text cannot hold NUL
MAX_QUERY_LENGTH = 200


def typed_query(text):
    """What a patient typed, as search reads it: control characters as spaces, spaces squeezed (not yet cut to
    MAX_QUERY_LENGTH: the search page says when it cuts)."""
    return " ".join(CONTROL_CHARACTERS_RE.sub(" ", text).split())


def words(text):
    """Lower-case ASCII words: "Crohn's Disease" -> ["crohns", "disease"]."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("'", "")
    return WORD_RE.findall(text)
