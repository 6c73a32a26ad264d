"""The endpoints "Did this page help?" posts to: one answer, then an optional comment.

Why these views are `csrf_exempt`, and why that is safe:

The question sits on pages served to every anonymous visitor from the page cache (pagecache/), so the page
cannot carry a per-visitor CSRF token or set a CSRF cookie without becoming uncacheable. CSRF protects a
visitor's *credentials* (a session) from being used by another site; these endpoints use none: they read no
cookie, set no cookie, and only add one anonymous count or comment, the same thing anyone can do by answering.
What remains is another site making visitors' browsers post answers, and ballot stuffing. Against the first,
every request a browser makes says where it comes from: `Sec-Fetch-Site` (every current browser) must be
`same-origin`, or else `Origin` must be this site; a cross-site post is refused with 403. Against the second,
each client (an HMAC of its address, never the address) may post FEEDBACK_RATE_LIMIT_PER_HOUR times an hour
(429 past it) and one answer per page a minute is counted, however often it is repeated.
"""

import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from website.personal_data import remove_contact_details
from website.ratelimit import RateLimit
from website.sameorigin import posted_from_this_site

from .forms import NO, AnswerForm, CommentForm
from .models import PageFeedbackComment, PageFeedbackDay

logger = logging.getLogger(__name__)

HOUR = 60 * 60
MINUTE = 60


def client_limit():
    return RateLimit("feedback", "feedback.ratelimit", settings.FEEDBACK_RATE_LIMIT_PER_HOUR, HOUR, 64)


def answer_once(page):
    """One counted answer per client per page a minute: a repeated flood counts once."""
    return RateLimit(f"feedback-once:{page.pk}", "feedback.once", 1, MINUTE, 64)


def feedback_page(page_id):
    """The live, public page with the question (its class sets `asks_for_feedback`), or 404."""
    page = Page.objects.live().public().filter(pk=page_id).select_related("locale", "content_type").first()
    if page is None or not getattr(page.specific_class, "asks_for_feedback", False):
        raise Http404("No page asks for feedback here.")
    return page


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def respond(request, page, template, context, status=200):
    """The fragment as JSON for the page's script, or a whole page when the browser posted the form itself."""
    context = {"feedback_page": page, **context}
    if wants_json(request):
        body = {"html": render_to_string(template, context, request=request)}
        if status >= 400:
            body["error"] = context.get("message", "")
        response = JsonResponse(body, status=status)
    else:
        context["fragment"] = template
        response = TemplateResponse(request, "feedback/response_page.html", context, status=status)
    add_never_cache_headers(response)
    return response


def refuse(request, page, status, message):
    return respond(request, page, "feedback/includes/problem.html", {"message": message}, status=status)


def checked(view):
    """Origin check, rate limit and page lookup shared by both endpoints."""

    @csrf_exempt
    @require_POST
    def wrapper(request, page_id):
        if not posted_from_this_site(request):
            logger.info("Page feedback: refused a post from another site")
            return refuse(request, None, 403, _("This form can only be sent from our own website."))
        if not client_limit().hit(request):
            logger.info("Page feedback: rate limit reached")
            return refuse(request, None, 429, _("We have had a lot of answers from your connection. Thank you."))
        return view(request, feedback_page(page_id))

    wrapper.__name__ = wrapper.__qualname__ = view.__name__
    return wrapper


@checked
def answer(request, page):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return refuse(request, page, 400, _("Choose Yes or No."))
    helpful = form.cleaned_data["helpful"] != NO
    if answer_once(page).hit(request):
        PageFeedbackDay.record(page, helpful)
    context = {"helpful": helpful, "comment_form": None if helpful else CommentForm()}
    return respond(request, page, "feedback/includes/thanks.html", context)


@checked
def comment(request, page):
    form = CommentForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return refuse(request, page, 400, message)
    PageFeedbackComment.objects.create(
        page=page, day=timezone.localdate(), text=remove_contact_details(form.cleaned_data["comment"])
    )
    return respond(request, page, "feedback/includes/thanks.html", {"helpful": False, "comment_sent": True})
