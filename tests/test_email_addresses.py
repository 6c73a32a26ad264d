"""One inbox, one count: address variants that deliver to the same mailbox share the subscription and its limit."""

import pytest
from django.core import mail

from blog.models import Subscriber
from blog.subscriptions import ADDRESS_LIMIT, clear_limits
from tests.test_blog_subscriptions import ClientRequest, post
from website.email_addresses import canonical_mailbox

VARIANTS = [
    "v2@example.org",
    '"v2"@example.org',
    "v2+1@example.org",
    "v2+2@example.org",
    "V2@EXAMPLE.ORG",
]
#: Forms the subscribe form refuses anyway, still the same inbox for counting.
UNUSUAL = ['"v2+3"@Example.org.', "v2@ｅｘａｍｐｌｅ.org"]


@pytest.mark.parametrize("address", VARIANTS + UNUSUAL)
def test_every_variant_of_one_inbox_has_one_canonical_form(address):
    assert canonical_mailbox(address) == "v2@example.org"


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("ana@Bücher.Example", "ana@xn--bcher-kva.example"),
        ('"two words"@example.org', '"two words"@example.org'),  # the quotes mean something here: kept
        ("v2.x@example.org", "v2.x@example.org"),
        ("v3@example.org", "v3@example.org"),
    ],
)
def test_other_mailboxes_stay_apart(address, mailbox):
    assert canonical_mailbox(address) == mailbox


@pytest.fixture
def no_limits():
    for address in VARIANTS:
        clear_limits(ClientRequest(), address)
    yield
    for address in VARIANTS:
        clear_limits(ClientRequest(), address)


@pytest.mark.django_db
def test_variants_of_one_address_get_no_more_confirmations_than_one_address(
    client, home, no_limits, django_capture_on_commit_callbacks
):
    for address in VARIANTS:
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, email=address, REMOTE_ADDR=f"198.51.100.{len(mail.outbox) + 1}")
        assert response.status_code == 302
    assert len(mail.outbox) == ADDRESS_LIMIT
    subscriber = Subscriber.objects.get()
    assert subscriber.mailbox == "v2@example.org"
    # Mail goes to the address as the patient gave it, not to the canonical form.
    assert [message.to for message in mail.outbox] == [["v2@example.org"], ['"v2"@example.org'], ["v2+1@example.org"]]


@pytest.mark.django_db
def test_a_confirmed_inbox_is_not_subscribed_twice_by_a_plus_address(client, home, no_limits):
    Subscriber.objects.create(email="v2@example.org", language="en", confirmed_at="2026-01-01T00:00:00Z")
    post(client, email="v2+again@example.org")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["v2@example.org"]


@pytest.mark.django_db
def test_new_pending_and_confirmed_addresses_cost_the_request_the_same_statements(client, home, no_limits):
    """The answer's timing must not tell whether an address is subscribed: the same SQL for all three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Subscriber.objects.create(email="pending@example.org", language="en")
    Subscriber.objects.create(email="confirmed@example.org", language="en", confirmed_at="2026-01-01T00:00:00Z")
    statements = {}
    for case, address in [
        ("new", "new@example.org"),
        ("pending", "pending@example.org"),
        ("confirmed", "confirmed@example.org"),
    ]:
        with CaptureQueriesContext(connection) as captured:
            assert post(client, email=address, REMOTE_ADDR="198.51.100.9").status_code == 302
        statements[case] = [query["sql"].split(" VALUES")[0][:60] for query in captured.captured_queries]
    assert statements["new"] == statements["pending"] == statements["confirmed"]
    assert Subscriber.objects.get(mailbox="confirmed@example.org").confirmed_at is not None
