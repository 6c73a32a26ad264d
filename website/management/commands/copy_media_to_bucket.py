"""Copy uploads from local disk into the bucket, for an operator switching to MEDIA_S3_* (docs/operations.md)."""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

# Where Wagtail puts originals, renditions, editors' avatars and documents (every upload this site has).
UPLOAD_FOLDERS = ("original_images", "images", "avatar_images", "documents")


class Command(BaseCommand):
    help = (
        "Copy the images, renditions, avatars and documents under MEDIA_ROOT (or --from) into the bucket that the "
        "MEDIA_S3_* settings name, under the same names, so the database's references stay valid. A file already in "
        "the bucket with the same size is skipped, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", default=str(settings.MEDIA_ROOT), help="default: MEDIA_ROOT")
        parser.add_argument("--dry-run", action="store_true", help="count what would be copied, copy nothing")

    def handle(self, *args, source, dry_run, **options):
        from website.storage import MediaBucketStorage

        target = settings.STORAGES["default"]
        if target["BACKEND"] != "website.storage.MediaBucketStorage":
            raise CommandError("Uploads go to local disk here: set MEDIA_S3_* (production settings) first.")
        # The same name in the bucket as on disk, never "photo_x7Yz.jpg": the database refers to files by name.
        bucket = MediaBucketStorage(**target["OPTIONS"], file_overwrite=True)
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        copied = skipped = 0
        for folder in UPLOAD_FOLDERS:
            for path in sorted(file for file in (root / folder).rglob("*") if file.is_file()):
                name = path.relative_to(root).as_posix()
                if bucket.exists(name) and bucket.size(name) == path.stat().st_size:
                    skipped += 1
                    continue
                if not dry_run:
                    with path.open("rb") as content:
                        bucket.save(name, File(content, name=path.name))
                copied += 1
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(f"{verb} {copied} files to bucket {bucket.bucket_name}; {skipped} were already there.")
