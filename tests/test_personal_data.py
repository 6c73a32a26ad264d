"""Phone numbers and email addresses typed with other characters (non-breaking hyphens, thin spaces, fullwidth or
Arabic-Indic digits, a fullwidth at sign) are removed like the ordinary ones, wherever free text is kept."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from website.personal_data import REMOVED, normalise, remove_contact_details

#: Zero to nine in scripts patients' phones and keyboards produce.
DIGIT_SCRIPTS = [
    "0123456789",
    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",  # fullwidth
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",  # Arabic-Indic
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",  # Persian
    "\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f",  # Devanagari
    "\U0001d7ce\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6\U0001d7d7",  # bold
]
SEPARATORS = [
    "", " ", "-", ".", "/", "\u00a0", "\u2007", "\u2009", "\u202f", "\u3000",  # spaces
    "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d",  # dashes
    "\u200b", "\u00ad", "\u2060",  # invisible
]  # fmt: skip
AT_SIGNS = ["@", "\uff20", "\ufe6b"]
DOTS = [".", "\uff0e", "\u3002", "\uff61"]
WORDS = st.sampled_from(["call me", "llámeme al", "mi correo", "thanks", "gracias", "номер", "電話", "pain 3/10"])


@st.composite
def phone_numbers(draw):
    digits = draw(st.sampled_from(DIGIT_SCRIPTS))
    count = draw(st.integers(min_value=7, max_value=15))
    number = "".join(digits[draw(st.integers(0, 9))] for _ in range(count))
    separator = draw(st.sampled_from(SEPARATORS))
    groups, start = [], 0
    while start < count:
        size = draw(st.integers(2, 4))
        groups.append(number[start : start + size])
        start += size
    prefix = draw(st.sampled_from(["", "+", "+1 ", "(", "tel: "]))
    return prefix + separator.join(groups)


@st.composite
def email_addresses(draw):
    local = draw(st.from_regex(r"[a-z][a-z0-9._+]{0,12}[a-z0-9]", fullmatch=True))
    if draw(st.booleans()):
        local = unicode_fullwidth(local)
    domain = draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z]", fullmatch=True))
    tld = draw(st.sampled_from(["org", "com", "es", "co.uk"]))
    dot = draw(st.sampled_from(DOTS))
    return local + draw(st.sampled_from(AT_SIGNS)) + domain + dot + tld.replace(".", dot)


def unicode_fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def digit_count_of_longest_number(text):
    runs = re.findall(r"\+?\(?\d[\d\s().\-/]*\d|\d", normalise(text))
    return max((sum(c.isdigit() for c in run) for run in runs), default=0)


@settings(max_examples=300, deadline=None)
@given(before=WORDS, number=phone_numbers(), after=WORDS)
def test_no_phone_number_survives_in_any_script_or_separator(before, number, after):
    cleaned = remove_contact_details(f"{before} {number} {after}")
    assert REMOVED in cleaned
    assert digit_count_of_longest_number(cleaned) < 7, cleaned


@settings(max_examples=300, deadline=None)
@given(before=WORDS, address=email_addresses(), after=WORDS)
def test_no_email_address_survives_with_any_at_sign_or_dot(before, address, after):
    cleaned = remove_contact_details(f"{before} {address} {after}")
    assert REMOVED in cleaned
    assert "@" not in normalise(cleaned), cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("phone: 555\u2011010\u20110199", "phone: [removed]"),  # non-breaking hyphens, as seen by the attack
        ("jane\uff20example.org", "[removed]"),  # fullwidth at sign
        ("llame al \uff15\uff15\uff15 \uff10\uff11\uff10 \uff10\uff11\uff19\uff19", "llame al [removed]"),
        ("pain 7/10 since 2019\u20132020, twice a day", "pain 7/10 since 2019-2020, twice a day"),
    ],
)
def test_what_the_attack_found_is_removed_and_ordinary_numbers_are_kept(text, expected):
    assert remove_contact_details(text) == expected


@pytest.mark.django_db
def test_a_search_for_a_phone_number_or_address_is_counted_without_it():
    from wagtail.contrib.search_promotions.models import Query

    from search.counts import count_search
    from search.models import ZeroResultQuery

    count_search("call 555\u2011010\u20110199", "en", found=False)
    count_search("jane\uff20example.org", "es", found=False)
    kept = set(ZeroResultQuery.objects.values_list("query_text", flat=True)) | set(
        Query.objects.values_list("query_string", flat=True)
    )
    assert kept == {"call [removed]", "[removed]"}
