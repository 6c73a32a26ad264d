"""RSS 2.0 and Atom feeds of a blog index's latest articles (`?topic=<slug>` for one topic's)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        self.request = request
        topic, articles = index.articles_for(request)
        return {"index": index, "topic": topic, "articles": articles[:FEED_LENGTH]}

    def title(self, obj):
        if obj["topic"]:
            return f"{obj['index'].title}: {obj['topic'].title}"
        return obj["index"].title

    def link(self, obj):
        return obj["index"].get_full_url(self.request)

    def description(self, obj):
        return obj["index"].introduction or obj["index"].title

    def items(self, obj):
        return list(obj["articles"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return item.author

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.published_date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
