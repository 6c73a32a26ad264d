"""Publish-to-fresh through Varnish: publish a topic's new title, then poll its public URL until the title shows.

Run by bench/serve.py (`make bench-serve`) with the cached server's environment (VARNISH_URL set, so Wagtail's
frontend cache purges Varnish as `make serve` does). Argument: the topic page's URL through Varnish.
Prints one line: `FRESH ms=<each run, comma separated> publish_ms=<the publish call's share, comma separated>`.
"""

import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")

import django  # noqa: E402

django.setup()

from topics.models import TopicPage  # noqa: E402

RUNS = 5
POLL_SECONDS = 0.005
GIVE_UP_SECONDS = 10


def body(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def publish_and_wait(page, url, title):
    body(url), body(url)  # cached in Varnish before the change
    revision = page.save_revision()
    started = time.perf_counter()
    revision.publish()
    published = time.perf_counter()
    while title not in body(url):
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise SystemExit(f"{url} still showed the old title {GIVE_UP_SECONDS} s after publishing")
        time.sleep(POLL_SECONDS)
    return (time.perf_counter() - started) * 1000, (published - started) * 1000


def main(url):
    slug = url.rstrip("/").rsplit("/", 1)[1]
    page = TopicPage.objects.live().get(slug=slug, locale__language_code="en")
    original = page.title
    # One untimed publish first: a fresh process loads templates and code on its first publish, which an
    # editor's running app server has long done.
    page.title = f"{original} (warming up)"
    publish_and_wait(page, url, page.title)
    results = []
    for run in range(RUNS):
        page.title = f"{original} (revised {run + 1})"
        results.append(publish_and_wait(page, url, page.title))
    page.title = original
    page.save_revision().publish()
    print("FRESH ms=" + ",".join(f"{fresh:.1f}" for fresh, _ in results), end=" ")
    print("publish_ms=" + ",".join(f"{publish:.1f}" for _, publish in results))


if __name__ == "__main__":
    main(sys.argv[1])
