"""Development only (`make run`, DEBUG): the demo logins get an authenticator with one fixed, printed key.

So a newcomer needs no phone: `python manage.py demo_totp <login>` prints the code that key gives now (or add the
key to any authenticator app). Never in production: both the loader and the command refuse unless DEBUG is on.
"""

from base64 import b32decode

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Base32, as an authenticator app takes it; public on purpose (it is in the README), so never a real account's.
DEMO_TOTP_SECRET = "CLEARWATERDEMOTWOFACTORKEY234567"  # noqa: S105 (development only, printed)
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()
DEMO_DEVICE_NAME = "Demo authenticator (development key)"


def ensure_demo_devices(usernames, stdout):
    """A confirmed demo authenticator for each of `usernames` that has none (DEBUG only), and how to use it."""
    if not settings.DEBUG:
        return
    for user in get_user_model().objects.filter(username__in=usernames):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
    stdout.write(
        "Development two-factor code for these logins: `python manage.py demo_totp <login>` prints it "
        f"(or add the key {DEMO_TOTP_SECRET} to an authenticator app)"
    )


def demo_code(device):
    """The code the demo key gives now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
