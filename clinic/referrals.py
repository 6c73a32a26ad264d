"""The referral pathway for clinicians: every condition page's referral criteria, and the referral form (PDF).

The Referrals page (a clinic information page with `shows_referral_criteria`) lists the criteria of every live,
public topic page in its language, and serves `<page>/form.pdf`: a form made on request with fpdf2, in the page's
language, with the clinic's secure route (Clinic details), the criteria per condition and blank lines for the
referring clinician to fill in. The site collects no patient data: the form is printed or filled in the clinician's
own system and sent by the secure route.

The form is cached like a page (pagecache, Varnish): its URL is one of the page's cached paths, purged with the page,
and clinic/signals.py purges both when a topic page is published or unpublished.
"""

from dataclasses import dataclass

from django.db import connection
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from fpdf import FPDF

from topics.models import TopicPage
from website.languages import language_code_of
from website.shared import public

#: The form's address under the referral page.
REFERRAL_FORM = "form.pdf"
BLOCK_TYPE = "referral_criteria"


@dataclass(frozen=True)
class ConditionCriteria:
    """One topic page's referral criteria as the Referrals page and the form show them."""

    topic: TopicPage
    criteria: list  # the page's referral-criteria block values (ReferralCriteriaValue), in the editor's order


def referral_criteria(locale_id):
    """[ConditionCriteria] of the live, public topic pages in this language that have referral criteria, by title.

    One query: on PostgreSQL only pages whose body holds a referral-criteria block are read (JSON containment);
    SQLite (`make run`) has no such lookup, so there every topic's body is read and the blocks picked out here."""
    pages = public(TopicPage.objects.live()).filter(locale_id=locale_id)
    if connection.features.supports_json_field_contains:
        pages = pages.filter(body__contains=[{"type": BLOCK_TYPE}])
    pages = (
        pages.select_related("locale")
        .only("id", "title", "slug", "path", "depth", "url_path", "locale", "body", "live", "content_type_id")
        .order_by("title", "pk")
    )
    found = []
    for page in pages:
        # Only these blocks are read from the stored JSON: converting the whole body would read each page's
        # snippets and images (a query a page).
        block = page.body.stream_block.child_blocks[BLOCK_TYPE]
        criteria = [block.to_python(item["value"]) for item in page.body.raw_data if item["type"] == BLOCK_TYPE]
        if criteria:
            found.append(ConditionCriteria(page, criteria))
    return found


#: Characters the PDF's core font (Latin-1) lacks, written as the nearest it has.
PLAIN_CHARACTERS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u2265": ">=",
        "\u2264": "<=",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def latin(text):
    """Text the core font can print: accents and ñ as they are (Latin-1), typographic marks as plain ones."""
    return str(text).translate(PLAIN_CHARACTERS).encode("latin-1", "replace").decode("latin-1")


