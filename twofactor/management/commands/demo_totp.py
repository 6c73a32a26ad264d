"""Development only: print the current two-factor code of a demo login (its demo authenticator's fixed key)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.demo import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = "Development (DEBUG) only: print the 6-digit code a demo login's authenticator shows now."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp works only in development (DEBUG on, `make run`).")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator (load_demo_content gives one to demo logins).")
        self.stdout.write(demo_code(device))
