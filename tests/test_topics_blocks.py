"""Each body block renders its own template; dependent fields are validated."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.test.html import parse_html

from tests.factories import CallToActionFactory, PatientQuoteBlockFactory, SymptomsBlockFactory
from topics.blocks import TopicBodyBlock, UrgentHelpBlock

BODY_BLOCKS = list(TopicBodyBlock.base_blocks.items())


@pytest.mark.django_db
@pytest.mark.parametrize("name,block", BODY_BLOCKS, ids=[name for name, _ in BODY_BLOCKS])
def test_every_block_has_picker_metadata_and_its_own_template(name, block):
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.label
    assert block.get_description()
    assert block.meta.group
    get_template(block.meta.template)  # raises if the template is missing
    assert block.is_previewable


@pytest.mark.django_db
@pytest.mark.parametrize("name,block", BODY_BLOCKS, ids=[name for name, _ in BODY_BLOCKS])
def test_every_block_renders_its_preview_value(name, block, home):
    value = block.get_preview_value()
    html = block.render(value)
    if name == "image":
        assert html.strip() == ""  # no image uploaded yet: renders nothing rather than failing
    else:
        assert len(html.strip()) > 20
        assert "block-" not in html  # our own class names, not Wagtail's


def test_symptoms_block_renders_list_html():
    block = TopicBodyBlock.base_blocks["symptoms"]
    html = block.render(SymptomsBlockFactory())
    assert parse_html(html) == parse_html(
        '<section class="symptoms"><h2>Symptoms</h2><p>You may notice:</p>'
        "<ul><li>Aching</li><li>Tingling</li></ul></section>"
    )


def test_patient_quote_escapes_markup():
    block = TopicBodyBlock.base_blocks["patient_quote"]
    html = block.render(PatientQuoteBlockFactory(quote="<script>alert(1)</script>", attribution="M."))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("level,prefix", [("emergency", "Emergency advice:"), ("urgent", "Urgent advice:")])
def test_urgent_help_has_style_and_screen_reader_prefix(level, prefix):
    block = UrgentHelpBlock()
    value = block.to_python({"level": level, "heading": "Get help if", "warning_signs": ["Chest pain"]})
    html = block.render(value)
    assert f"urgent-help--{level}" in html
    assert f'<span class="visually-hidden">{prefix} </span>' in html
    assert ('href="tel:911"' in html) == (level == "emergency")


@pytest.mark.django_db
def test_call_to_action_block_links_to_the_snippets_target(client):
    cta = CallToActionFactory(heading="Book now", button_label="Book", link_url="https://example.org/book/")
    block = TopicBodyBlock.base_blocks["call_to_action"]
    value = block.to_python({"call_to_action": cta.pk})
    assert value.href() == "https://example.org/book/"
    html = block.render(value)
    # The button goes through the click counter, which redirects to the snippet's own target.
    button = f'<a class="button" href="/go/cta/{cta.pk}/" rel="nofollow">Book</a>'
    assert parse_html(button) in parse_html(html)
    response = client.get(f"/go/cta/{cta.pk}/")
    assert (response.status_code, response["Location"]) == (302, "https://example.org/book/")


@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_of_page_or_url(home):
    both = CallToActionFactory.build(link_page=home, link_url="https://example.org/")
    with pytest.raises(ValidationError) as both_error:
        both.full_clean()
    assert "not both" in str(both_error.value)

    neither = CallToActionFactory.build(link_url="")
    with pytest.raises(ValidationError) as neither_error:
        neither.full_clean()
    assert "link_page" in neither_error.value.message_dict

    page_only = CallToActionFactory.build(link_url="", link_page=home)
    page_only.full_clean()
    assert page_only.href == home.url


@pytest.mark.django_db
def test_image_block_serves_responsive_modern_formats_without_layout_shift():
    import wagtail_factories

    image = wagtail_factories.ImageFactory(title="Infusion chair", file__width=1200, file__height=800)
    block = TopicBodyBlock.base_blocks["image"]
    html = block.render(block.to_python({"image": image.pk, "alt_text": "A reclining chair", "caption": "Our room"}))
    sources = re.findall(r"<source [^>]*>", html)
    assert any('type="image/avif"' in s for s in sources) and any('type="image/webp"' in s for s in sources)
    assert all("400w" in s and "800w" in s and 'sizes="(max-width: 800px) 100vw, 800px"' in s for s in sources)
    img = html[html.index("<img") :]
    assert 'alt="A reclining chair"' in img and 'loading="lazy"' in img
    assert 'width="' in img and 'height="' in img
    assert "<figcaption>Our room</figcaption>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, _ in BODY_BLOCKS if name != "image"])
def test_admin_block_picker_preview_renders_with_the_site_css(admin_client, name):
    """The preview an editor sees in the block picker: Wagtail's preview view, our global template and CSS."""
    block = TopicBodyBlock().child_blocks[name]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/css/site.css" in html
    assert 'class="preview-frame"' in html
    assert len(html) > 500