class ReferralFormPDF(FPDF):
    """Letter pages with the clinic's name at the top and a page number and privacy line at the bottom."""

    def __init__(self, clinic_name, footer_text):
        super().__init__(format="Letter", unit="mm")
        self.clinic_name = clinic_name
        self.footer_text = footer_text
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=20)

    def footer(self):
        self.set_y(-16)
        self.set_font("helvetica", size=8)
        self.set_text_color(80, 80, 80)
        self.multi_cell(0, 4, latin(self.footer_text), align="L")
        page_text = gettext("Page %(number)s of %(total)s") % {"number": self.page_no(), "total": "{nb}"}
        self.cell(0, 4, latin(page_text), align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text, size=13):
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(3)
        self.set_font("helvetica", "B", size)
        self.multi_cell(0, 7, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", size=10)

    def paragraph(self, text, style=""):
        self.set_font("helvetica", style, 10)
        self.multi_cell(0, 5, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", size=10)

    def bullets(self, items):
        for item in items:
            self.set_x(self.l_margin + 3)
            self.multi_cell(0, 5, latin(f"- {item}"), new_x="LMARGIN", new_y="NEXT")

    def blank_line(self, label, lines=1):
        """A label and a line to write on (more lines under it for longer answers)."""
        self.set_font("helvetica", size=10)
        label_width = self.get_string_width(latin(label)) + 3
        right = self.w - self.r_margin
        for number in range(lines):
            if self.get_y() > self.h - 30:
                self.add_page()
            y = self.get_y()
            if number == 0:
                self.cell(label_width, 8, latin(label))
                start = self.l_margin + label_width
            else:
                start = self.l_margin
            self.line(start, y + 7, right, y + 7)
            self.set_xy(self.l_margin, y + 8)


def referral_form_pdf(page, details, criteria):
    """The referral form for this page, as PDF bytes, in the page's language."""
    with translation.override(language_code_of(page.locale_id)):
        footer = gettext(
            "Fill this form in and send it with the patient's records by the secure route above. "
            "Please do not send patient details by ordinary email; this website collects no patient data."
        )
        pdf = ReferralFormPDF(details.clinic_name, footer)
        title = gettext("Referral form: %(clinic)s") % {"clinic": details.clinic_name}
        pdf.set_title(latin(title))
        pdf.set_author(latin(details.clinic_name))
        pdf.set_lang(language_code_of(page.locale_id))
        # The same bytes for the same publication: a cached copy and a fresh one are identical.
        pdf.set_creation_date(page.last_published_at or timezone.now())
        pdf.add_page()
        pdf.heading(title, size=16)
        region = " ".join(part for part in (details.region, details.postal_code) if part)
        address = ", ".join(part for part in (details.street_address, details.city, region) if part)
        pdf.paragraph(" | ".join(part for part in (address, details.phone) if part))

        pdf.heading(gettext("How to send a referral"))
        if details.referral_fax:
            pdf.paragraph(gettext("Secure fax: %(fax)s") % {"fax": details.referral_fax}, style="B")
        if details.referral_direct_address:
            pdf.paragraph(
                gettext("Secure (Direct) email: %(address)s") % {"address": details.referral_direct_address},
                style="B",
            )
        pdf.paragraph(gettext("Questions about a referral: call %(phone)s.") % {"phone": details.phone})
        if details.referral_response_text:
            pdf.paragraph(details.referral_response_text)

        pdf.heading(gettext("Referring clinician"))
        for label in (
            gettext("Name and credentials"),
            gettext("Practice"),
            gettext("Phone"),
            gettext("Secure fax or Direct address"),
            gettext("NPI"),
        ):
            pdf.blank_line(label)

        pdf.heading(gettext("Patient"))
        for label in (gettext("Name"), gettext("Date of birth"), gettext("Phone"), gettext("Preferred language")):
            pdf.blank_line(label)

        pdf.heading(gettext("Reason for referral"))
        pdf.blank_line(gettext("Condition and how long"), lines=2)
        pdf.blank_line(gettext("Treatments already tried, and how they went"), lines=3)
        pdf.blank_line(gettext("Current medicines and doses"), lines=2)
        pdf.blank_line(gettext("Imaging and reports enclosed"), lines=2)
        pdf.blank_line(gettext("Signature and date"))

        pdf.heading(gettext("Our referral criteria"))
        if not criteria:
            pdf.paragraph(gettext("Call us to talk about any referral."))
        for item in criteria:
            pdf.heading(item.topic.title, size=11)
            for value in item.criteria:
                for label, entries in value.lists():
                    pdf.paragraph(str(label), style="B")
                    pdf.bullets(entries)
                if value["note"]:
                    pdf.paragraph(value["note"], style="I")
        return bytes(pdf.output())


def referral_form_filename(details, language):
    with translation.override(language):
        return f"{slugify(details.clinic_name) or 'clinic'}-{slugify(gettext('referral form'))}.pdf"


def referral_form_response(page, request, details):
    """The PDF as a download; cached like the page it is made from (its URL is among the page's cached paths)."""
    content = referral_form_pdf(page, details, page.referral_criteria)
    response = HttpResponse(content, content_type="application/pdf")
    filename = referral_form_filename(details, language_code_of(page.locale_id))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
