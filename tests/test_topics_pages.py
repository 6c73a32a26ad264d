"""Page types: where they can live, that they render, edit and preview, and admin creation."""

import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from clinic.models import ClinicInfoPage
from contact.models import ContactPage
from home.models import HomePage
from tests.factories import (
    CallToActionFactory,
    HomePageFactory,
    TopicGroupFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)
from tests.staff import verified_login
from topics.models import TopicIndexPage, TopicPage


def list_block(items):
    """Form data for a ListBlock, in the shape the admin's StreamField widget posts."""
    data = {str(i): {"value": item, "deleted": "", "order": str(i), "id": ""} for i, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


class SiteTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        cls.home = HomePageFactory(parent=root)
        Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": cls.home})
        cls.index = TopicIndexPageFactory(parent=cls.home)
        cls.group = TopicGroupFactory(name="Nerve pain", slug="nerve-pain")
        cls.topic = TopicPageFactory(parent=cls.index, title="Sciatica", groups=[cls.group])

    def setUp(self):
        self.user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        verified_login(self.client, self.user)


class PageTreeRulesTests(SiteTestCase):
    def test_where_pages_can_be_created(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, TopicIndexPage)
        self.assertCanCreateAt(TopicIndexPage, TopicPage)
        self.assertCanNotCreateAt(HomePage, TopicPage)
        self.assertCanNotCreateAt(TopicPage, TopicPage)

    def test_allowed_subpage_types(self):
        self.assertAllowedSubpageTypes(HomePage, {TopicIndexPage, ContactPage, ClinicInfoPage})
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})
        self.assertAllowedSubpageTypes(TopicPage, set())
        self.assertAllowedParentPageTypes(TopicPage, {TopicIndexPage})

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


class PagesRenderEditPreviewTests(SiteTestCase):
    def test_home_page(self):
        self.assertPageIsRenderable(self.home)
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsEditable(self.home, user=self.user)
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsPreviewable(self.home, user=self.user)

    def test_topic_index_page(self):
        self.assertPageIsRenderable(self.index)
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsEditable(self.index, user=self.user)
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsPreviewable(self.index, user=self.user)

    def test_topic_page(self):
        self.assertPageIsRenderable(self.topic)
        # The StreamField widget is built by JavaScript, so the edit form's HTML carries no body data: post it.
        post_data = nested_form_data(
            {
                "title": self.topic.title,
                "slug": self.topic.slug,
                "summary": self.topic.summary,
                "kind": "condition",
                "body": streamfield([("text", {"heading": "About", "text": rich_text("<p>Plain words.</p>")})]),
                "treatment_links": inline_formset([]),
                "related_topic_links": inline_formset([]),
                "codes": inline_formset([]),
            }
        )
        post_data["groups"] = [self.group.pk]
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsEditable(self.topic, post_data=post_data, user=self.user)
        verified_login(self.client, self.user)  # Wagtail's helper logs out after each check
        self.assertPageIsPreviewable(self.topic, post_data=post_data, user=self.user)


