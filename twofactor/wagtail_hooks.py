from django.urls import include, path, reverse
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("twofactor_manage"),
        "label": "Two-factor login",
        "help_text": "Set up your authenticator app, get new recovery codes or reset a lost phone.",
    }
