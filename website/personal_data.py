"""Contact details in the free text visitors type (page feedback comments, search queries), removed before it is kept.

Patients paste from phones and word processors, so a phone number may come with non-breaking hyphens (U+2011),
thin or no-break spaces, fullwidth or Arabic-Indic digits, and an email address with a fullwidth at sign (U+FF20)
or an ideographic full stop. The text is normalised once (Unicode NFKC, every dash folded to "-", every space to " ",
every decimal digit to 0-9, invisible format characters dropped) and the patterns then run on that one form.
"""

import re
import unicodedata

REMOVED = "[removed]"

#: Dash-like characters NFKC leaves alone (category Pd is folded as well).
DASHES = "\u2212\u2043\ufe63\uff0d\u2e3a\u2e3b"
#: Full stops that IDNA treats as the dot between domain labels.
DOTS = "\u3002\uff0e\uff61"

EMAIL_RE = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[^\s@<>()\[\],;:\"]+")
#: A run of digits with the separators people type in phone numbers; replaced when it holds 7 or more digits.
PHONE_RE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
#: "2019-2020": two years, not a phone number.
YEAR_RANGE_RE = re.compile(r"(19|20)\d\d\s*[-/]\s*(19|20)\d\d")


def _fold(character):
    category = unicodedata.category(character)
    if category == "Nd":
        return str(unicodedata.decimal(character))
    if category == "Pd" or character in DASHES:
        return "-"
    if category in ("Zs", "Zl", "Zp") or character in "\t\n\r\v\f":
        return " "
    if character in DOTS:
        return "."
    if category == "Cf":  # zero-width spaces and joiners, soft hyphens, direction marks
        return ""
    return character


def normalise(text):
    """`text` in the one form the patterns read: NFKC, then dashes, spaces, digits and dots folded."""
    return "".join(_fold(character) for character in unicodedata.normalize("NFKC", text))


def _replace_phone(match):
    text = match.group()
    if sum(character.isdigit() for character in text) < 7 or YEAR_RANGE_RE.fullmatch(text):
        return text
    return REMOVED


def remove_contact_details(text):
    """`text`, normalised, with email addresses and phone numbers (7 digits or more) replaced by "[removed]"."""
    text = EMAIL_RE.sub(REMOVED, normalise(text))
    return PHONE_RE.sub(_replace_phone, text)
