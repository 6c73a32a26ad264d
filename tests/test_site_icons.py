"""The clinic's mark: a real /favicon.ico, the icons every page links to, and the logo in the header."""

import io

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


def test_favicon_is_a_real_icon_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize(
    "path,size", [("img/icon-192.png", 192), ("img/icon-512.png", 512), ("img/apple-touch-icon.png", 180)]
)
def test_png_icons_have_their_sizes(path, size):
    with Image.open(finders.find(path)) as image:
        assert image.format == "PNG" and image.size == (size, size)


@pytest.mark.django_db
def test_every_page_links_its_icons_and_shows_the_logo(client, home):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'type="image/svg+xml"' in html and "img/logo.svg" in html
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png' in html
    assert 'class="site-header__logo" src="/static/img/logo.svg' in html
