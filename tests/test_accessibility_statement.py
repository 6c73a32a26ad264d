"""The accessibility statement: in both languages, linked from every page's footer in that page's language, and a
contact reason for another format that reaches a person."""

import re

from django.core import mail
from wagtail.models import Page

from tests import test_contact

#: Fixtures and helpers shared with the contact form's tests.
client_ip = test_contact.client_ip
contact_page = test_contact.contact_page
submit = test_contact.submit


STATEMENT = {"en": "/accessibility/", "es": "/es/accesibilidad/"}


def footer_links(html):
    footer = html.split('<footer class="site-footer">', 1)[1]
    return re.findall(r'<a href="([^"]+)">', footer)


def test_every_demo_page_links_the_statement_in_its_language_and_the_statement_says_what_it_must(client, demo):
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale")
    checked = {"en": 0, "es": 0}
    for page in pages:
        language = page.locale.language_code
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert STATEMENT[language] in footer_links(response.content.decode()), page.url
        checked[language] += 1
    assert checked["en"] > 20 and checked["es"] > 20, checked

    english = client.get(STATEMENT["en"]).content.decode()
    for words in ("WCAG) 2.2 at level AA", "axe", "keyboard", "screen reader", "What does not work well yet"):
        assert words in english
    assert '"Ask for another format"' in english
    spanish = client.get(STATEMENT["es"]).content.decode()
    for words in ("(WCAG) 2.2, nivel AA", "axe", "teclado", "lector de pantalla", "Lo que todavía no funciona bien"):
        assert words in spanish
    assert '"Pedir otro formato"' in spanish
    contact = client.get("/es/contacto/").content.decode()
    assert "Pedir otro formato" in contact
    # The demo's open appointment times, in Spanish.
    assert "Elija una hora (si quiere)" in contact
    assert re.search(r"[a-zé]+ \d+ de [a-z]+, 09:00: 60 minutos, en persona, Primera consulta", contact)


def test_asking_for_another_format_reaches_a_person(
    client,
    contact_page,
    client_ip,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    assert "Ask for another format" in client.get(contact_page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, contact_page, client_ip, reason="other_format")
    assert response["Location"] == "/contact/thank-you/another-format/"
    [message] = mail.outbox
    assert "A person must call or email them within 1 business day" in message.body
    assert "within 1 business day to ask which format you need" in client.get(response["Location"]).content.decode()
