# The clinic's front cache: Varnish in front of the app server, the way a CDN sits in production.
#
# `make serve` (scripts/serve.sh) and the tests (tests/test_varnish.py) render this file with the app server's
# address in place of __BACKEND_HOST__ and __BACKEND_PORT__. What it does:
# - caches anonymous GET/HEAD responses that Django marks shareable (`Cache-Control: s-maxage`, added by
#   pagecache/middleware.py to exactly the pages the page cache may store) and static files (WhiteNoise's max-age);
#   anything without an explicit lifetime, or `private`/`no-store`/`no-cache`, or setting a cookie, is never stored;
# - passes the admin, previews, documents, the CTA counter, feedback, newsletter and contact posts, and any
#   request carrying Django's session, CSRF or messages cookie (an editor, a visitor with a form open);
# - keeps only the query parameters the site reads (the list below, checked against the page classes by
#   tests/test_varnish.py) in the URL the app sees and the cache key, so `?utm_source=`, `?fbclid=` or
#   `?x=<random>` are answered from the bare page's object and cannot fill the cache;
# - serves a stale copy for up to 6 hours while the app server is down (grace; 10 s while it is healthy);
# - accepts PURGE (every cached variant of one path, any query string) and BAN (everything) from loopback only:
#   Wagtail's frontend cache sends them (pagecache/backends.py VarnishBackend) on publish, unpublish, move,
#   snippet and setting changes, from the same purge rules as the page cache (pagecache/signals.py).
vcl 4.1;

import std;

backend app {
    .host = "__BACKEND_HOST__";
    .port = "__BACKEND_PORT__";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

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
        } else {
            # Every query variant of this path on every host (?group=, ?letter=, ?page=), as the page cache does.
            std.ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        }
        if (std.ban_error() != "") {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
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
    # Only the parameters some view reads survive (page classes' page_cache_query_params, search's q and page).
    if (req.url ~ "\?") {
        set req.http.x-query = regsuball("&" + regsub(req.url, "^[^?]*\?", ""),
            "&(?!(?:group|letter|library|page|prescreen|q|topic)=)[^&]*", "");
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
    unset resp.http.x-path;
    if (req.http.X-Cache) {
        set resp.http.X-Cache = req.http.X-Cache;
    }
    set resp.http.X-Cache-Hits = obj.hits;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
