"""Page weight of every demo topic page: HTML + CSS + JS bytes (uncompressed, images aside).

Run: .venv/bin/python bench/page_weight.py   (or `make bench-weight`)
Builds the demo site in a throwaway SQLite database, renders each page with Django's test client,
and adds the size of every same-site stylesheet and script the page links to. Any link to another
host is reported as a third-party request.
"""

import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="clinic-weight-")
os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/weight.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from topics.models import TopicPage  # noqa: E402

ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')
BUDGET = 100 * 1024


def asset_bytes(url):
    if url.startswith("/static/"):
        path = finders.find(url.removeprefix("/static/"))
        return Path(path).stat().st_size if path else 0
    return 0


def page_weight(client, url):
    html = client.get(url).content
    assets = [a for a in ASSET.findall(html.decode()) if a.endswith((".css", ".js"))]
    third_party = [a for a in ASSET.findall(html.decode()) if a.startswith(("http://", "https://", "//"))]
    third_party = [a for a in third_party if not a.startswith(("http://localhost", "https://localhost"))]
    return len(html), sum(asset_bytes(a) for a in assets), third_party


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    rows = []
    for url in ["/", "/topics/", "/search/?q=back+pain"] + [t.url for t in TopicPage.objects.live()]:
        html, assets, third_party = page_weight(client, url)
        rows.append((url, html, assets, html + assets, third_party))
    topic_totals = [r[3] for r in rows if r[0].startswith("/topics/") and r[0] != "/topics/"]
    print("| page | HTML | CSS + JS | total | third-party |")
    print("| --- | ---: | ---: | ---: | --- |")
    for url, html, assets, total, third_party in rows:
        print(
            f"| `{url}` | {html / 1024:.1f} KB | {assets / 1024:.1f} KB | {total / 1024:.1f} KB | {len(third_party)} |"
        )
    print(
        f"\nTopic pages: median {statistics.median(topic_totals) / 1024:.1f} KB, "
        f"largest {max(topic_totals) / 1024:.1f} KB (budget {BUDGET / 1024:.0f} KB)"
    )
    if max(topic_totals) >= BUDGET or any(r[4] for r in rows):
        sys.exit("Over budget or third-party requests found")


if __name__ == "__main__":
    main()
