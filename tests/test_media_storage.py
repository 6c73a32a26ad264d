"""Uploaded images and documents on S3-compatible storage (MEDIA_S3_*), against a real S3 server (SeaweedFS).

Images uploaded on one app node render on another with the same URL; renditions land in the bucket; documents
behind a view restriction stay private on the site and in the bucket; a bucket that does not answer costs an
editor a clear message and a patient at most a missing picture. Without MEDIA_S3_* nothing changes.
"""

import importlib
import io
import os
import re

import pytest
import requests
from django.contrib.auth.models import Group
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import ArticlePageFactory, BlogIndexPageFactory, UserFactory
from tests.s3 import s3_server  # noqa: F401 (the session's SeaweedFS)
from tests.servers import free_port, production_server
from tests.staff import verified_login
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
    base = importlib.import_module("website.settings.base")
    assert base.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}, (
        "production changed the dict the test settings share"
    )
    assert base.STORAGES["staticfiles"] == {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def test_a_public_url_lets_pages_show_images_from_that_domain_only(monkeypatch):
    production = production_settings(monkeypatch, **BUCKET_ENV, MEDIA_S3_PUBLIC_URL="https://media.example.org/clinic")
    assert production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://media.example.org",
    ]
    assert production_settings(monkeypatch, **BUCKET_ENV).CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
    ]


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


def png_bytes(colour="teal"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (400, 300), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def bucket(s3_server):  # noqa: F811
    return s3_server.new_bucket()


@pytest.fixture
def on_bucket(settings, s3_server, bucket):  # noqa: F811
    """This process (app node A) stores media in a fresh bucket of the session's SeaweedFS."""
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(s3_server.media_env(bucket))}
    settings.SERVE_MEDIA = True
    return bucket


def bucket_unreachable(settings, bucket):
    """The same bucket name on a port where nothing answers, as when the S3 service is down."""
    env = {
        "MEDIA_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ACCESS_KEY_ID": "clinic-media-test",
        "MEDIA_S3_SECRET_ACCESS_KEY": "unused",
    }
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(env)}


def bucket_keys(s3_server, bucket):  # noqa: F811
    listing = s3_server.client().list_objects_v2(Bucket=bucket)
    return {entry["Key"] for entry in listing.get("Contents", [])}


