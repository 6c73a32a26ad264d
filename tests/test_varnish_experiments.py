"""An experiment page through real Varnish: each request gets A or B at random (Varnish's own header, whatever the
client sent), both orders are cached and answered as hits on repeats, the page cache keeps one entry per variant, and
a page with no experiment stays one object."""

from django.conf import settings
from django.core.cache import caches

from experiments.ending import start
from tests.factories import CallToActionFactory, TopicPageFactory
from tests.test_experiments import QUOTES, quotes_in, reordered, save_draft, three_block_topic
from tests.test_varnish import front, varnish  # noqa: F401  (fixtures)


def page_cache_entries():
    return len(caches[settings.PAGE_CACHE_ALIAS].keys("pagecache:page:*"))


def test_an_experiment_page_is_cached_once_per_order_and_other_pages_stay_one_object(front, topic_index):  # noqa: F811
    sciatica = three_block_topic(topic_index, "Sciatica", CallToActionFactory(name="Book"))
    gout = TopicPageFactory(parent=topic_index, title="Gout")
    save_draft(sciatica, reordered(sciatica))
    start(sciatica, None)

    seen = {}
    for _ in range(40):
        # A client cannot choose its order: Varnish replaces the header with its own coin toss.
        response = front.request(sciatica.url, headers={"X-Page-Variant": "b"})
        assert response.status == 200 and "X-Page-Variant" in response.headers["Vary"]
        assert response.headers["Set-Cookie"] is None
        order = tuple(quotes_in(response.text))
        assert order in (tuple(QUOTES), tuple(QUOTES[::-1]))
        assert f'data-view-variant="{"a" if order == tuple(QUOTES) else "b"}"' in response.text
        seen.setdefault(order, []).append(response.headers["X-Cache"])
    assert len(seen) == 2  # both orders served (a miss of one in 2**39)
    for caches_seen in seen.values():
        assert caches_seen[0] == "miss" and set(caches_seen[1:]) <= {"hit"}
    assert page_cache_entries() == 3  # the by-variant marker and one entry per order

    plain = [front.request(gout.url).headers for _ in range(10)]
    assert [headers["X-Cache"] for headers in plain] == ["miss"] + ["hit"] * 9
    assert "X-Page-Variant" not in (plain[0]["Vary"] or "")
    assert page_cache_entries() == 4
