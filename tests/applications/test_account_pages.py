"""allauth's pages in the desk's words: a form with errors says so first in the page title,
and Django's own messages on them come out in Basque."""

import re

import pytest

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, response.content.decode()[:500]
    return " ".join(match.group(1).split())


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/es/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
        ("/es/accounts/signup/", {"email": "", "password1": "", "password2": ""}),
        ("/es/accounts/password/reset/", {"email": ""}),
    ],
)
def test_a_form_with_errors_puts_error_first_in_the_title(client, path, data):
    UserFactory()
    shown = client.get(path)
    assert not _title(shown).startswith("Error:")

    response = client.post(path, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    title = _title(response)
    assert title.startswith("Error: ")
    assert title == "Error: " + _title(shown)


def test_the_error_title_is_translated(client):
    response = client.post("/eu/accounts/signup/", {"email": "", "password1": "", "password2": ""})

    assert _title(response).startswith("Errorea: ")


def test_the_password_rules_and_required_fields_come_out_in_basque_on_sign_up(client):
    response = client.post(
        "/eu/accounts/signup/",
        {"email": "ane@example.org", "password1": "12345", "password2": "12345"},
    )
    errors = " ".join(str(error) for error in response.context["form"].errors.get("password1", []))

    assert "This password is too short" not in errors
    assert "This password is too common" not in errors
    assert "This password is entirely numeric" not in errors
    assert "Pasahitz hau laburregia da" in errors
    assert "arruntegia" in errors
    assert "zenbakiz" in errors

    similar = client.post(
        "/eu/accounts/signup/",
        {"email": "anegarcia@example.org", "password1": "anegarcia1", "password2": "anegarcia1"},
    )
    similar_errors = str(similar.context["form"].errors.get("password1"))
    assert "too similar" not in similar_errors
    assert "antzekoa" in similar_errors

    empty = client.post("/eu/accounts/signup/", {"email": "", "password1": "", "password2": ""})
    required = str(empty.context["form"].errors["email"])
    assert "This field is required." not in required
    assert "Eremu hau beharrezkoa da." in required


def test_signing_in_with_the_password_still_works(client):
    user = UserFactory()
    response = client.post("/es/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _sign_up(client, language: str, email: str = "ane@example.org"):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _city():
    from letters.selectors import city_settings

    city = city_settings()
    city.city_name = "Getxo"
    city.authority_name = "Ayuntamiento de Getxo"
    city.save()
    return city


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                "Le escribimos desde la Ventanilla de apoyo a empresas de Getxo.",
                "Gracias por crear una cuenta en la ventanilla",
                "confirme que la dirección es suya",
                "Ayuntamiento de Getxo",
            ],
        ),
        (
            "eu",
            [
                "Enpresei laguntzeko leihatilatik idazten dizugu (Getxo).",
                "Eskerrik asko leihatilan kontu bat",
                "Ayuntamiento de Getxo",
            ],
        ),
    ],
)
def test_the_verification_email_is_the_desks_own_in_the_language_of_the_page(
    client, language, expected
):
    from django.core import mail

    _city()
    _sign_up(client, language)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    for text in expected:
        assert text in message.body, message.body
    assert f"/{language}/accounts/confirm-email/" in message.body
    # allauth's generic text: the host as the sender, "tú" in Spanish, English left over.
    assert "testserver!" not in message.body
    assert "Hola de parte de" not in message.body
    assert "Thank you for using" not in message.body
    assert " tu " not in message.body
    assert "Getxo" in message.subject
    subject = {
        "es": "Por favor, confirme su dirección",
        "eu": "Egiaztatu zure helbide elektronikoa",
    }
    assert subject[language] in message.subject


def test_the_password_reset_and_unknown_account_emails_name_the_desk(client):
    from django.core import mail

    _city()
    user = UserFactory()
    client.post("/es/accounts/password/reset/", {"email": user.email})
    client.post("/es/accounts/password/reset/", {"email": "nobody@example.org"})

    reset, unknown = mail.outbox
    assert reset.subject == "Elija una contraseña nueva – Ventanilla de apoyo a empresas de Getxo"
    assert "Alguien, probablemente usted, ha pedido restablecer la contraseña" in reset.body
    assert "/es/accounts/password/reset/key/" in reset.body
    assert unknown.subject.startswith("No hay ninguna cuenta con esta dirección")
    assert "/es/accounts/signup/" in unknown.body


def test_signing_up_again_with_a_known_address_sends_the_desks_notice(client):
    from django.core import mail

    _city()
    user = UserFactory()
    _sign_up(client, "eu", email=user.email)

    (message,) = mail.outbox
    assert message.subject.startswith("Baduzu kontu bat jada")
    assert "baina badago kontu bat helbide horrekin" in message.body
    assert "/eu/accounts/password/reset/" in message.body
