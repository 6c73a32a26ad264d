"""The SMART Scheduling Links bulk publication: the manifest at `/$bulk-publish` and its three NDJSON files.

Public and the same for everyone: `Cache-Control: max-age=0, s-maxage=FRONT_CACHE_SECONDS` lets Varnish keep each
answer until a slot changes (appointments/purges.py purges them), and any origin may read them (CORS).
"""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .publication import Publication
from .purges import FILE_PATHS

NDJSON = "application/fhir+ndjson"


def shareable(response):
    seconds = settings.FRONT_CACHE_SECONDS
    response["Cache-Control"] = f"max-age=0, s-maxage={seconds}" if seconds else "max-age=0"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def manifest(request):
    return shareable(
        JsonResponse(
            {
                "transactionTime": timezone.now().isoformat(timespec="seconds"),
                "request": request.build_absolute_uri(request.path),
                "requiresAccessToken": False,
                "output": [
                    {"type": kind, "url": request.build_absolute_uri(path)} for kind, path in FILE_PATHS.items()
                ],
                "error": [],
            }
        )
    )


def ndjson(resources):
    lines = "".join(json.dumps(resource, separators=(",", ":")) + "\n" for resource in resources)
    return shareable(HttpResponse(lines, content_type=NDJSON))


@require_safe
def locations(request):
    return ndjson(Publication(request).locations())


@require_safe
def schedules(request):
    return ndjson(Publication(request).schedules())


@require_safe
def slots(request):
    return ndjson(Publication(request).slot_resources())
