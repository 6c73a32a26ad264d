"""Delete admin login records past their time; a daily scheduled job (jobs/schedule.py)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete successful staff logins older than ADMIN_LOGIN_LOG_DAYS (default 30) and failed logins "
        "whose lockout period (AXES_COOLOFF_TIME) is over."
    )

    def handle(self, *args, **options):
        days = settings.ADMIN_LOGIN_LOG_DAYS
        logins = AxesProxyHandler.reset_logs(age_days=days)
        failures, _ = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - get_cool_off()).delete()
        self.stdout.write(f"Deleted {logins} staff logins older than {days} days and {failures} expired failures.")
