"""Build the demo site from its data files (demo/content/en/): home page, clinic details, topic index, groups,
calls to action, clinician profiles, topics, the contact page and the clinic information pages with their promoted
search results. When the site has a Spanish locale, the same pages, groups and calls to action are also built in
Spanish from demo/content/es/, as translations of the English ones (demo/translation.py).

Idempotent: every object is looked up by its slug or name first and only
created when missing, so a second run changes nothing and never overwrites
what editors have changed since.
"""

import datetime
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from appointments.models import Slot
from appointments.patterns import add_weekly_slots, weekly_times
from clinic.models import ClinicInfoPage
from clinicians.models import ClinicianProfile
from contact.models import ContactPage
from cta.models import CallToAction
from demo.blog import ensure_blog
from demo.content import DemoContentError, read_site, read_translation, topic_body, topic_codes
from demo.locations import KETAMINE_SERVICE, ensure_locations
from demo.translation import TranslatedDemo
from editorial.setup import DEMO_USERS, ensure_demo_users, ensure_editorial_setup
from home.models import FeaturedTopic, HomePage
from topics.models import HealthLibrarySettings, RelatedTopic, TopicGroup, TopicIndexPage, TopicPage, TreatmentLink
from twofactor.demo import ensure_demo_devices
from website.models import ClinicDetails

