"""Create N factory topics under /topics/ when the MedlinePlus file is not available.

Run with the benchmark's environment: .venv/bin/python bench/make_topics.py 1000
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

import django  # noqa: E402

django.setup()

from tests.factories import TopicGroupFactory, TopicPageFactory  # noqa: E402
from topics.models import TopicIndexPage, TopicPage  # noqa: E402


def main(count):
    index = TopicIndexPage.objects.get(slug="topics")
    existing = TopicPage.objects.filter(slug__startswith="bench-topic-").count()
    groups = [TopicGroupFactory(name=f"Bench group {n}", slug=f"bench-group-{n}") for n in range(existing, 20)]
    groups = groups or list(TopicGroupFactory._meta.model.objects.filter(slug__startswith="bench-group-"))
    for n in range(existing, count):
        TopicPageFactory(
            parent=index,
            title=f"Bench topic {n:04d}",
            slug=f"bench-topic-{n:04d}",
            groups=[groups[n % len(groups)], groups[(n * 7) % len(groups)]],
        )
    print(f"{count - existing} factory topics created")


if __name__ == "__main__":
    main(int(sys.argv[1]))
