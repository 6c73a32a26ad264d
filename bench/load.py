"""Mixed patient traffic for a bounded time, on loopback only; then check that no contact request was lost.

Run: make bench-load  (gunicorn with production settings, 30 s by default, at most 60 s)

Each virtual patient reads pages, searches, uses type-ahead and sends contact requests from its own address
(X-Forwarded-For, with the server trusting one proxy), so the per-client limit answers some with the
intended 429. Afterwards every request the site accepted (302 to the thank-you page) must be in the database.
"""

import collections
import os
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy

READS = ["/", "/topics/", "/topics/sciatica/", "/topics/fibromyalgia/", "/topics/?group=nerve-pain", "/contact/"]
SEARCHES = ["migrane", "siatica", "back pain", "nerve pain", "fibro", "slipped disc", "ketamine", "crps"]
FORM_FIELD = 'name="origin_checked_form"'


class LoopbackCookiePolicy(DefaultCookiePolicy):
    """Production cookies are Secure; on plain-HTTP loopback (TLS would end at the proxy) send them back anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def patient(base_url, stop_at, number, tally, lock):
    """One visitor with its own cookies and address."""
    rng = random.Random(number)
    cookies = urllib.request.HTTPCookieProcessor(CookieJar(LoopbackCookiePolicy()))
    opener = urllib.request.build_opener(cookies, NoRedirect())
    address = f"10.{number // 250}.{number % 250}.{rng.randint(1, 250)}"

    def call(kind, path, data=None, same_site=False):
        """`same_site`: says what a browser says of a form it sends from this site's page (Sec-Fetch-Site)."""
        headers = {"X-Forwarded-For": address, **({"Sec-Fetch-Site": "same-origin"} if same_site else {})}
        request = urllib.request.Request(base_url + path, data=data, headers=headers)
        try:
            with opener.open(request, timeout=30) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError:
            status, body = "connection error", b""
        with lock:
            tally[(kind, status)] += 1
        return status, body

    while time.monotonic() < stop_at:
        roll = rng.random()
        if roll < 0.55:
            call("page", rng.choice(READS))
        elif roll < 0.75:
            call("search", "/search/?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)}))
        elif roll < 0.9:
            call("suggest", "/search/suggest/?q=" + rng.choice(SEARCHES)[:3])
        else:
            status, body = call("contact form", "/contact/")
            if status != 200 or FORM_FIELD not in body.decode(errors="replace"):
                continue
            form = {
                "origin_checked_form": "contact",
                "first_name": "Load" + "abcdefghijklmnopqrstuvwxyz"[number % 26],
                "phone": f"555-010-{rng.randint(1000, 9999)}",
                "email": "",
                "preferred_time": "any",
                "reason": "new_patient",
                "consent": "on",
            }
            call("contact submit", "/contact/", urllib.parse.urlencode(form).encode(), same_site=True)


def run(base_url, seconds=30, patients=16):
    """Returns {(kind, status): count} after `seconds` of traffic from `patients` concurrent visitors."""
    seconds = min(seconds, 60)
    tally, lock = collections.Counter(), threading.Lock()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=patient, args=(base_url, stop_at, n, tally, lock), daemon=True) for n in range(patients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return tally


def unexpected(tally):
    """Every response that is neither a success nor an intended answer (contact 302 or 429)."""
    allowed = {("contact submit", 302), ("contact submit", 429)}
    return {key: n for key, n in tally.items() if key[1] != 200 and key not in allowed}


def report(tally, stored, seconds):
    total = sum(tally.values())
    accepted = tally[("contact submit", 302)]
    print(f"\n{total} requests in {seconds} s ({total / seconds:.0f} req/s), by kind and status:")
    for (kind, status), n in sorted(tally.items(), key=str):
        print(f"  {kind:15} {status}: {n}")
    print(f"contact requests accepted: {accepted}, refused by the limit (429): {tally[('contact submit', 429)]}")
    print(f"stored in the database: {stored}; lost: {accepted - stored}; unexpected responses: {unexpected(tally)}")


def main():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import serve  # the benchmark's database and server helpers

    seconds = int(os.environ.get("LOAD_SECONDS", "30"))
    env = serve.environment(page_cache=True)
    env["TRUSTED_PROXY_COUNT"] = "1"
    serve.build_site(env)
    count_sql = "SELECT count(*) FROM contact_contactrequest"
    import psycopg

    with psycopg.connect(serve.DATABASE_URL) as conn:
        before = conn.execute(count_sql).fetchone()[0]
    server = serve.start_server(serve.CACHED_PORT, env)
    try:
        tally = run(f"http://127.0.0.1:{serve.CACHED_PORT}", seconds=seconds)
    finally:
        serve.stop_server(server)
    with psycopg.connect(serve.DATABASE_URL) as conn:
        stored = conn.execute(count_sql).fetchone()[0] - before
    report(tally, stored, seconds)
    if unexpected(tally) or stored != tally[("contact submit", 302)]:
        raise SystemExit("load test failed: unexpected responses or lost submissions")


if __name__ == "__main__":
    main()
