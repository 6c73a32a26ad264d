# The clinic's front cache: Varnish in front of the app nodes, the way a CDN sits in production.
#
# `make serve` (scripts/serve.sh) renders this file with deploy/varnish/render_vcl.py: one backend per app node
# (APP_NODES of them, on APP_PORT, APP_PORT+1, ...) between the NODES markers, each with its own health probe, behind
# a round-robin director. As written (one node, __BACKEND_HOST__ and __BACKEND_PORT__ to fill in) it is the one-node
# form tests/test_varnish.py uses. What it does:
# - spreads requests over the healthy app nodes (round robin); a node whose probe of /healthz fails twice in three
#   seconds gets no requests until it answers again;
# - retries a GET or HEAD that failed on one node (refused, reset, timed out) on the next healthy node, so a node
#   dying under load costs a patient nothing; never a POST (a contact form must not be stored twice), which gets a
#   "please try again" page instead (Spanish under /es/), never cached;
# - caches anonymous GET/HEAD responses that Django marks shareable (`Cache-Control: s-maxage`, added by
#   pagecache/middleware.py to exactly the pages the page cache may store) and static files (WhiteNoise's max-age);
#   anything without an explicit lifetime, or `private`/`no-store`/`no-cache`, or setting a cookie, is never stored;
# - passes the admin, previews, documents, the CTA counter, feedback, newsletter and contact posts, and any
#   request carrying Django's session, CSRF or messages cookie (an editor, a visitor with a form open);
# - keeps only the query parameters the site reads (the list below, checked against the page classes by
#   tests/test_varnish.py) in the URL the app sees and the cache key, so `?utm_source=`, `?fbclid=` or
#   `?x=<random>` are answered from the bare page's object and cannot fill the cache; /api/ keeps its own list;
# - gives every request a random experiment variant (`X-Page-Variant: a` or `b`, the client's own value dropped):
#   pages with a running experiment vary on it (experiments/), so both orders are cached; no cookie, nothing kept;
# - serves a stale copy for up to 6 hours while every app node is down (grace; 10 s while one is healthy);
# - accepts PURGE (every cached variant of one path, any query string) and BAN (everything) from loopback only:
#   Wagtail's frontend cache sends them (pagecache/backends.py VarnishBackend, to every node in VARNISH_URLS) on
#   publish, unpublish, move, snippet and setting changes, from the same purge rules as the page cache
#   (pagecache/signals.py); `PURGE /api/` drops every content API answer (api/signals.py); the SMART Scheduling
#   Links publication (`/$bulk-publish`, `/fhir/*.ndjson`) is cached like a page and purged path by path when an
#   appointment time changes (appointments/purges.py).
vcl 4.1;

import directors;
import std;

# Each node's /healthz (website/views.py healthz): 200 while its database answers (Redis down is "degraded", still
# 200), 503 when not. Exempt from the HTTPS redirect, so the probe's plain HTTP gets an answer, not a 301.
probe healthz {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# BEGIN NODES
backend app {
    .host = "__BACKEND_HOST__";
    .port = "__BACKEND_PORT__";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = healthz;
}

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(app);
    new after_app = directors.fallback();
    after_app.add_backend(app);
}

# On a retry: the first healthy node after the one that failed (render_vcl.py writes one fallback list per node).
sub next_node {
    if (bereq.http.x-failed-node == "app") {
        set bereq.backend = after_app.backend();
    }
}

# The page-view beacon's node (render_vcl.py --beacon-node, as `make serve` runs one): while it is healthy it takes
# every beacon, else the app nodes answer them. As written, the app nodes answer them.
sub page_view_node {
    return;
}
# END NODES

