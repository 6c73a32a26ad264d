"""The clinic's rules in Wagtail's content checker (userbar "Checks" and the editor's Checks panel).

The server runs the rules (contentchecks.checks) on the page being shown, which in a preview is the unsaved
page from the edit form, and hands each rule's results to axe as that rule's check options: the browser side
(static/contentchecks/checks.js, registered with the userbar's `registerCheck`) only finds the elements holding
the offending text. Rule ids, thresholds and messages exist once, in Python.
"""

from django.forms import Media
from django.utils.functional import cached_property
from wagtail.admin.userbar import ContentCheckerItem

from .checks import RULES, check_page

#: What each way of locating an offending element looks at in the rendered page (inside <main>).
SELECTORS = {
    "text": "main p, main li, main h1, main h2, main h3, main h4, main blockquote, main td, main th, main dd, "
    "main dt, main figcaption, main summary, main caption",
    "word": "main p, main li, main h1, main h2, main h3, main h4, main blockquote, main td, main th, main dd, "
    "main dt, main figcaption, main summary, main caption",
    "alt": "main img",
    "link": "main a[href]",
    "page": "h1",
}
#: How many results a rule's help text lists before "and n more".
LISTED = 5


def check_id(rule):
    return f"{rule.id}-check"


class ClinicContentCheckerItem(ContentCheckerItem):
    """Wagtail's content checker plus the clinic's rules, for one page (None: no page, the rules stay quiet)."""

    def __init__(self, in_editor=False, page=None):
        super().__init__(in_editor=in_editor)
        self.page = page

    @cached_property
    def checks(self):
        if self.page is None or not hasattr(self.page, "body"):
            return None
        return check_page(self.page)

    def results_for(self, rule):
        return [result for result in self.checks.results if result.rule == rule.id] if self.checks else []

    def get_axe_run_only(self, request):
        return [*super().get_axe_run_only(request), *(rule.id for rule in RULES)]

    def get_axe_custom_rules(self, request):
        return [
            *super().get_axe_custom_rules(request),
            *(
                {
                    "id": rule.id,
                    "impact": "moderate",
                    "selector": SELECTORS[rule.locate],
                    "tags": ["clinic-content"],
                    "any": [check_id(rule)],
                    "enabled": True,
                }
                for rule in RULES
            ),
        ]

    def get_axe_custom_checks(self, request):
        return [
            *super().get_axe_custom_checks(request),
            *(
                {
                    "id": check_id(rule),
                    "options": {
                        "locate": rule.locate,
                        "locators": sorted({result.locator for result in self.results_for(rule)}),
                        "found": bool(self.results_for(rule)),
                    },
                }
                for rule in RULES
            ),
        ]

    def get_axe_messages(self, request):
        messages = dict(super().get_axe_messages(request))
        for rule in RULES:
            results = self.results_for(rule)
            lines = [result.message for result in results[:LISTED]]
            if len(results) > LISTED:
                lines.append(f"…and {len(results) - LISTED} more.")
            messages[rule.id] = {"error_name": rule.title, "help_text": " ".join(lines) or rule.title}
        return messages

    @property
    def media(self):
        return Media(js=["contentchecks/checks.js"])


def use_clinic_checker(request, items, page):
    """construct_wagtail_userbar hook: swap Wagtail's content checker item for the clinic's, keeping its place."""
    for position, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ClinicContentCheckerItem):
            items[position] = ClinicContentCheckerItem(in_editor=item.in_editor, page=page)
