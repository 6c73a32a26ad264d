"""What the rest of the site needs to know about media storage without loading boto3 (website/storage.py does)."""

# The folders Wagtail writes images, renditions and avatars to: the ones website.urls serves under /media/ and the
# only ones that may get a public URL (MEDIA_S3_PUBLIC_URL). Documents (documents/) never do.
PUBLIC_FOLDERS = ("images/", "original_images/", "avatar_images/")


class MediaStorageUnavailable(OSError):
    """The bucket did not answer, or refused our keys. An OSError, so Wagtail shows a missing image, not a 500."""
