"""One canonical form of an email address, for limits and uniqueness; mail still goes to the address as given.

`"v2"@Example.ORG`, `v2+news@example.org` and `V2@example.org` land in the same inbox, so a limit per address or
a "one subscription per address" rule must count them as one mailbox: the domain case-folded and in its IDNA
(ASCII) form, a quoted local part unquoted where that means the same, the local part case-folded (every provider
patients use ignores case) and a `+tag` dropped.
"""

import re
import unicodedata

#: A local part that needs no quotes (RFC 5322 dot-atom).
DOT_ATOM_RE = re.compile(r"[A-Za-z0-9!#$%&'*/=?^_`{|}~+-]+(\.[A-Za-z0-9!#$%&'*/=?^_`{|}~+-]+)*")


def _unquoted(local):
    if len(local) >= 2 and local[0] == local[-1] == '"':
        inner = re.sub(r"\\(.)", r"\1", local[1:-1])
        if DOT_ATOM_RE.fullmatch(inner):
            return inner
    return local


def _ascii_domain(domain):
    domain = unicodedata.normalize("NFKC", domain).casefold().rstrip(".")
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def canonical_mailbox(address):
    """The mailbox `address` delivers to, as one string: `"V2+x"@Bücher.Example` -> `v2@xn--bcher-kva.example`."""
    address = unicodedata.normalize("NFKC", address.strip())
    local, at, domain = address.rpartition("@")
    if not at:
        return address.casefold()
    local = _unquoted(local)
    if not local.startswith('"'):
        local = local.split("+", 1)[0] or local
    return f"{local.casefold()}@{_ascii_domain(domain)}"
