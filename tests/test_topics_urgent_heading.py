"""The urgent-help block does not make screen readers hear "Emergency" twice."""

import re

import pytest

from topics.blocks import UrgentHelpBlock


def heading_html(level, heading):
    block = UrgentHelpBlock()
    html = block.render(block.to_python({"level": level, "heading": heading, "warning_signs": ["Chest pain"]}))
    return re.search(r"<h2>.*?</h2>", html, re.S).group(0)


@pytest.mark.parametrize(
    "level,heading,expected",
    [
        (
            "emergency",
            "Get help right away if",
            '<h2><span class="visually-hidden">Emergency advice: </span>Get help right away if</h2>',
        ),
        ("emergency", "Emergency: call 911 if", "<h2>Emergency: call 911 if</h2>"),
        ("emergency", "This is an emergency if", "<h2>This is an emergency if</h2>"),
        ("urgent", "Urgent: see a doctor today if", "<h2>Urgent: see a doctor today if</h2>"),
        (
            "urgent",
            "Call your doctor if",
            '<h2><span class="visually-hidden">Urgent advice: </span>Call your doctor if</h2>',
        ),
    ],
)
def test_the_added_prefix_is_left_out_when_the_heading_already_says_it(level, heading, expected):
    assert heading_html(level, heading) == expected


def test_the_heading_is_still_escaped():
    assert heading_html("urgent", "<b>Urgent</b> if") == "<h2>&lt;b&gt;Urgent&lt;/b&gt; if</h2>"
