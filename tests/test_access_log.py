"""The app server's access log (website/accesslog.py): one line a request, with nothing that identifies a patient
or what they searched for, and no line for each answered page-view beacon."""

import logging
import re

import pytest
from django.test import RequestFactory

from website.accesslog import AccessLog

LINE = re.compile(
    r'^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] "(?P<request>[A-Z]+ \S+)" (?P<status>\d{3}) \d+\.\dms$'
)


def answering(status):
    def app(environ, start_response):
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok"]

    return app


def failing(environ, start_response):
    raise RuntimeError("the page broke")


def call(app, path="/search/", method="GET", query="q=sciatica+john+smith", **extra):
    environ = RequestFactory().generic(method, f"{path}?{query}", REMOTE_ADDR="203.0.113.7", **extra).environ
    return b"".join(AccessLog(app, quiet_path="/go/view/")(environ, lambda status, headers, exc_info=None: None))


def lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "website.access"]


def test_a_line_holds_time_method_path_status_and_duration_and_nothing_a_patient_typed(caplog):
    caplog.set_level(logging.INFO, logger="website.access")
    assert call(answering("200 OK"), HTTP_USER_AGENT="Mozilla/5.0", HTTP_REFERER="https://example.org/?q=x") == b"ok"
    [line] = lines(caplog)
    assert LINE.match(line).group("request", "status") == ("GET /search/", "200")
    for private in ("sciatica", "john", "203.0.113.7", "Mozilla", "example.org"):
        assert private not in line


def test_answered_beacons_get_no_line_but_refused_ones_and_other_paths_do(caplog):
    caplog.set_level(logging.INFO, logger="website.access")
    call(answering("204 No Content"), path="/go/view/", method="POST", query="")
    assert lines(caplog) == []
    call(answering("400 Bad Request"), path="/go/view/", method="POST", query="")
    call(answering("301 Moved Permanently"), path="/go/view/", method="POST", query="")
    call(answering("204 No Content"), path="/go/cta/1/", method="POST", query="")
    assert [LINE.match(line).group("request", "status") for line in lines(caplog)] == [
        ("POST /go/view/", "400"),
        ("POST /go/view/", "301"),
        ("POST /go/cta/1/", "204"),
    ]


def test_an_error_is_logged_as_500_and_still_raised(caplog):
    caplog.set_level(logging.INFO, logger="website.access")
    with pytest.raises(RuntimeError):
        call(failing)
    assert LINE.match(lines(caplog)[0]).group("status") == "500"
