"""The demo blog: the blog index (`blog_index.yaml`) and its articles (`articles/<slug>.yaml`), per language.

Called by load_demo_content once the topics and calls to action exist. A language's blog is built only when that
language's home page exists and its folder has a `blog_index.yaml` (so the Spanish blog appears with the Spanish
home). Idempotent like the rest of the loader: pages are looked up by slug and only created when missing.
"""

import datetime
from pathlib import Path

from wagtail.models import Locale

from blog.models import ArticlePage, BlogIndexPage
from clinicians.models import ClinicianProfile
from cta.models import CallToAction
from home.models import HomePage
from topics.models import TopicPage

from .content import CONTENT_DIR, DemoContentError, read_file, topic_body


def read_blog(language, content_dir=CONTENT_DIR):
    """(blog index data, {slug: (path, data)}) for a language, or None when it has no blog files."""
    folder = Path(content_dir) / language
    index_file = folder / "blog_index.yaml"
    if not index_file.exists():
        return None
    articles = {}
    for path in sorted((folder / "articles").glob("*.yaml")):
        data = read_file(path)
        if data.get("slug") != path.stem:
            raise DemoContentError(f"{path}: slug {data.get('slug')!r} must match the file name {path.stem!r}")
        articles[path.stem] = (path, data)
    return read_file(index_file), articles


def home_for(language):
    locale = Locale.objects.filter(language_code=language).first()
    return HomePage.objects.filter(locale=locale).first() if locale else None


def ensure_blog(language, cta_pks, created, content_dir=CONTENT_DIR):
    """Build one language's blog index and articles if that language's home exists; returns the index or None."""
    home = home_for(language)
    blog = read_blog(language, content_dir)
    if home is None or blog is None:
        return None
    index_data, articles = blog
    source_slug = index_data.pop("translation_of", None)
    index = BlogIndexPage.objects.child_of(home).filter(slug=index_data["slug"]).first()
    if index is None:
        source = BlogIndexPage.objects.filter(slug=source_slug).exclude(locale=home.locale).first()
        if source is not None:  # a translation of the other language's blog, so the language switcher links them
            index = source.copy_for_translation(home.locale).specific
            for name, value in index_data.items():
                setattr(index, name, value)
        else:
            index = BlogIndexPage(**index_data, locale=home.locale)
            home.add_child(instance=index)
        index.save_revision().publish()
        created.append(f"blog index ({language})")
    cta_pks = {**cta_pks, **dict(CallToAction.objects.filter(locale=home.locale).values_list("name", "pk"))}
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    topics = {topic.slug: topic for topic in TopicPage.objects.filter(locale=home.locale).defer_streamfields()}
    clinicians = {profile.slug: profile for profile in ClinicianProfile.objects.all()}
    today = datetime.date.today()
    for slug, (path, data) in articles.items():
        if slug in existing:
            continue
        for name in data["topics"]:
            if name not in topics:
                raise DemoContentError(f"{path}: no topic {name!r} in the demo content")
        reviewer = clinicians.get(data["reviewer"])
        if reviewer is None:
            raise DemoContentError(f"{path}: no clinician {data['reviewer']!r} in the demo content")
        reviewed = today - datetime.timedelta(days=data["published_days_ago"])
        fields = {
            "title": data["title"],
            "slug": slug,
            "standfirst": data["standfirst"],
            "author": data["author"],
            "published_date": reviewed,
            "reviewed_by": reviewer,
            "medical_reviewer": reviewer.credited_name,
            "last_reviewed": reviewed,
            "body": topic_body(path, data["body"], cta_pks),
        }
        source = ArticlePage.objects.filter(slug=data.get("translation_of")).exclude(locale=home.locale).first()
        if source is not None:  # the same article in the other language: Wagtail's translation, under this blog
            article = source.copy_for_translation(home.locale).specific
            for name, value in fields.items():
                setattr(article, name, value)
            article.topics.set([topics[name] for name in data["topics"]])
        else:
            article = ArticlePage(locale=home.locale, **fields)
            article.topics.set([topics[name] for name in data["topics"]])
            index.add_child(instance=article)
        article.save_revision().publish()
        created.append(f"article {slug}")
    return index
