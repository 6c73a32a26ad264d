"""`import_medlineplus --summaries`: summary HTML joined by URL, sanitised, not repeating the page summary."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError

from tests.test_topics_import import SAMPLE, imported, revision_counts, run_import
from topics.importers.medlineplus_summaries import load_summaries, sanitise

SUMMARIES = Path(__file__).parent / "fixtures" / "medlineplus_summaries_sample.nt"
TAG_RE = re.compile(r"</?([a-zA-Z0-9]+)")


def overview(source_id):
    return imported()[source_id].body[0].value["what_it_is"].source


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Plain <b>bold</b> and <i>italic</i>.</p>", "<p>Plain <strong>bold</strong> and <em>italic</em>.</p>"),
        (
            '<p><a href="https://medlineplus.gov/x.html" title="t">in</a></p>',
            '<p><a href="https://medlineplus.gov/x.html">in</a></p>',
        ),
        ('<p><a href="https://www.nih.gov/x">nih</a></p>', '<p><a href="https://www.nih.gov/x">nih</a></p>'),
        ('<p><a href="https://example.com/">away</a></p>', "<p>away</p>"),
        ('<p><a href="http://medlineplus.gov/x">plain http</a></p>', "<p>plain http</p>"),
        ('<p><a href="javascript:alert(1)">js</a></p>', "<p>js</p>"),
        ('<p><a href="https://medlineplus.gov.example.com/">lookalike</a></p>', "<p>lookalike</p>"),
        ("<p onclick='x()'>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ("<h3>Heading</h3><ul><li>one<li>two</ul>", "<p><strong>Heading</strong></p><ul><li>one</li><li>two</li></ul>"),
        ("Loose text &amp; <table><tr><td>cell</td></tr></table>", "<p>Loose text &amp; cell</p>"),
        ("<p>Unclosed <strong>bold", "<p>Unclosed <strong>bold</strong></p>"),
        ("<p>&lt;img src=x onerror=alert(1)&gt;</p>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ],
)
def test_sanitise_keeps_only_paragraphs_lists_emphasis_and_medlineplus_links(html, expected):
    assert sanitise(html) == expected


def test_import_joins_summary_html_by_url(topic_index):
    run_import(SAMPLE, "--summaries", SUMMARIES)

    stiff = overview("9002")
    assert "<ul><li>Gentle <strong>stretches</strong> each morning</li>" in stiff
    assert '<a href="https://medlineplus.gov/walkingforhealth.html">daily walk</a>' in stiff
    assert "Heat pads and plain links" in stiff  # links elsewhere, or not https, keep only their text
    assert "<p><strong>What helps</strong></p>" in stiff
    assert "script" not in stiff and "onclick" not in stiff and "alert" not in stiff
    assert {tag.lower() for tag in TAG_RE.findall(stiff)} <= {"p", "ul", "ol", "li", "a", "strong", "em"}
    # The page's summary is the first paragraph of the file's HTML: the overview does not repeat it.
    assert imported()["9002"].summary.startswith("A stiff shoulder makes it hard")
    assert "A stiff shoulder makes it hard" not in stiff

    cold = overview("9005")
    assert "<ol><li>Wear gloves</li><li>Keep moving</li></ol>" in cold
    assert "fingers \u2014 often on winter mornings" in cold

    # A topic the summaries file does not have keeps its text as paragraphs.
    assert overview("9001").startswith("<p>")


def test_second_run_with_summaries_changes_nothing(topic_index):
    run_import(SAMPLE, "--summaries", SUMMARIES)
    before = revision_counts()
    assert "0 created, 0 updated, 6 unchanged" in run_import(SAMPLE, "--summaries", SUMMARIES)
    assert revision_counts() == before


def test_summaries_update_pages_imported_without_them(topic_index):
    run_import(SAMPLE)
    output = run_import(SAMPLE, "--summaries", SUMMARIES)
    assert "0 created, 2 updated, 4 unchanged" in output


def test_brotli_compressed_summaries_are_read(tmp_path, topic_index):
    brotli = pytest.importorskip("brotli")
    path = tmp_path / "summaries.nt.br"
    path.write_bytes(brotli.compress(SUMMARIES.read_bytes()))
    run_import(SAMPLE, "--summaries", path)
    assert "<ol><li>Wear gloves</li>" in overview("9005")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.nt", None, "no such file"),
        (
            "broken.nt",
            b"<https://medlineplus.gov/x.html> this is not a triple\n",
            "line 1 is not an N-Triples statement",
        ),
        ("broken.nt.br", b"not brotli at all", "not a Brotli-compressed file"),
    ],
)
def test_a_bad_summaries_file_stops_the_import_and_writes_nothing(tmp_path, topic_index, name, content, message):
    if name.endswith(".br"):
        pytest.importorskip("brotli")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(SAMPLE, "--summaries", path)
    assert imported() == {}


def test_shared_summaries_file_is_read_and_sanitised():
    path = Path(__file__).resolve().parents[2] / "shared/data/medlineplus/medline-plus-health-topics-2024-06-06.nt.br"
    if not path.exists():
        pytest.skip("the shared MedlinePlus summaries file is not on this machine")
    pytest.importorskip("brotli")
    summaries = load_summaries(path)
    assert len(summaries) > 1000
    tags = {tag.lower() for html in summaries.values() for tag in TAG_RE.findall(html)}
    assert tags <= {"p", "ul", "ol", "li", "a", "strong", "em"}
    assert sum("<li>" in html for html in summaries.values()) > 500
