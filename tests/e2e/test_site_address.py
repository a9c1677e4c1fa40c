"""A demo desk served at an address of its own (as `dev.py demo ADDRESS` serves it) sends
emails that link to that address, whatever host name the browser used, from the city's name."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.desk import wait_for_message

PASSWORD = "una-clave-bastante-larga-2026"


def test_the_verification_email_links_to_the_desks_own_address_from_the_city(
    live_desk, desk_mail, page
):
    address = "miren.site-address@example.org"
    assert not live_desk.endswith(":8000"), "the desk runs on a port of its own"
    # The same desk under another of its names: the links must not follow the browser's.
    other_name = live_desk.replace("127.0.0.1", "localhost")
    page.goto(f"{other_name}/eu/accounts/signup/")
    page.fill("#id_email", address)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/eu/accounts/confirm-email/$"))

    message = wait_for_message(desk_mail, address, r"/accounts/confirm-email/")
    body = message.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"https?://[^\s\"'<>]+", body)
    assert links, body
    confirm = [link for link in links if "/accounts/confirm-email/" in link]
    assert confirm and all(link.startswith(f"{live_desk}/eu/") for link in confirm), links
    assert all(link.startswith(live_desk) for link in links), links
    (sender,) = message["From"].addresses
    assert sender.display_name == "Ayuntamiento de Bilbao / Bilboko Udala"
    assert sender.addr_spec == "noreply@localhost"

    response = page.goto(confirm[0])
    assert response is not None and response.ok
    expect(page.locator("form.account-form button[type=submit]")).to_be_visible()
