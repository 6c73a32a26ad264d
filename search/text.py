"""Words as search compares them: lower-case ASCII, apostrophes dropped."""

import re
import unicodedata

WORD_RE = re.compile(r"[a-z0-9]+")


def words(text):
    """Lower-case ASCII words: "Crohn's Disease" -> ["crohns", "disease"]."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("'", "")
    return WORD_RE.findall(text)
