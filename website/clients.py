"""Who is asking, as far as rate limits and the admin lockout need to know: the client's address, never stored."""

import ipaddress

from django.conf import settings


def forwarded_address(entry):
    """The IP address in one X-Forwarded-For entry (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:80`), or None."""
    entry = entry.strip()
    if entry.startswith("["):
        entry, _, port = entry[1:].partition("]")
        if port and not (port.startswith(":") and port[1:].isdigit()):
            return None
    elif entry.count(":") == 1:
        entry, _, port = entry.partition(":")
        if not port.isdigit():
            return None
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None


def client_address(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the outermost one saw.

    Only the entries our own proxies appended are trusted; anything further left in X-Forwarded-For
    could be made up by the client. An entry that is no address falls back to REMOTE_ADDR, so garbage
    never puts different clients into one shared bucket.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded_address(forwarded[-proxies])
            if address:
                return address
    return request.META.get("REMOTE_ADDR", "")