# BEGIN HOSTS
# The hosts the site answers to (Django's ALLOWED_HOSTS): render_vcl.py --allowed-hosts writes the test; this
# template (used as it is by tests/test_varnish.py) accepts every host and leaves the check to Django.
sub known_host {
    return;
}
# END HOSTS

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            # Everything (a site setting, a view restriction, a bulk import: pagecache.signals.purge_everything).
            std.ban("obj.status != 0");
        } elsif (req.url ~ "^/api/?$") {
            # Every content API answer (api/signals.py sends this on any publish: answers mix many pages).
            std.ban("obj.http.x-path ~ ^/api/");
        } else {
            # Every query variant of this path on every host (?group=, ?letter=, ?page=), as the page cache does.
            std.ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        }
        if (std.ban_error() != "") {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
    }
    # An experiment's variant for this one request, at random, whatever the client sent (experiments/): a page with a
    # running experiment answers `Vary: X-Page-Variant` and is kept once per variant; every other page stays one object.
    unset req.http.X-Page-Variant;
    if (std.random(0, 1) < 0.5) {
        set req.http.X-Page-Variant = "a";
    } else {
        set req.http.X-Page-Variant = "b";
    }
    # One Host per site before anything is hashed: lower-case, no port (Django ignores the port when it checks
    # ALLOWED_HOSTS, so `localhost:10000` ... `localhost:10019` would otherwise be 20 cached copies of one page).
    set req.http.Host = std.tolower(regsub(req.http.Host, ":[0-9]*$", ""));
    set req.http.x-known-host = "yes";
    call known_host;
    if (req.http.x-known-host != "yes") {
        return (synth(400, "Unknown host"));
    }
    unset req.http.x-known-host;
    set req.backend_hint = nodes.backend();
    unset req.http.x-failed-node;
    if (req.method == "POST" && req.url == "/go/view/") {
        call page_view_node;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)="
        || req.url ~ "^/(es/)?(admin|django-admin|documents|go|feedback|subscribe)(/|$)"
        || req.url ~ "^/healthz"
        || req.url ~ "[?&]preview(=|&|$)") {
        set req.http.X-Cache = "pass";
        return (pass);
    }
    # One cached copy of the bulk publication manifest however its `$` is written (purges name `/$bulk-publish`).
    if (req.url ~ "^/%24bulk-publish") {
        set req.url = regsub(req.url, "^/%24", "/$");
    }
    # The content API keeps its own parameters (api/routes.py; checked by tests/test_varnish_api.py).
    if (req.url ~ "^/api/" && req.url ~ "\?") {
        set req.http.x-query = regsuball("&" + regsub(req.url, "^[^?]*\?", ""),
            "&(?!(?:code|system|lang|language|group|kind|search|updated_since|limit|offset|mainSearchCriteria\.v\.c|mainSearchCriteria\.v\.cs|informationRecipient\.languageCode\.c|knowledgeResponseType)=)[^&]*", "");
        set req.url = regsub(req.url, "\?.*$", "") + regsub(req.http.x-query, "^&", "?");
        unset req.http.x-query;
        set req.url = std.querysort(req.url);
    } elsif (req.url ~ "\?") {
        # Only the parameters some view reads survive (page classes' page_cache_query_params, search's q and page).
        set req.http.x-query = regsuball("&" + regsub(req.url, "^[^?]*\?", ""),
            "&(?!(?:from|group|letter|library|page|prescreen|q|slot|topic|variant)=)[^&]*", "");
        set req.url = regsub(req.url, "\?.*$", "") + regsub(req.http.x-query, "^&", "?");
        unset req.http.x-query;
        set req.url = std.querysort(req.url);
    }
    # The language comes from the URL alone and no other cookie matters to an anonymous page.
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # http and https pages differ (absolute links, the HTTPS redirect), as the page cache's keys do.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.X-Cache = "hit-stale";
    } else {
        set req.http.X-Cache = "hit";
    }
}

sub vcl_miss {
    set req.http.X-Cache = "miss";
}

sub vcl_pass {
    if (!req.http.X-Cache) {
        set req.http.X-Cache = "pass";
    }
}

sub vcl_backend_fetch {
    if (bereq.retries > 0) {
        call next_node;
    }
}

sub vcl_backend_error {
    # A node that refused, reset or timed out: an idempotent request goes to the next healthy node.
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        set bereq.http.x-failed-node = beresp.backend.name;
        return (retry);
    }
    # Anything else (a POST, or no node answering at all): a page that says what to do, in the page's language.
    set beresp.status = 503;
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "10";
    set beresp.http.Content-Security-Policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    if (bereq.url ~ "^/es(/|\?|$)") {
        set beresp.http.Content-Language = "es";
        synthetic({"<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Por favor, vuelva a intentarlo</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.5">
<h1>Por favor, vuelva a intentarlo</h1>
<p>No pudimos completar su solicitud en este momento.</p>
<p>Si estaba enviando un formulario, es posible que no lo hayamos recibido. Vuelva atr&aacute;s y env&iacute;elo
de nuevo dentro de un minuto: si ya nos hab&iacute;a llegado, no se guardar&aacute; dos veces.</p>
<p>Si necesita ayuda ahora, llame a la cl&iacute;nica. En una emergencia, llame al 911.</p>
<p><a href="/es/">Ir a la p&aacute;gina de inicio</a></p>
</body></html>
"});
    } else {
        set beresp.http.Content-Language = "en";
        synthetic({"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Please try again</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.5">
<h1>Please try again</h1>
<p>We could not complete your request just now.</p>
<p>If you were sending a form, we may not have received it. Please go back and send it again in a minute:
if it did reach us, it will not be stored twice.</p>
<p>If you need help now, call the clinic. In an emergency, call 911.</p>
<p><a href="/">Go to the home page</a></p>
</body></html>
"});
    }
    return (deliver);
}

sub vcl_backend_response {
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    set beresp.grace = 6h;
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]"
        || beresp.status >= 500) {
        # Not shareable: remember that for two minutes so requests for it are not queued behind each other.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        set beresp.grace = 0s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    # Name no software or version to the public (granian's Server, Varnish's Via).
    unset resp.http.Server;
    unset resp.http.Via;
    unset resp.http.x-path;
    if (req.http.X-Cache) {
        set resp.http.X-Cache = req.http.X-Cache;
    }
    set resp.http.X-Cache-Hits = obj.hits;
}

sub vcl_synth {
    unset resp.http.Server;
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
