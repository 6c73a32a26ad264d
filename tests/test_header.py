"""The site header on every page: a lasting way to request an appointment."""

import pytest

from tests.factories import ContactPageFactory, TopicPageFactory


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/topics/", "/topics/sciatica/", "/search/?q=pain", "/no-such-page/"])
def test_every_page_header_links_to_the_appointment_request_form(client, home, topic_index, path):
    ContactPageFactory(parent=home)
    TopicPageFactory(parent=topic_index, slug="sciatica")
    html = client.get(path).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert '<a class="site-header__book" href="/contact/">Request an appointment</a>' in header


def region(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.django_db
def test_header_footer_and_home_page_link_to_the_blog_in_the_page_language(client, home, topic_index):
    from tests.conftest import translate_to_spanish
    from tests.factories import BlogIndexPageFactory

    blog = BlogIndexPageFactory(parent=home, title="Blog", slug="blog")
    TopicPageFactory(parent=topic_index, slug="sciatica")
    translate_to_spanish(home, "Inicio")
    translate_to_spanish(blog, "Blog", "blog")
    for path, blog_url, label in [
        ("/", "/blog/", "Read our blog"),
        ("/topics/sciatica/", "/blog/", None),
        ("/search/?q=pain", "/blog/", None),
        ("/es/", "/es/blog/", "Lea nuestro blog"),
        ("/es/search/?q=dolor", "/es/blog/", None),
    ]:
        html = client.get(path).content.decode()
        nav = region(html, '<nav class="site-nav"', "</nav>")
        footer = region(html, '<footer class="site-footer">', "</footer>")
        assert f'<a href="{blog_url}">Blog</a>' in nav, path
        assert f'href="{blog_url}"' in footer, path
        if label:
            main = region(html, "<main", "</main>")
            assert f'<a class="more-link" href="{blog_url}">{label}</a>' in main, path


@pytest.mark.django_db
def test_no_blog_link_when_the_site_has_no_blog(client, home):
    html = client.get("/").content.decode()
    assert ">Blog<" not in html
