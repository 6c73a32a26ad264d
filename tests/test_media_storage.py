"""Uploaded images and documents on S3-compatible storage (MEDIA_S3_*), against a real S3 server (SeaweedFS).

Images uploaded on one app node render on another with the same URL; renditions land in the bucket; documents
behind a view restriction stay private on the site and in the bucket; a bucket that does not answer costs an
editor a clear message and a patient at most a missing picture. Without MEDIA_S3_* nothing changes.
"""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from website.settings.base import media_storage

BUCKET_ENV = {
    "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "MEDIA_S3_BUCKET": "clinic-media",
    "MEDIA_S3_ACCESS_KEY_ID": "clinic",
    "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
}


def production_settings(monkeypatch, **environ):
    """website.settings.production as it reads this environment (every MEDIA_S3_* variable from `environ` only)."""
    monkeypatch.setenv("SECRET_KEY", "x")
    for name in ("MEDIA_S3_REGION", "MEDIA_S3_PUBLIC_URL", "MEDIA_S3_ADDRESSING_STYLE", *BUCKET_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(importlib.import_module("website.settings.production"))


def test_without_media_s3_settings_uploads_stay_on_local_disk(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert production.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_production_reads_the_bucket_from_the_environment(monkeypatch):
    production = production_settings(monkeypatch, **BUCKET_ENV, MEDIA_S3_REGION="eu-west-1")
    assert production.STORAGES["default"] == {
        "BACKEND": "website.storage.MediaBucketStorage",
        "OPTIONS": {
            "bucket_name": "clinic-media",
            "access_key": "clinic",
            "secret_key": "not-a-real-secret",
            "endpoint_url": "http://127.0.0.1:8333",
            "region_name": "eu-west-1",
            "addressing_style": "path",
        },
    }
    assert production.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_a_public_url_serves_images_from_there_and_documents_never():
    from website.storage import MediaBucketStorage

    options = media_storage({**BUCKET_ENV, "MEDIA_S3_PUBLIC_URL": "https://media.example.org/clinic/"})["OPTIONS"]
    assert options["custom_domain"] == "media.example.org/clinic"
    storage = MediaBucketStorage(**options)
    assert storage.url("images/a.width-400.webp") == "https://media.example.org/clinic/images/a.width-400.webp"
    assert storage.url("documents/plan.pdf") == "/media/documents/plan.pdf"
    private = MediaBucketStorage(**media_storage(BUCKET_ENV)["OPTIONS"])
    assert private.url("images/a.width-400.webp") == "/media/images/a.width-400.webp"


def test_aws_needs_no_endpoint_and_picks_its_own_addressing_style():
    aws = {name: value for name, value in BUCKET_ENV.items() if name != "MEDIA_S3_ENDPOINT_URL"}
    options = media_storage(aws)["OPTIONS"]
    assert options["endpoint_url"] is None
    assert options["addressing_style"] == "auto"
    assert options["region_name"] == "us-east-1"


@pytest.mark.parametrize(
    "environ, names",
    [
        ({"MEDIA_S3_BUCKET": "clinic-media"}, ["MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY"]),
        ({"MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333"}, ["MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID"]),
        (
            {name: value for name, value in BUCKET_ENV.items() if name != "MEDIA_S3_SECRET_ACCESS_KEY"},
            ["MEDIA_S3_SECRET_ACCESS_KEY"],
        ),
    ],
)
def test_half_the_media_s3_settings_stop_the_start_with_the_missing_names(monkeypatch, environ, names):
    with pytest.raises(ImproperlyConfigured) as error:
        production_settings(monkeypatch, **environ)
    assert all(name in str(error.value) for name in names)


@pytest.mark.parametrize(
    "name, value",
    [
        ("MEDIA_S3_ADDRESSING_STYLE", "sideways"),
        ("MEDIA_S3_ENDPOINT_URL", "127.0.0.1:8333"),
        ("MEDIA_S3_PUBLIC_URL", "media.example.org"),
    ],
)
def test_a_malformed_media_s3_setting_is_named(name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        media_storage({**BUCKET_ENV, name: value})