def bucket_object(s3_server, bucket, key):  # noqa: F811
    return s3_server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def root_collection():
    """Wagtail's root collection, as migrations create it (a transactional test's flush removes it)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def upload_image(client, title, content, filename="clinic-room.png"):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(filename, content, "image/png"),
            "collection": root_collection().id,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_image_model().objects.get(title=title)


def upload_document(client, title, content, collection, filename):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(filename, content, "application/pdf"),
            "collection": collection.id,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_document_model().objects.get(title=title)


def staff_only_collection():
    """A collection whose documents only the clinicians group may open (Wagtail's collection privacy)."""
    collection = root_collection().add_child(name="Staff only")
    clinicians = Group.objects.create(name="Staff documents readers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(clinicians)
    return collection, clinicians


def lead_image_src(html):
    return re.search(r'class="article__image" src="([^"]+)"', html).group(1)


def node_database_url():
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def forget_node_shared_reads():
    """The app servers share Redis with other tests' servers: make them read this test's site and settings afresh."""
    node_cache = RedisCache(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2"), {})
    node_cache.delete_many(["website:shared:version", "search:vocabulary:version"])
    node_cache.close()


@pytest.fixture
def article_with_uploaded_image(transactional_db, home, on_bucket, admin_user):
    """An editor uploads an image through the admin and an article shows it."""
    editor = Client()
    verified_login(editor, admin_user)
    image = upload_image(editor, "Clinic room", png_bytes())
    blog = BlogIndexPageFactory(parent=home)
    return ArticlePageFactory(parent=blog, lead_image=image, lead_image_alt="The waiting room"), editor


def test_an_image_uploaded_on_one_node_renders_on_another_from_the_bucket(
    article_with_uploaded_image,
    on_bucket,
    s3_server,  # noqa: F811
    tmp_path,
):
    """The editor's upload (the admin in this process) reaches the bucket; app node A, a production server process,
    renders the page first and so makes the rendition; app node B, another, shows the same URL and serves it."""
    article, editor = article_with_uploaded_image
    image = article.lead_image
    assert image.file.name in bucket_keys(s3_server, on_bucket)
    assert bucket_object(s3_server, on_bucket, image.file.name) == png_bytes()
    assert not image.renditions.exists()

    forget_node_shared_reads()
    environ = {**s3_server.media_env(on_bucket), "DATABASE_URL": node_database_url(), "PAGE_CACHE_ENABLED": "false"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        production_server(tmp_path / "a", **environ) as node_a,
        production_server(tmp_path / "b", **environ) as node_b,
    ):
        on_node_a = requests.get(f"http://127.0.0.1:{node_a}{article.url}", timeout=30)
        assert on_node_a.status_code == 200
        src = lead_image_src(on_node_a.text)
        rendition = image.renditions.get()
        assert src == rendition.url == f"/media/{rendition.file.name}"
        assert rendition.file.name in bucket_keys(s3_server, on_bucket), "the rendition landed in the bucket"

        on_node_b = requests.get(f"http://127.0.0.1:{node_b}{article.url}", timeout=30)
        assert on_node_b.status_code == 200
        assert lead_image_src(on_node_b.text) == src
        picture = requests.get(f"http://127.0.0.1:{node_b}{src}", timeout=30)
        assert picture.status_code == 200
        assert picture.headers["Content-Type"] == "image/webp"
        assert picture.content == bucket_object(s3_server, on_bucket, rendition.file.name)
        assert picture.content[:4] == b"RIFF"
        original = requests.get(f"http://127.0.0.1:{node_b}{image.file.url}", timeout=30)
        assert original.status_code == 200 and original.content == png_bytes()
        missing = requests.get(f"http://127.0.0.1:{node_b}/media/images/no-such-picture.png", timeout=30)
        assert missing.status_code == 404

    # The bucket itself answers no one without the keys: every picture goes through the app's /media/ URL.
    direct = requests.get(f"{s3_server.endpoint_url}/{on_bucket}/{rendition.file.name}", timeout=10)
    assert direct.status_code == 403


def test_private_documents_stay_private_on_every_node_and_in_the_bucket(
    transactional_db,
    home,
    on_bucket,
    s3_server,  # noqa: F811
    admin_user,
    tmp_path,
):
    editor = Client()
    verified_login(editor, admin_user)
    staff_only, clinicians = staff_only_collection()
    private = upload_document(editor, "Rota", b"%PDF-1.4 staff rota, not for patients", staff_only, "rota.pdf")
    leaflet = upload_document(
        editor, "Leaflet", b"%PDF-1.4 how to prepare for your visit", root_collection(), "leaflet.pdf"
    )
    assert {private.file.name, leaflet.file.name} <= bucket_keys(s3_server, on_bucket)
    assert s3_server.endpoint_url not in private.url and s3_server.endpoint_url not in private.file.url

    forget_node_shared_reads()
    environ = {**s3_server.media_env(on_bucket), "DATABASE_URL": node_database_url(), "PAGE_CACHE_ENABLED": "false"}
    with production_server(tmp_path, **environ) as node_b:
        refused = requests.get(f"http://127.0.0.1:{node_b}{private.url}", timeout=30, allow_redirects=False)
        assert refused.status_code == 302 and "/login/" in refused.headers["Location"]
        assert b"staff rota" not in refused.content
        by_file_url = requests.get(f"http://127.0.0.1:{node_b}{private.file.url}", timeout=30)
        assert by_file_url.status_code == 404 and b"staff rota" not in by_file_url.content
        public = requests.get(f"http://127.0.0.1:{node_b}{leaflet.url}", timeout=30)
        assert public.status_code == 200
        assert public.content == b"%PDF-1.4 how to prepare for your visit"

    for key in (private.file.name, leaflet.file.name):
        direct = requests.get(f"{s3_server.endpoint_url}/{on_bucket}/{key}", timeout=10)
        assert direct.status_code == 403 and b"staff rota" not in direct.content

    clinician = UserFactory()
    clinician.groups.add(clinicians)
    permitted = Client()
    verified_login(permitted, clinician)
    served = permitted.get(private.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 staff rota, not for patients"
    other = Client()
    verified_login(other, UserFactory())
    assert other.get(private.url).status_code == 302


def test_with_the_bucket_unreachable_an_editor_is_told_the_upload_was_not_saved(
    transactional_db, on_bucket, settings, admin_user, caplog
):
    """Committed transactions, as in production: Wagtail's background upload leaves a test's wrapping one unusable."""
    root_collection()
    bucket_unreachable(settings, on_bucket)
    editor = Client(raise_request_exception=False)
    verified_login(editor, admin_user)
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Clinic room",
            "file": SimpleUploadedFile("clinic-room.png", png_bytes(), "image/png"),
            "collection": root_collection().id,
        },
    )
    assert response.status_code == 503
    assert b"File storage is not answering" in response.content
    assert b"was not saved" in response.content
    assert not get_image_model().objects.filter(title="Clinic room").exists()
    assert "Media storage unavailable" in caplog.text
    assert "EndpointConnectionError" in caplog.text and "clinic-room" not in caplog.text
    # The admin's "Add images" page uploads in the background; it gets the same 503, which it reports as failed.
    dragged = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("waiting-room.png", png_bytes(), "image/png")},
    )
    assert dragged.status_code == 503 and b"was not saved" in dragged.content
    assert not get_image_model().objects.exists()


