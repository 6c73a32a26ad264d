"""Factories for pages, snippets and blocks, built on wagtail-factories."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail import blocks
from wagtail.rich_text import RichText

from blog.models import ArticlePage, BlogIndexPage, Subscriber
from clinicians.models import ClinicianProfile
from contact.models import ContactPage
from cta.blocks import CallToActionBlock
from cta.models import CallToAction
from home.models import HomePage
from topics import blocks as topic_blocks
from topics.models import TopicGroup, TopicIndexPage, TopicPage


def rich(html):
    return factory.LazyFunction(lambda: RichText(html))


class TopicGroupFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    description = "Topics that belong together."
    sort_order = factory.Sequence(int)

    class Meta:
        model = TopicGroup


class CallToActionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"CTA {n}")
    heading = "Talk to our team"
    text = "We can help you decide on a next step."
    button_label = "Request an appointment"
    link_url = "https://example.org/contact/"

    class Meta:
        model = CallToAction


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    welcome_heading = "Answers about chronic pain"
    welcome_text = "Find clear information about pain and how we treat it."

    class Meta:
        model = HomePage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Health topics"
    slug = "topics"

    class Meta:
        model = TopicIndexPage


class ConditionOverviewBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "What is it?"
    what_it_is = rich("<p>A condition that causes long-lasting pain.</p>")
    who_it_affects = rich("<p>Adults of any age.</p>")

    class Meta:
        model = topic_blocks.ConditionOverviewBlock


class SymptomsBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "Symptoms"
    introduction = "You may notice:"
    symptoms = factory.LazyFunction(
        lambda: blocks.list_block.ListValue(blocks.ListBlock(blocks.CharBlock()), ["Aching", "Tingling"])
    )

    class Meta:
        model = topic_blocks.SymptomsBlock


class TreatmentExplanationBlockFactory(wagtail_factories.StructBlockFactory):
    treatment = "Gentle exercise"
    how_it_works = rich("<p>Movement calms pain signals.</p>")
    what_a_visit_is_like = rich("<p>A therapist shows you each exercise.</p>")
    risks_and_side_effects = rich("<p>Some soreness at first.</p>")
    how_long_relief_lasts = rich("<p>As long as you keep moving.</p>")

    class Meta:
        model = topic_blocks.TreatmentExplanationBlock


class CallToActionBlockFactory(wagtail_factories.StructBlockFactory):
    call_to_action = factory.SubFactory(CallToActionFactory)

    class Meta:
        model = CallToActionBlock


class TextSectionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "More about it"
    text = rich("<p>Plain words about the condition.</p>")

    class Meta:
        model = topic_blocks.TextSectionBlock


class PatientQuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "I can walk my dog again."
    attribution = "J."

    class Meta:
        model = topic_blocks.PatientQuoteBlock


class TopicBodyBlockFactory(wagtail_factories.StreamBlockFactory):
    condition_overview = factory.SubFactory(ConditionOverviewBlockFactory)
    symptoms = factory.SubFactory(SymptomsBlockFactory)
    treatment_explanation = factory.SubFactory(TreatmentExplanationBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    text = factory.SubFactory(TextSectionBlockFactory)
    patient_quote = factory.SubFactory(PatientQuoteBlockFactory)

    class Meta:
        model = topic_blocks.TopicBodyBlock


class ClinicianProfileFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Clinician {n}")
    slug = factory.Sequence(lambda n: f"clinician-{n}")
    credentials = "MD"
    role = "Pain medicine physician"

    class Meta:
        model = ClinicianProfile


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n:04d}")
    summary = "A short plain summary of this topic."
    also_called = ""
    medical_reviewer = "Dr. Ana Reyes, MD"
    last_reviewed = factory.LazyFunction(lambda: _localdate() - datetime.timedelta(days=30))
    next_review_due = factory.LazyFunction(lambda: _localdate() + datetime.timedelta(days=335))
    body = wagtail_factories.StreamFieldFactory(TopicBodyBlockFactory)

    class Meta:
        model = TopicPage

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(extracted)
            if create:
                self.save()


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    slug = "contact"

    class Meta:
        model = ContactPage


class UserFactory(DjangoModelFactory):
    """An admin user; pass `groups=["Editors"]` (group names, created by editorial.setup) for a role."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Alex"
    last_name = "Kim"
    password = factory.django.Password("pw")

    class Meta:
        model = "auth.User"

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.set(Group.objects.filter(name__in=extracted))


def _now():
    from django.utils import timezone

    return timezone.now()


def _localdate():
    from django.utils import timezone

    return timezone.localdate()


class CallToActionClickFactory(DjangoModelFactory):
    call_to_action = factory.SubFactory(CallToActionFactory)
    day = factory.LazyFunction(_localdate)
    count = 1

    class Meta:
        model = "cta.CallToActionClick"


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An article; pass `topics=[topic, ...]` to link it to topics."""

    title = factory.Sequence(lambda n: f"Article {n:04d}")
    standfirst = "A short plain introduction to this article."
    author = "The care team"
    published_date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    medical_reviewer = "Dr. Ana Reyes, MD"
    last_reviewed = factory.LazyFunction(lambda: _localdate() - datetime.timedelta(days=3))
    body = wagtail_factories.StreamFieldFactory(TopicBodyBlockFactory)

    class Meta:
        model = ArticlePage

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class SubscriberFactory(DjangoModelFactory):
    """A confirmed subscriber unless `confirmed_at=None`."""

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    language = "en"
    consented_at = factory.LazyFunction(_now)
    confirmed_at = factory.LazyFunction(_now)

    class Meta:
        model = Subscriber