class CreateTopicThroughAdminTests(SiteTestCase):
    def test_create_topic_with_every_block_type(self):
        cta = CallToActionFactory(heading="Book a visit", button_label="Book")
        image = wagtail_factories.ImageFactory(title="Clinic room")
        related = TopicPageFactory(parent=self.index, title="Nerve blocks")
        body = [
            (
                "condition_overview",
                {
                    "heading": "What is CRPS?",
                    "what_it_is": rich_text("<p>Long pain.</p>"),
                    "who_it_affects": rich_text("<p>Adults.</p>"),
                },
            ),
            (
                "symptoms",
                {
                    "heading": "Symptoms",
                    "introduction": "You may notice:",
                    "symptoms": list_block(["Burning pain", "Swelling"]),
                },
            ),
            (
                "treatment_explanation",
                {
                    "treatment": "Ketamine infusion",
                    "how_it_works": rich_text("<p>Calms.</p>"),
                    "what_a_visit_is_like": rich_text("<p>Chair.</p>"),
                    "risks_and_side_effects": rich_text("<p>Dreamy.</p>"),
                    "how_long_relief_lasts": rich_text("<p>Weeks.</p>"),
                },
            ),
            ("call_to_action", {"call_to_action": cta.pk}),
            (
                "urgent_help",
                {
                    "level": "emergency",
                    "heading": "Call 911 if",
                    "warning_signs": list_block(["Fainting"]),
                    "show_crisis_line": "on",
                },
            ),
            (
                "faq",
                {
                    "heading": "Questions",
                    "questions": list_block(
                        [{"question": "Does it hurt?", "answer": rich_text("<p>A small needle.</p>")}]
                    ),
                },
            ),
            ("text", {"heading": "Living with it", "text": rich_text("<p>Pace yourself.</p>")}),
            ("image", {"image": image.pk, "alt_text": "A reclining chair", "caption": "Our room"}),
            ("patient_quote", {"quote": "I sleep again.", "attribution": "R."}),
        ]
        data = nested_form_data(
            {
                "title": "Complex regional pain syndrome",
                "slug": "crps",
                "summary": "A long-lasting pain, usually in an arm or leg, after an injury.",
                "also_called": "CRPS\nreflex sympathetic dystrophy",
                "kind": "condition",
                "body": streamfield(body),
                "treatment_links": inline_formset([]),
                "related_topic_links": inline_formset([{"related_page": related.pk}]),
                "codes": inline_formset([]),
            }
        )
        data["groups"] = [self.group.pk]  # a multiple-choice field posts a list, not nested keys
        self.assertCanCreate(self.index, TopicPage, data)

        page = TopicPage.objects.get(slug="crps")
        self.assertTrue(page.live)
        self.assertEqual([block.block_type for block in page.body], [name for name, _ in body])
        self.assertEqual(page.also_called_names, ["CRPS", "reflex sympathetic dystrophy"])
        self.assertEqual(list(page.groups.all()), [self.group])
        self.assertEqual(page.related_topics, [related])

        html = self.client.get(page.url).content.decode()
        for text in [
            "Long pain.",
            "Burning pain",
            "Ketamine infusion",
            "Book a visit",
            "Fainting",
            "Does it hurt?",
            "Pace yourself.",
            'alt="A reclining chair"',
            "I sleep again.",
        ]:
            self.assertIn(text, html)

    def test_missing_summary_is_refused_with_a_message(self):
        data = nested_form_data(
            {
                "title": "No summary",
                "slug": "no-summary",
                "kind": "condition",
                "body": streamfield([]),
                "treatment_links": inline_formset([]),
                "related_topic_links": inline_formset([]),
                "codes": inline_formset([]),
            }
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/topics/topicpage/{self.index.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("summary", response.context["form"].errors)
        self.assertFalse(TopicPage.objects.filter(slug="no-summary").exists())


class BodyOrderTests(SiteTestCase):
    def test_body_renders_blocks_in_the_editors_order(self):
        topic = TopicPageFactory(
            parent=self.index,
            title="Ordered",
            body__0__patient_quote__quote="FIRST-QUOTE",
            body__1__text__heading="SECOND-HEADING",
            body__2__symptoms__heading="THIRD-SYMPTOMS",
        )
        html = self.client.get(topic.url).content.decode()
        positions = [html.index(marker) for marker in ["FIRST-QUOTE", "SECOND-HEADING", "THIRD-SYMPTOMS"]]
        self.assertEqual(positions, sorted(positions))

        # Marketing reorders: the page follows.
        topic.body = [(child.block_type, child.value) for child in [topic.body[2], topic.body[0], topic.body[1]]]
        topic.save_revision().publish()
        html = self.client.get(topic.url).content.decode()
        positions = [html.index(marker) for marker in ["THIRD-SYMPTOMS", "FIRST-QUOTE", "SECOND-HEADING"]]
        self.assertEqual(positions, sorted(positions))

    def test_topic_page_shows_review_dates_synonyms_and_related_fallback(self):
        sibling = TopicPageFactory(parent=self.index, title="Diabetic nerve pain", groups=[self.group])
        self.topic.also_called = "lumbar radiculopathy\nslipped disc"
        self.topic.save_revision().publish()
        response = self.client.get(self.topic.url)
        self.assertContains(response, "Also called: lumbar radiculopathy, slipped disc")
        self.assertContains(response, "Medically reviewed by")
        self.assertContains(response, "Dr. Ana Reyes, MD")
        self.assertContains(response, f'<a href="{sibling.url}">Diabetic nerve pain</a>', html=True)
        self.assertContains(response, f'<meta name="description" content="{self.topic.summary}">', html=True)
