"""Who must use a second factor, and which devices a user has (django-otp's TOTP and static devices).

Required: superusers, and every member of a group that can publish something (a page permission "publish_page",
a model permission "publish_*" such as publishing calls to action) or approve pages in a workflow (a group
approval task such as Clinical review names the group). The rule reads the groups as they are now, so a group
given publishing rights later is covered at once. Anyone else may enrol; once enrolled, they must verify too.
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import AbstractGroupApprovalTask

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def approval_task_models():
    """Every concrete workflow task model whose groups approve (Wagtail's GroupApprovalTask, Clinical review...)."""
    return [model for model in _all_subclasses(AbstractGroupApprovalTask) if not model._meta.abstract]


def _all_subclasses(cls):
    found = []
    for sub in cls.__subclasses__():
        if not sub._meta.proxy:
            found += [sub, *_all_subclasses(sub)]
    return found


def is_required(user):
    """True when `user` must log in with a second factor (one query for anyone but a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    approvers = Q()
    for model in set(approval_task_models()):
        approvers |= Q(pk__in=model.objects.filter(active=True).values("groups"))
    return (
        Group.objects.filter(user=user)
        .filter(
            Q(page_permissions__permission__codename="publish_page")
            | Q(permissions__codename__startswith="publish_")
            | approvers
        )
        .exists()
    )


def totp_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enrolled(user):
    """True when `user` has a confirmed authenticator (then every login asks for a code)."""
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_recovery_codes(user):
    """Replaces the user's recovery codes with RECOVERY_CODE_COUNT new ones and returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def reset(user):
    """Removes every second-factor device of `user` (authenticator and recovery codes); returns how many."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    return deleted
