"""Logging staff into the admin in tests, past the second step (two-factor login, twofactor/)."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user):
    """The user's confirmed authenticator (TOTP device), made when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def verified_login(client, user):
    """Logs `user` in on the test client with a session verified by a real device, as django_otp.login leaves it
    after a good code; returns the device."""
    client.force_login(user)
    device = authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(device, at=None):
    """The 6-digit code the device's authenticator app shows at `at` (a Unix time; default now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