DEV_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Load the clinic's demo content (safe to run again: creates only what is missing)."

    def handle(self, *args, **options):
        self.created = []
        try:
            self.site = read_site("en")
            spanish = read_translation("es")
            with transaction.atomic():
                home = self.ensure_home_page()
                self.ensure_clinic_details(home)
                groups = self.ensure_groups()
                ctas = self.ensure_calls_to_action()
                index = self.ensure_topic_index(home)
                clinicians = self.ensure_clinicians()
                locations = ensure_locations(self.created)
                self.link_clinician_locations(clinicians, locations)
                topics = self.ensure_topics(index, groups, ctas, clinicians)
                self.link_clinician_conditions(clinicians, topics)
                self.ensure_home_features(home, topics, ctas)
                contact = self.ensure_contact_page(home)
                clinic_pages = self.ensure_clinic_pages(home)
                self.ensure_appointment_times(clinicians, locations)
                self.link_calls_to_action(ctas, {**topics, index.slug: index, contact.slug: contact})
                self.ensure_library_settings(home, ctas)
                if TranslatedDemo.available(spanish):
                    english = {
                        "home": home,
                        "index": index,
                        "contact": contact,
                        "topics": topics,
                        "topic_data": {slug: data for slug, (_path, data) in self.site.topics.items()},
                        "groups": groups,
                        "ctas": ctas,
                        "clinic_pages": clinic_pages,
                    }
                    TranslatedDemo(spanish, english, self.created).build()
                for language, _name in settings.LANGUAGES:  # a language's blog only once its home page exists
                    ensure_blog(language, {name: cta.pk for name, cta in ctas.items()}, self.created)
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        # Groups' page permissions and the Clinical review workflow need the home page and topic index.
        ensure_editorial_setup()
        if self.created:
            self.stdout.write(f"Created {len(self.created)} objects: " + ", ".join(self.created))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        if settings.DEBUG:
            self.ensure_dev_admin()
            ensure_demo_users(self.stdout)
            ensure_demo_devices([DEV_ADMIN_USERNAME, *(user[0] for user in DEMO_USERS)], self.stdout)

    def ensure_home_page(self):
        # The English home page is the site's root; its translations live beside it under the tree root.
        home = HomePage.objects.filter(locale__language_code=self.english_code).first()
        if home is None:
            root = self.ensure_tree_root()
            # Wagtail's install creates a plain welcome page at the site root; replace it.
            for child in root.get_children():
                if child.specific_class is Page and child.slug == "home" and child.numchild == 0:
                    child.delete()
            data = self.site.home
            home = HomePage(
                title=data["title"],
                slug="home",
                welcome_heading=data["welcome_heading"],
                welcome_text=data["welcome_text"],
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created.append("home page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=self.site.clinic["clinic_name"],
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return home

    english_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)

    def english_locale(self):
        return Locale.objects.get(language_code=self.english_code)

    @staticmethod
    def ensure_tree_root():
        """The page tree's root, which Wagtail's migrations create; rebuilt if the database was flushed."""
        root = Page.get_first_root_node()
        if root is None:
            Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        return root

    def ensure_clinic_details(self, home):
        site = Site.objects.get(root_page=home)
        details, created = ClinicDetails.objects.get_or_create(site=site, defaults=self.site.clinic)
        if created:
            self.created.append("clinic details")

    def ensure_groups(self):
        groups = {}
        for data in self.site.groups:
            group, created = TopicGroup.objects.get_or_create(
                slug=data["slug"], locale=self.english_locale(), defaults=data
            )
            groups[group.slug] = group
            if created:
                self.created.append(f"group {group.slug}")
        return groups

    def ensure_calls_to_action(self):
        """Calls to action by name; their links are set once the pages they name exist (link_calls_to_action)."""
        ctas = {}
        for data in self.site.calls_to_action:
            fields = {k: v for k, v in data.items() if k != "link_page"}
            cta, created = CallToAction.objects.get_or_create(
                name=data["name"], locale=self.english_locale(), defaults=fields
            )
            ctas[cta.name] = cta
            if created:
                self.created.append(f"call to action {cta.name!r}")
        return ctas

    def ensure_clinicians(self):
        """Clinician profiles by slug: the reviewers the topic files name."""
        clinicians = {}
        self.new_clinicians = set()
        for data in self.site.clinicians:
            fields = {key: value for key, value in data.items() if key != "conditions"}
            profile, created = ClinicianProfile.objects.get_or_create(slug=data["slug"], defaults=fields)
            clinicians[profile.slug] = profile
            if created:
                self.new_clinicians.add(profile.slug)
                self.created.append(f"clinician {profile.slug}")
        return clinicians

    def link_clinician_conditions(self, clinicians, topics):
        """The topics a new demo clinician treats (English pages; the Spanish directory shows their translations)."""
        for data in self.site.clinicians:
            if data["slug"] in self.new_clinicians:
                path = "clinicians.yaml"
                pages = [self.named(topics, slug, path, "topic") for slug in data.get("conditions", [])]
                clinicians[data["slug"]].conditions.set(pages)

    def ensure_topic_index(self, home):
        data = self.site.topic_index
        index = TopicIndexPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if index is None:
            index = TopicIndexPage(**data)
            home.add_child(instance=index)
            index.save_revision().publish()
            self.created.append("topic index")
        return index

    def ensure_topics(self, index, groups, ctas, clinicians):
        existing = {page.slug: page for page in TopicPage.objects.child_of(index)}
        cta_pks = {name: cta.pk for name, cta in ctas.items()}
        today = datetime.date.today()
        new = []
        for slug, (path, data) in self.site.topics.items():
            if slug in existing:
                continue
            # Spread over the last year, so the "Topics due for review" report has overdue and due-soon rows.
            last_reviewed = today - datetime.timedelta(days=data["reviewed_days_ago"])
            topic = TopicPage(
                title=data["title"],
                slug=slug,
                kind=data["kind"],
                summary=data["summary"],
                also_called="\n".join(data["also_called"]),
                reviewed_by=(reviewer := self.named(clinicians, data["reviewer"], path, "clinician")),
                medical_reviewer=reviewer.credited_name,
                last_reviewed=last_reviewed,
                next_review_due=last_reviewed + datetime.timedelta(days=settings.TOPIC_REVIEW_INTERVAL_DAYS),
                body=topic_body(path, data["body"], cta_pks),
                appointment_service=data.get("appointment_service", ""),
            )
            topic.groups.set([self.named(groups, name, path, "group") for name in data["groups"]])
            topic.codes = topic_codes(path, data.get("codes", []))
            index.add_child(instance=topic)
            existing[topic.slug] = topic
            new.append((topic, path, data))
            self.created.append(f"topic {topic.slug}")
        for topic, path, data in new:
            related = [self.named(existing, name, path, "related topic") for name in data["related"]]
            topic.related_topic_links.set([RelatedTopic(related_page=page) for page in related])
            topic.treatment_links.set(
                [
                    TreatmentLink(
                        linked_topic=self.named(existing, link["topic"], path, "linked treatment or condition"),
                        how_it_helps=link["how_it_helps"],
                    )
                    for link in data.get("treatment_links", [])
                ]
            )
            topic.save_revision().publish()
        return existing

    def ensure_home_features(self, home, topics, ctas):
        if home.featured_topics.exists():
            return
        data = self.site.home
        path = "home.yaml"
        featured = [self.named(topics, slug, path, "topic") for slug in data["featured"]]
        home.featured_topics.set([FeaturedTopic(topic=topic) for topic in featured])
        home.call_to_action = self.named(ctas, data["call_to_action"], path, "call to action")
        home.save_revision().publish()
        self.created.append("featured topics")

    def ensure_contact_page(self, home):
        """The contact form at /contact/, where every call to action that invites booking leads."""
        contact = ContactPage.objects.child_of(home).first()
        if contact is None:
            contact = ContactPage(**self.site.contact)
            home.add_child(instance=contact)
            contact.save_revision().publish()
            self.created.append("contact page")
        return contact

    def ensure_clinic_pages(self, home):
        """Visiting us, costs and insurance, referrals: each new page gets the promoted searches its file lists.

        Returns {slug: page} for every clinic page under the home page."""
        existing = {page.slug: page for page in ClinicInfoPage.objects.child_of(home)}
        for data in self.site.clinic_pages:
            if data["slug"] in existing:
                continue
            fields = {k: v for k, v in data.items() if k != "promoted_for"}
            page = ClinicInfoPage(**fields)
            home.add_child(instance=page)
            page.save_revision().publish()
            existing[page.slug] = page
            self.created.append(f"clinic page {page.slug}")
            for query_string in data.get("promoted_for", []):
                query = Query.get(query_string)
                SearchPromotion.objects.create(
                    query=query, page=page, description=page.summary, sort_order=query.editors_picks.count()
                )
        return existing

    def ensure_appointment_times(self, clinicians, locations):
        """Two weeks of open first consultations from tomorrow (weekday mornings in person, Thursday afternoons by
        video) and Tuesday ketamine infusions (shown on the ketamine page), only when the site has no appointment
        times at all."""
        if Slot.objects.exists():
            return
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        last = tomorrow + datetime.timedelta(days=13)
        clinician = next(iter(clinicians.values()), None)
        place = next(iter(locations.values()), None)
        common = {
            "place": place,
            "location": "Lakeshore clinic",
            "clinician": clinician,
            "service": "First consultation",
            "service_es": "Primera consulta",
        }
        morning = weekly_times(tomorrow, last, {0, 1, 2, 3, 4}, datetime.time(9), datetime.time(12), 60)
        add_weekly_slots(morning, minutes=60, mode=Slot.IN_PERSON, **common)
        afternoon = weekly_times(tomorrow, last, {3}, datetime.time(14), datetime.time(16), 30)
        add_weekly_slots(afternoon, minutes=30, mode=Slot.VIDEO, **{**common, "place": None, "location": "Video call"})
        infusions = weekly_times(tomorrow, last, {1}, datetime.time(8), datetime.time(14), 120)
        add_weekly_slots(
            infusions,
            minutes=120,
            mode=Slot.IN_PERSON,
            place=place,
            location="Lakeshore clinic",
            service=KETAMINE_SERVICE,
            service_es="Infusión de ketamina",
        )
        self.created.append("appointment times")

    def link_clinician_locations(self, clinicians, locations):
        """New demo clinicians see patients at the demo location."""
        for slug in self.new_clinicians:
            clinicians[slug].locations.set(locations.values())

    def link_calls_to_action(self, ctas, pages):
        """Point each call to action at the page its file names by slug, unless an editor has set a link."""
        for data in self.site.calls_to_action:
            cta = ctas[data["name"]]
            slug = data.get("link_page")
            if slug and not cta.link_page_id and not cta.link_url:
                cta.link_page = self.named(pages, slug, "calls_to_action.yaml", "page")
                cta.save(update_fields=["link_page"])

    def ensure_library_settings(self, home, ctas):
        """Settings -> Health library: the call to action on every library page, set once when first created."""
        name = self.site.library_call_to_action
        if not name:
            return
        cta = self.named(ctas, name, "calls_to_action.yaml", "call to action")
        site = Site.objects.get(root_page=home)
        _setting, created = HealthLibrarySettings.objects.get_or_create(site=site, defaults={"call_to_action": cta})
        if created:
            self.created.append("health library settings")

    @staticmethod
    def named(objects, name, path, what):
        """objects[name], or an error that names the data file and the missing name."""
        if name not in objects:
            raise DemoContentError(f"{path}: no {what} {name!r} in the demo content")
        return objects[name]

    def ensure_dev_admin(self):
        """Development only: a superuser so `make run` users can open /admin/ straight away."""
        password = os.environ.get("DEV_ADMIN_PASSWORD", "clinic-demo-admin")
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEV_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(DEV_ADMIN_USERNAME, "admin@example.org", password)
            self.stdout.write(f"Development admin login: {DEV_ADMIN_USERNAME} / {password} at /admin/")
        else:
            self.stdout.write(f"Development admin login: {DEV_ADMIN_USERNAME} (password as set before) at /admin/")
