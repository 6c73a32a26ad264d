"""WSGI entry point; production servers load `application` from here.

The page-view beacon (POST /go/view/) is answered by a small front before Django's handler where the default
cache is Redis (pageviews/front.py); every other request goes to Django unchanged. Around both, the access log
(website/accesslog.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")

django_application = get_wsgi_application()

from pageviews.front import BeaconFront  # noqa: E402  (needs the settings and apps that django.setup() loads)
from pageviews.middleware import BEACON_PATH  # noqa: E402
from website.accesslog import AccessLog  # noqa: E402

application = AccessLog(BeaconFront(django_application), quiet_path=BEACON_PATH)
