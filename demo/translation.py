"""Build the demo site in another language (demo/content/<language>/) as translations of the English demo.

Every page is Wagtail's copy of its English page for the other locale (`copy_for_translation`, as the admin's
"Translate" action does), so it shares the English page's translation key; its text then comes from the data
file. Groups and calls to action are snippet translations the same way. Like the English loader, each object is
only created when its translation is missing: a second run changes nothing and adds no revisions.
"""

import datetime

from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from demo.content import DemoContentError, topic_body
from home.models import FeaturedTopic
from topics.models import RelatedTopic, TopicPage, TreatmentLink


def named(objects, name, path, what):
    """objects[name], or an error that names the data file and the missing name."""
    if name not in objects:
        raise DemoContentError(f"{path}: no {what} {name!r} in the demo content")
    return objects[name]


class TranslatedDemo:
    """Creates the missing translations of the English demo objects passed in, from one language's files."""

    def __init__(self, translation, english, created):
        """`english`: the English demo's objects by slug or name (home, index, contact, topics, groups, ctas,
        clinic_pages, site); `created`: the loader's list of what it created, extended here."""
        self.content = translation
        self.english = english
        self.created = created
        self.language = translation.language
        self.locale = Locale.objects.get(language_code=self.language)

    @classmethod
    def available(cls, translation):
        """Whether the site can hold this language: internationalisation on and a locale for it."""
        return (
            translation is not None
            and getattr(settings, "WAGTAIL_I18N_ENABLED", False)
            and Locale.objects.filter(language_code=translation.language).exists()
        )

    def build(self):
        groups = self.ensure_groups()
        ctas = self.ensure_calls_to_action()
        home = self.ensure_home(ctas)
        index = self.ensure_page(self.english["index"], self.content.topic_index, "topic index")
        topics = self.ensure_topics(groups, ctas)
        self.ensure_home_features(home, topics)
        contact = self.ensure_page(self.english["contact"], self.content.contact, "contact page")
        pages = self.ensure_clinic_pages()
        self.link_calls_to_action(ctas, {**topics, **pages, index.slug: index, contact.slug: contact})

    def note(self, what):
        self.created.append(f"{what} ({self.language})")

    def translation_of(self, obj):
        """The object's translation in this language, or None."""
        return obj.get_translation_or_none(self.locale)

    def ensure_groups(self):
        """{English slug: translated group}."""
        groups = {}
        for data in self.content.groups:
            english = named(self.english["groups"], data["translation_of"], "groups.yaml", "English group")
            group = self.translation_of(english)
            if group is None:
                group = english.copy_for_translation(self.locale)
                for name in ("name", "slug", "description"):
                    setattr(group, name, data[name])
                group.save()
                self.note(f"group {group.slug}")
            groups[english.slug] = group
        return groups

    def ensure_calls_to_action(self):
        """{name in this language: call to action}; links are set once the translated pages exist."""
        ctas = {}
        for data in self.content.calls_to_action:
            english = named(self.english["ctas"], data["translation_of"], "calls_to_action.yaml", "English CTA")
            cta = self.translation_of(english)
            if cta is None:
                cta = english.copy_for_translation(self.locale)
                for name in ("name", "heading", "text", "button_label"):
                    setattr(cta, name, data[name])
                cta.link_page, cta.link_url = None, ""
                cta.save()
                self.note(f"call to action {cta.name!r}")
            ctas[data["name"]] = cta
        return ctas

    def copy_page(self, english, data, what):
        """A new translation of `english` with the file's fields (draft, not yet published), or None if it exists."""
        if self.translation_of(english) is not None:
            return None
        page = english.copy_for_translation(self.locale).specific
        for name, value in data.items():
            setattr(page, name, value)
        self.note(what)
        return page

    def ensure_page(self, english, data, what):
        """A page whose translation needs only the file's fields (topic index, contact page)."""
        page = self.copy_page(english, data, what)
        if page is None:
            return self.translation_of(english)
        page.save_revision().publish()
        return page

    def ensure_home(self, ctas):
        data = self.content.home
        fields = {name: data[name] for name in ("title", "welcome_heading", "welcome_text")}
        home = self.copy_page(self.english["home"], fields, "home page")
        if home is None:
            return self.translation_of(self.english["home"])
        home.featured_topics = []  # the copy's featured topics are the English ones; set once topics exist
        home.call_to_action = named(ctas, data["call_to_action"], "home.yaml", "call to action")
        home.save_revision().publish()
        return home

    def ensure_topics(self, groups, ctas):
        """{slug in this language: topic}; new topics are published once all exist, with their related topics."""
        english_topics = self.english["topics"]
        cta_pks = {name: cta.pk for name, cta in ctas.items()}
        today = datetime.date.today()
        new = []
        for path, data in self.content.topics.values():
            english = named(english_topics, data["translation_of"], path, "English topic")
            english_data = self.english["topic_data"][english.slug]
            last_reviewed = today - datetime.timedelta(days=english_data["reviewed_days_ago"])
            fields = {
                "title": data["title"],
                "slug": data["slug"],
                "summary": data["summary"],
                "also_called": "\n".join(data["also_called"]),
                "body": topic_body(path, data["body"], cta_pks),
                "reviewed_by": english.reviewed_by,
                "medical_reviewer": english.medical_reviewer,
                "last_reviewed": last_reviewed,
                "next_review_due": last_reviewed + datetime.timedelta(days=settings.TOPIC_REVIEW_INTERVAL_DAYS),
                "groups": [named(groups, slug, path, "group") for slug in english_data["groups"]],
            }
            topic = self.copy_page(english, fields, f"topic {data['slug']}")
            if topic is not None:
                new.append((topic, path, data, english_data))
        translated = {
            page.translation_key: page
            for page in TopicPage.objects.filter(
                locale=self.locale, translation_key__in=[page.translation_key for page in english_topics.values()]
            )
        }
        for topic, path, data, english_data in new:
            related = [named(english_topics, slug, path, "related topic") for slug in english_data["related"]]
            topic.related_topic_links = [
                RelatedTopic(related_page=translated[page.translation_key])
                for page in related
                if page.translation_key in translated
            ]
            # The file's own lines, in this language (the copy's rows would carry the English ones).
            treatments = [
                (named(english_topics, link["topic"], path, "linked treatment"), link["how_it_helps"])
                for link in data.get("treatment_links", [])
            ]
            topic.treatment_links = [
                TreatmentLink(linked_topic=translated[page.translation_key], how_it_helps=line, sort_order=order)
                for order, (page, line) in enumerate(treatments)
                if page.translation_key in translated
            ]
            topic.save_revision().publish()
            translated[topic.translation_key] = topic
        return {page.slug: page for page in translated.values()}

    def ensure_home_features(self, home, topics):
        if home.featured_topics.exists():
            return
        home.refresh_from_db()  # its children were added through fresh copies of it; keep the tree counts right
        featured = [named(topics, slug, "home.yaml", "topic") for slug in self.content.home["featured"]]
        home.featured_topics = [FeaturedTopic(topic=topic) for topic in featured]
        home.save_revision().publish()
        self.note("featured topics")

    def ensure_clinic_pages(self):
        """{slug in this language: page}; each new page gets the promoted searches its file lists."""
        pages = {}
        for data in self.content.clinic_pages:
            english = named(self.english["clinic_pages"], data["translation_of"], "clinic_pages.yaml", "English page")
            fields = {k: v for k, v in data.items() if k not in ("translation_of", "promoted_for")}
            page = self.copy_page(english, fields, f"clinic page {data['slug']}")
            if page is None:
                page = self.translation_of(english)
            else:
                page.save_revision().publish()
                for query_string in data.get("promoted_for", []):
                    query = Query.get(query_string)
                    SearchPromotion.objects.create(
                        query=query, page=page, description=page.summary, sort_order=query.editors_picks.count()
                    )
            pages[page.slug] = page
        return pages

    def link_calls_to_action(self, ctas, pages):
        """Point each translated call to action at the translated page its file names, unless an editor set one."""
        for data in self.content.calls_to_action:
            cta = ctas[data["name"]]
            slug = data.get("link_page")
            if slug and not cta.link_page_id and not cta.link_url:
                cta.link_page = named(pages, slug, "calls_to_action.yaml", "page")
                cta.save(update_fields=["link_page"])
