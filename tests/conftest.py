import pytest
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, TopicIndexPageFactory


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return home


@pytest.fixture
def topic_index(home):
    return TopicIndexPageFactory(parent=home)