def test_with_the_bucket_unreachable_patients_pages_still_render(
    db,
    home,
    on_bucket,
    settings,
    admin_user,
):
    editor = Client()
    verified_login(editor, admin_user)
    blog = BlogIndexPageFactory(parent=home)
    shown = ArticlePageFactory(
        parent=blog, lead_image=upload_image(editor, "Shown", png_bytes()), lead_image_alt="A room"
    )
    src = lead_image_src(Client().get(shown.url).content.decode())
    not_yet_shown = ArticlePageFactory(
        parent=blog, lead_image=upload_image(editor, "New", png_bytes("navy"), "new.png"), lead_image_alt="A desk"
    )

    bucket_unreachable(settings, on_bucket)
    patient = Client(raise_request_exception=False)
    page = patient.get(shown.url)
    assert page.status_code == 200 and lead_image_src(page.content.decode()) == src
    assert patient.get(not_yet_shown.url).status_code == 200
    picture = patient.get(src)
    assert picture.status_code == 503 and picture["Retry-After"] == "60"
    assert b"try again" in picture.content


def test_with_a_public_url_images_come_straight_from_the_bucket_and_documents_stay_behind_the_app(
    db,
    home,
    settings,
    s3_server,  # noqa: F811
    admin_user,
):
    environ = s3_server.public_media_env()
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(environ)}
    editor = Client()
    verified_login(editor, admin_user)
    article = ArticlePageFactory(
        parent=BlogIndexPageFactory(parent=home),
        lead_image=upload_image(editor, "Reception", png_bytes("olive"), "reception.png"),
        lead_image_alt="Reception desk",
    )
    src = lead_image_src(Client().get(article.url).content.decode())
    rendition = article.lead_image.renditions.get()
    assert src == f"{environ['MEDIA_S3_PUBLIC_URL']}/{rendition.file.name}"
    picture = requests.get(src, timeout=10)
    assert picture.status_code == 200
    assert picture.content == bucket_object(s3_server, s3_server.public_bucket, rendition.file.name)

    staff_only, _readers = staff_only_collection()
    private = upload_document(editor, "Rota", b"%PDF-1.4 staff rota, not for patients", staff_only, "rota.pdf")
    assert private.file.name.startswith("documents/")
    assert not private.url.startswith(environ["MEDIA_S3_PUBLIC_URL"])
    assert not private.file.url.startswith(environ["MEDIA_S3_PUBLIC_URL"])
    direct = requests.get(f"{environ['MEDIA_S3_PUBLIC_URL']}/{private.file.name}", timeout=10)
    assert direct.status_code == 403 and b"staff rota" not in direct.content
    assert Client().get(private.url).status_code == 302


def test_an_operator_copies_local_uploads_into_the_bucket_under_the_same_names(
    settings,
    s3_server,  # noqa: F811
    bucket,
    tmp_path,
):
    local = {
        "original_images/clinic-room.png": png_bytes(),
        "images/clinic-room.width-800.webp": b"RIFF rendition",
        "documents/leaflet.pdf": b"%PDF-1.4 leaflet",
    }
    for name, content in local.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    (tmp_path / "notes.txt").write_text("not an upload")

    with pytest.raises(CommandError, match="MEDIA_S3_"):
        call_command("copy_media_to_bucket", "--from", str(tmp_path))

    settings.STORAGES = {**settings.STORAGES, "default": media_storage(s3_server.media_env(bucket))}
    output = io.StringIO()
    call_command("copy_media_to_bucket", "--from", str(tmp_path), "--dry-run", stdout=output)
    assert "Would copy 3 files" in output.getvalue()
    assert bucket_keys(s3_server, bucket) == set()

    call_command("copy_media_to_bucket", "--from", str(tmp_path), stdout=output)
    assert bucket_keys(s3_server, bucket) == set(local)
    assert all(bucket_object(s3_server, bucket, name) == content for name, content in local.items())
    again = io.StringIO()
    call_command("copy_media_to_bucket", "--from", str(tmp_path), stdout=again)
    assert "Copied 0 files" in again.getvalue() and "3 were already there" in again.getvalue()
