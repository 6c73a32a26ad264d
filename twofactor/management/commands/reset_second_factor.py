"""Remove a staff member's second factor (lost or new phone): authenticator and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from twofactor.policy import is_required, reset


class Command(BaseCommand):
    help = "Remove a user's authenticator and recovery codes (a lost phone); they set up a new one at next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not reset(user):
            self.stdout.write(f"{username} had no second factor; nothing changed.")
            return
        then = "must set up a new authenticator" if is_required(user) else "may set up a new authenticator"
        self.stdout.write(f"Removed {username}'s authenticator and recovery codes: at their next login they {then}.")
