"""The README and the guides in docs/ point at things that exist: files, headings, images and make targets."""

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](target) and ![alt](target), the target up to a space (an optional "title") or the closing parenthesis.
LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
MAKE_TARGET = re.compile(r"\bmake ([a-z][a-z0-9_-]*)")


def code(text):
    """The fenced blocks and `inline code` of a Markdown text: where commands are written."""
    return "\n".join([match.group(0) for match in FENCE.finditer(text)] + INLINE_CODE.findall(FENCE.sub("", text)))


def prose(text):
    """The text without fenced code blocks, where brackets and parentheses are code, not links."""
    return FENCE.sub("", text)


def github_anchor(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = INLINE_CODE.sub(lambda match: match.group(0)[1:-1], heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(path):
    """Every heading anchor of a Markdown file; repeated headings get -1, -2... as on GitHub."""
    seen = {}
    found = set()
    for _level, heading in HEADING.findall(prose(path.read_text())):
        anchor = github_anchor(heading)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        found.add(anchor)
    return found


def local_links(path):
    """(is_image, target) for each link that stays in the repository (no scheme, no mail address)."""
    for bang, target in LINK.findall(prose(path.read_text())):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
            continue
        yield bool(bang), target


def shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def broken_links(path):
    problems = []
    for is_image, target in local_links(path):
        file_part, _, fragment = target.partition("#")
        destination = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not destination.exists():
            problems.append(f"{'image' if is_image else 'link'} {target}: no file {shown(destination)}")
            continue
        if fragment and destination.suffix == ".md" and unquote(fragment) not in anchors(destination):
            problems.append(f"link {target}: no heading #{fragment} in {shown(destination)}")
    return problems


def makefile_targets():
    return set(re.findall(r"^([a-zA-Z][a-zA-Z0-9_-]*):(?!=)", (ROOT / "Makefile").read_text(), re.MULTILINE))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_and_image_points_at_something_that_exists(document):
    assert broken_links(document) == []


def test_every_make_command_in_the_readme_is_a_makefile_target():
    named = set(MAKE_TARGET.findall(code((ROOT / "README.md").read_text())))
    assert {"run", "test"} <= named
    assert sorted(named - makefile_targets()) == []


def test_the_readme_is_a_short_front_door():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 150


def test_a_broken_link_a_missing_anchor_and_a_missing_image_are_caught(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Serving: Varnish in front\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[fine](other.md#serving-varnish-in-front) [gone](missing.md) [no heading](other.md#nowhere)\n"
        "![no picture](screenshots/none.png) [outside](https://example.org/x.md)\n"
        "```\n[in code](not-checked.md)\n```\n"
    )
    problems = broken_links(page)
    assert len(problems) == 3
    assert any("missing.md" in problem for problem in problems)
    assert any("#nowhere" in problem for problem in problems)
    assert any("image screenshots/none.png" in problem for problem in problems)


def test_anchors_follow_githubs_rules():
    assert github_anchor("Shared reads (what a page that misses the page cache reads once)") == (
        "shared-reads-what-a-page-that-misses-the-page-cache-reads-once"
    )
    assert github_anchor("Front cache (Varnish)") == "front-cache-varnish"
    assert github_anchor("The interface's text") == "the-interfaces-text"
    assert github_anchor("Why `wagtail.contrib.simple_translation`, not wagtail-localize") == (
        "why-wagtailcontribsimple_translation-not-wagtail-localize"
    )
