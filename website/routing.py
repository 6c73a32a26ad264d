"""Finding the page for a URL in two queries however deep it is (Wagtail's own routing reads the active locale, the
home page in that language, then each level's child and its specific row: nine queries for a topic page).

The site and its home page in each language come from the shared cache (website.shared); one query reads every page
on the path by `url_path`, one more the found page's own fields. A page type with its own `route()` (a routable page
such as the blog index) is routed by it from that level on, as Wagtail would. The result goes where Wagtail's view
looks for it (`request._wagtail_route_for_request`), so everything after routing (view restrictions, serve hooks,
`serve()`) is Wagtail's own.
"""

from django.http import Http404
from django.utils import translation
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from website.languages import locale_id_for
from website.shared import language_roots, view_restrictions


def localized_root(site):
    """The site's home page in the active language when it is live, else the site's root page (Wagtail's
    `root_page.localized`)."""
    locale_id = locale_id_for(translation.get_language())
    for root in language_roots(site):
        if root.locale_id == locale_id and root.live:
            return root
    return site.root_page


def route(request, path):
    """Wagtail's `RouteResult` for this path under the request's site, or None (no such page: 404)."""
    site = request._wagtail_site
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    root = localized_root(site)
    url_paths = [root.url_path + "".join(f"{c}/" for c in components[:n]) for n in range(len(components) + 1)]
    rows = {page.url_path: page for page in Page.objects.filter(url_path__in=url_paths, path__startswith=root.path)}
    page = rows.get(url_paths[0])
    if page is None:
        return None
    ancestors = []
    try:
        for level in range(len(components) + 1):
            remaining = components[level:]
            page_class = page.specific_class
            if page_class is None:
                return None
            if page_class.route is not Page.route:
                return _route_by_own_route(request, page, ancestors, remaining, rows, url_paths[level:])
            if not remaining:
                if not page.live:
                    return None
                found = page.specific
                # Its ancestors below the tree's root, read by the same query: breadcrumbs and view restrictions.
                found._route_ancestors = ancestors
                if ancestors:
                    found._cached_parent_obj = ancestors[-1]
                return RouteResult(found)
            child = rows.get(url_paths[level + 1])
            if child is None or child.depth != page.depth + 1 or not child.path.startswith(page.path):
                return None
            ancestors.append(page)
            page = child
    except Http404:
        return None
    return None


def _route_by_own_route(request, page, ancestors, remaining, rows, url_paths):
    """A page type that routes its own paths (RoutablePageMixin): its `route()` decides; when the answer is the page
    itself or its child on the path, that page still gets its ancestors from the rows already read."""
    specific = page.specific
    specific._route_ancestors = list(ancestors)
    result = specific.route(request, remaining)
    found = result.page if result is not None else None
    if found is not None and found is not specific and len(url_paths) > 1:
        child = rows.get(url_paths[1])
        if child is not None and child.pk == found.pk:
            found._route_ancestors = [*ancestors, page]
    return result


def route_request(request, path):
    """Route before Wagtail's page view runs; it then uses this result instead of walking the tree itself."""
    if not hasattr(request, "_wagtail_route_for_request") and hasattr(request, "_wagtail_site"):
        request._wagtail_route_for_request = route(request, path)


class RoutedPageMixin:
    """For page types: what routing already read (the page's ancestors) and the shared view restrictions answer the
    breadcrumbs and Wagtail's view-restriction check without more queries. A page not routed by `route` (a preview,
    a page found another way) reads them from the database as Wagtail does."""

    def get_view_restrictions(self):
        ancestors = getattr(self, "_route_ancestors", None)
        if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
            return super().get_view_restrictions()
        ids = [r.pk for r in view_restrictions() if self.path.startswith(r.page.path)]
        return PageViewRestriction.objects.filter(pk__in=ids) if ids else PageViewRestriction.objects.none()


def breadcrumb_pages(page):
    """The page's ancestors below the tree's root (the home page first), as routing read them when it did."""
    ancestors = getattr(page, "_route_ancestors", None)
    if ancestors is not None:
        return ancestors
    return list(page.get_ancestors().filter(depth__gt=1))
