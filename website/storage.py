"""Uploaded images and documents in an S3-compatible bucket (STORAGES["default"] when MEDIA_S3_* are set).

The bucket stays private: nothing here ever hands out a link into it for a document. Images and editors' avatars
(no personal data) get the app's own /media/ URL, which every app node serves from the bucket, or, with
MEDIA_S3_PUBLIC_URL, a URL on that public domain (a CDN, or the bucket's images opened to anonymous reads).
Documents are only ever served through Wagtail's /documents/ view, which checks the collection's privacy.
"""

import contextlib

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from website.media import PUBLIC_FOLDERS, MediaStorageUnavailable


@contextlib.contextmanager
def bucket_errors(action):
    """botocore's errors as MediaStorageUnavailable, named by kind only: their text carries the object's key (a
    document's file name), which stays out of the logs."""
    try:
        yield
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "unknown")
        raise MediaStorageUnavailable(f"Media storage could not {action}: the bucket answered {code}") from None
    except BotoCoreError as error:
        raise MediaStorageUnavailable(f"Media storage could not {action}: {type(error).__name__}") from None


class MediaBucketStorage(S3Storage):
    # Two uploads called photo.jpg keep two files, as on local disk (django-storages would overwrite by default).
    file_overwrite = False
    querystring_auth = False
    default_acl = None

    def __init__(self, connect_timeout=2, read_timeout=10, **options):
        super().__init__(**options)
        # A dead or hung bucket costs a request seconds, not botocore's default minutes of retries.
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": 2, "mode": "standard"},
            )
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        """Images on MEDIA_S3_PUBLIC_URL when set; everything else under MEDIA_URL, never a bucket address.

        A document's file under MEDIA_URL is not served (website.views.media serves image folders only), so a
        stray `document.file.url` leads nowhere; links to documents are Wagtail's /documents/ view.
        """
        if self.custom_domain and name.startswith(PUBLIC_FOLDERS):
            return super().url(name)
        return settings.MEDIA_URL + filepath_to_uri(name)

    def _open(self, name, mode="rb"):
        with bucket_errors("read a file"):
            return super()._open(name, mode)

    def _save(self, name, content):
        with bucket_errors("save a file"):
            return super()._save(name, content)

    def delete(self, name):
        with bucket_errors("delete a file"):
            return super().delete(name)

    def exists(self, name):
        with bucket_errors("check a file"):
            return super().exists(name)

    def size(self, name):
        with bucket_errors("read a file's size"):
            return super().size(name)

    def listdir(self, name):
        with bucket_errors("list a folder"):
            return super().listdir(name)

    def get_modified_time(self, name):
        with bucket_errors("read a file's date"):
            return super().get_modified_time(name)
