"""cms.site_address: absolute links from SITE_URL alone, and the sender from the city settings."""

import email
from email import policy

import pytest
from django.core.mail import EmailMessage
from django.test import override_settings
from wagtail.models import Site

from cms.models.site_settings import CitySettings
from cms.site_address import email_sender, site_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("base", ["https://ayudas.example.org", "https://ayudas.example.org/"])
def test_site_url_joins_a_path_to_the_sites_address(base):
    with override_settings(SITE_URL=base):
        assert site_url() == "https://ayudas.example.org"
        assert site_url("/es/applications/") == "https://ayudas.example.org/es/applications/"
        assert site_url("verify/X") == "https://ayudas.example.org/verify/X"


def _rename_authority(name: str) -> None:
    city = CitySettings.for_site(Site.objects.get(is_default_site=True))
    city.authority_name = name
    city.save()


@override_settings(SITE_URL="https://ayudas.example.org:8443", EMAIL_SENDER_FROM_SITE=True)
def test_the_sender_is_the_citys_authority_at_the_sites_host():
    _rename_authority("Ayuntamiento de Donostia / San Sebastián, Ekonomia")

    sender = email_sender()

    sent = EmailMessage("s", "b", sender, ["ane@example.org"]).message().as_bytes()
    (address,) = email.message_from_bytes(sent, policy=policy.default)["From"].addresses
    assert address.display_name == "Ayuntamiento de Donostia / San Sebastián, Ekonomia"
    assert address.addr_spec == "noreply@ayudas.example.org"


@override_settings(SITE_URL="http://127.0.0.1:8000", EMAIL_SENDER_FROM_SITE=True)
def test_a_site_on_an_ip_address_sends_from_localhost():
    assert email_sender() == "Ayuntamiento de Bilbao <noreply@localhost>"


@override_settings(
    DEFAULT_FROM_EMAIL="Ayudas <ayudas@bilbao.example>", EMAIL_SENDER_FROM_SITE=False
)
def test_a_sender_from_the_environment_wins():
    _rename_authority("Getxoko Udala")
    assert email_sender() == "Ayudas <ayudas@bilbao.example>"
