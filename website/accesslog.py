"""The app server's access log, one line a request on standard output: time, method, path, status and how long the
app took, as `[2026-12-08 09:15:02 +0000] "GET /topics/sciatica/" 200 12.3ms`.

Nothing that identifies a patient or what they typed: no address, no query string (searches), no header, no body.
A page-view beacon answered 204 gets no line: every page view sends one, so they would be most of the log and say
no more than the page-view counts do, and writing one cost more than answering it (docs/performance.md, "Page-view
beacon"). A refused beacon (400, 403, 405), a redirect to HTTPS and an error do get a line.

It replaces granian's own access log, whose per-request cost was about a third of a beacon's.
"""

import logging
import time

logger = logging.getLogger("website.access")


class AccessLog:
    """WSGI: `app`, with a line in the access log for each request (but answered beacons at `quiet_path`)."""

    def __init__(self, app, quiet_path):
        self.app = app
        self.quiet_path = quiet_path

    def __call__(self, environ, start_response):
        started_at = time.time()
        started = time.perf_counter()
        statuses = []

        def start_and_note(status, headers, exc_info=None):
            statuses.append(status)
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, start_and_note)
        except BaseException:
            statuses.append("500")
            raise
        finally:
            status = statuses[-1][:3] if statuses else "500"
            if not (status == "204" and environ.get("PATH_INFO") == self.quiet_path) and logger.isEnabledFor(
                logging.INFO
            ):
                taken = (time.perf_counter() - started) * 1000
                when = time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(started_at))
                method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
                logger.info('[%s] "%s %s" %s %.1fms', when, method, path, status, taken)
