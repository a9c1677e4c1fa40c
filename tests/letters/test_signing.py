"""Letters and receipts are signed with the city's certificate (PAdES), and the public
verification page checks the signature of an uploaded copy.

The pages' new messages are not in the catalogues yet: assertions compare with what gettext
gives for them, so that they hold before and after the translations are merged."""

import datetime as dt
import io
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from letters.services.signing import (
    SELF_SIGNED_COMMON_NAME,
    SIGNATURE_FIELD,
    pdf_sign,
    pdf_signature_check,
    self_signed_pkcs12,
    signer_for,
)
from tests.letters.letter_helpers import issue, pdf_text
from tests.test_deploy_settings import PRODUCTION_ENVIRONMENT, run_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_decided):
    return issue(make_decided())


def _stored(letter) -> bytes:
    with letter.pdf.open("rb") as file:
        return file.read()


def _unsigned_pdf(text: str = "Una carta sin firmar") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page_stream_byte_changed(data: bytes) -> bytes:
    """`data` with one byte changed inside its first page's content stream."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    contents = reader.root["/Pages"]["/Kids"][0].raw_get("/Contents")
    start = re.search(rb"\b%d 0 obj\b" % contents.idnum, data).end()
    stream = data.index(b"stream", start) + len(b"stream\n") + 16
    changed = bytearray(data)
    changed[stream] ^= 0x01
    return bytes(changed)


def _text_added_after_signing(data: bytes) -> bytes:
    """`data` with a line of text added to its first page in a later revision, the signed
    bytes left as they were."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (Importe: 99.999,00) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(data: bytes) -> dict:
    return {"pdf": SimpleUploadedFile("carta.pdf", data, content_type="application/pdf")}


def _before(message: str, placeholder: str) -> str:
    """The words of a translated message before its first placeholder, as a page shows
    them."""
    return escape(gettext(message).split(placeholder)[0].strip())


# --- the issued letter ----------------------------------------------------------------------


def test_an_issued_letter_is_a_pades_signature_that_pyhanko_accepts(letter):
    data = _stored(letter)
    city = signer_for()
    reader = PdfFileReader(io.BytesIO(data))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=list(city.trust_roots), allow_fetching=False)

    status = validate_pdf_signature(embedded, signer_validation_context=context)

    assert embedded.field_name == SIGNATURE_FIELD
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == SELF_SIGNED_COMMON_NAME


def test_the_stored_fingerprint_is_of_the_signed_file_and_the_text_is_unchanged(letter):
    import hashlib

    data = _stored(letter)
    assert letter.sha256 == hashlib.sha256(data).hexdigest()
    assert letter.size == len(data)
    assert letter.code in pdf_text(data)


def test_the_check_of_an_issued_letter_says_valid_with_its_signer_and_time(letter):
    check = pdf_signature_check(_stored(letter))

    assert check.signed and check.intact and check.valid
    assert check.signer == SELF_SIGNED_COMMON_NAME
    assert check.problem == ""
    assert abs(check.signed_at - timezone.now()) < dt.timedelta(minutes=5)


def test_a_receipt_is_signed_too(representation):
    from django.db import transaction

    from applications.services.registry import registry_enter
    from letters.services.letters import letter_issue
    from tests.applications.my_applications_helpers import information_requested

    application, _request = information_requested(representation.organisation, message="?")
    with transaction.atomic():
        entry = registry_enter(
            application=application,
            kind="information_answer",
            user=representation.user,
            content={"answer": "Adjunto el certificado."},
        )
    receipt = letter_issue(
        application_id=application.pk, kind="receipt", source_key=f"registry:{entry.pk}"
    )

    assert pdf_signature_check(_stored(receipt)).valid


def test_every_page_carries_the_verification_code_and_address(make_decided):
    # The Basque letter of the test data runs over two pages.
    letter = issue(make_decided(language="eu"))
    address = reverse("verify_short", args=[letter.code])

    with translation.override("eu"):
        label = "".join(gettext("Secure verification code (CSV)").split())

    pages = PdfReader(io.BytesIO(_stored(letter))).pages
    assert len(pages) >= 2
    for page in pages:
        text = "".join(page.extract_text().split())
        assert f"{label}:{letter.code}" in text
        assert address in text


# --- what the check refuses -----------------------------------------------------------------


def test_a_byte_changed_in_the_page_stream_is_not_intact(letter):
    check = pdf_signature_check(_page_stream_byte_changed(_stored(letter)))

    assert check.signed
    assert not check.intact and not check.valid
    assert check.problem == gettext("The PDF was modified after it was signed.")


def test_text_added_after_signing_is_not_intact(letter):
    changed = _text_added_after_signing(_stored(letter))
    assert changed.startswith(_stored(letter))  # the signed bytes are all still there

    check = pdf_signature_check(changed)

    assert check.signed
    assert not check.intact and not check.valid
    assert check.problem == gettext("The PDF was modified after it was signed.")


def test_an_unsigned_pdf_is_reported_unsigned():
    check = pdf_signature_check(_unsigned_pdf())

    assert not check.signed and not check.valid
    assert check.problem == gettext("The PDF is not signed electronically.")


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf at all", b"%PDF-1.7\n1 0 obj <<\n%%EOF", bytes(range(256)) * 40],
)
def test_garbage_gives_a_problem_not_an_exception(data):
    check = pdf_signature_check(data)

    assert not check.signed and not check.valid
    assert check.problem


def test_a_pdf_signed_with_another_certificate_is_not_valid(tmp_path, settings):
    other = tmp_path / "other.p12"
    other.write_bytes(self_signed_pkcs12(common_name="Ayuntamiento de Otra Parte", password=b"x"))
    settings.ONESTOP_SIGNING_PKCS12_PATH = str(other)
    settings.ONESTOP_SIGNING_PKCS12_PASSWORD = "x"
    signed_elsewhere = pdf_sign(_unsigned_pdf(), reason="Prueba", location="Otra Parte")
    settings.ONESTOP_SIGNING_PKCS12_PATH = ""
    settings.ONESTOP_SIGNING_PKCS12_PASSWORD = ""

    check = pdf_signature_check(signed_elsewhere)

    assert check.signed and check.intact and not check.valid
    assert check.signer == "Ayuntamiento de Otra Parte"
    assert check.problem == gettext("The PDF was signed with another certificate, not the city's.")


# --- the certificate ------------------------------------------------------------------------


def test_a_pkcs12_named_by_the_settings_signs_instead_of_the_self_signed_one(
    tmp_path, settings, make_decided
):
    path = tmp_path / "ciudad.p12"
    path.write_bytes(self_signed_pkcs12(common_name="Ayuntamiento de Pruebas", password=b"s3cr3t"))
    settings.ONESTOP_SIGNING_PKCS12_PATH = str(path)
    settings.ONESTOP_SIGNING_PKCS12_PASSWORD = "s3cr3t"

    letter = issue(make_decided())
    check = pdf_signature_check(_stored(letter))

    assert check.valid and check.signer == "Ayuntamiento de Pruebas"
    assert signer_for().common_name == "Ayuntamiento de Pruebas"


def _certificate(subject: str, key, *, issuer: str, issuer_key, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    usage = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    usage.update(
        {"key_cert_sign": True, "crl_sign": True}
        if ca
        else {"digital_signature": True, "content_commitment": True}
    )
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )


def test_a_pkcs12_with_its_chain_is_trusted_through_the_chain_it_carries(tmp_path, settings):
    root_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(
        "Autoridad de Certificación de Pruebas",
        root_key,
        issuer="Autoridad de Certificación de Pruebas",
        issuer_key=root_key,
        ca=True,
    )
    leaf = _certificate(
        "Sello de Órgano del Ayuntamiento",
        leaf_key,
        issuer="Autoridad de Certificación de Pruebas",
        issuer_key=root_key,
        ca=False,
    )
    path = tmp_path / "sello.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"sello", leaf_key, leaf, [root], serialization.BestAvailableEncryption(b"clave")
        )
    )
    settings.ONESTOP_SIGNING_PKCS12_PATH = str(path)
    settings.ONESTOP_SIGNING_PKCS12_PASSWORD = "clave"

    check = pdf_signature_check(pdf_sign(_unsigned_pdf(), reason="Prueba", location="Bilbao"))

    assert check.valid, check.problem
    assert check.signer == "Sello de Órgano del Ayuntamiento"
    assert [cert.subject.native["common_name"] for cert in signer_for().trust_roots] == [
        "Autoridad de Certificación de Pruebas"
    ]


def test_without_a_configured_certificate_a_self_signed_one_is_kept_in_private_storage(
    settings, letter
):
    from pathlib import Path

    from letters.services.signing import SELF_SIGNED_FILE

    stored = Path(settings.PRIVATE_STORAGE_ROOT) / SELF_SIGNED_FILE
    assert not settings.ONESTOP_SIGNING_PKCS12_PATH
    assert stored.is_file()
    assert signer_for() is signer_for()  # loaded once per process
    certificate = x509.load_der_x509_certificate(signer_for().signer.signing_cert.dump())
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert dt.timedelta(days=5 * 365) <= lifetime < dt.timedelta(days=5 * 365 + 1)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment


@pytest.mark.parametrize("missing", ["SIGNING_PKCS12_PATH", "SIGNING_PKCS12_PASSWORD"])
def test_production_refuses_to_start_without_the_signing_certificate(missing):
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != missing}

    result = run_check(environment)

    assert result.returncode != 0
    assert missing in result.stderr


# --- the verification page ------------------------------------------------------------------


def test_the_page_says_the_genuine_upload_is_signed_by_the_city(client, letter):
    url = reverse("letters:verify_letter", args=[letter.code])

    response = client.post(url, _upload(_stored(letter)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Este PDF es la carta original." in page
    assert _before("Valid electronic signature: %(signer)s, %(date)s", "%(signer)s") in page
    assert f"{SELF_SIGNED_COMMON_NAME}," in page
    assert escape(gettext("Its electronic signature is not valid.")) not in page
    # What the page showed before stays: beneficiary and amount.
    assert "1.250,00" in page


def test_the_page_says_a_modified_upload_does_not_match_and_its_signature_is_invalid(
    client, letter
):
    url = reverse("letters:verify_letter", args=[letter.code])

    response = client.post(url, _upload(_page_stream_byte_changed(_stored(letter))))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Este PDF no coincide con la carta emitida con este código." in page
    assert escape(gettext("Its electronic signature is not valid.")) in page
    assert escape(gettext("The PDF was modified after it was signed.")) in page
    assert _before("Valid electronic signature: %(signer)s, %(date)s", "%(signer)s") not in page


def test_the_page_says_an_unsigned_upload_is_not_signed(client, letter):
    url = reverse("letters:verify_letter", args=[letter.code])

    response = client.post(url, _upload(_unsigned_pdf()))

    page = response.content.decode()
    assert response.status_code == 200
    assert escape(gettext("The PDF is not signed electronically.")) in page


def test_the_code_only_page_says_who_signed_the_stored_letter(client, letter):
    response = client.get(reverse("letters:verify_letter", args=[letter.code]))

    page = response.content.decode()
    assert escape(gettext("Electronic signature")) in page
    assert (
        _before("Signed by %(signer)s on %(date)s", "%(signer)s") + f" {SELF_SIGNED_COMMON_NAME}"
        in page
    )


def test_the_code_only_page_omits_the_signature_once_the_file_is_deleted(client, letter):
    letter.pdf.delete(save=False)
    letter.pdf_removed_at = timezone.now()
    letter.save()

    response = client.get(reverse("letters:verify_letter", args=[letter.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert _before("Signed by %(signer)s on %(date)s", "%(signer)s") not in page
    assert letter.sha256 in page


def test_an_expired_self_signed_certificate_is_replaced(tmp_path, settings):
    from letters.services.signing import SELF_SIGNED_FILE

    settings.PRIVATE_STORAGE_ROOT = str(tmp_path)
    stored = tmp_path / SELF_SIGNED_FILE
    stored.parent.mkdir(parents=True)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=6 * 365)
    stored.write_bytes(self_signed_pkcs12(common_name=SELF_SIGNED_COMMON_NAME, now=long_ago))

    certificate = signer_for().signer.signing_cert

    assert certificate.not_valid_after > dt.datetime.now(dt.UTC)
    assert pdf_signature_check(pdf_sign(_unsigned_pdf(), reason="r", location="Bilbao")).valid


def test_a_letter_issued_before_signing_still_verifies_without_a_signature(
    client, make_decided, monkeypatch
):
    monkeypatch.setattr("letters.services.letters.pdf_sign", lambda pdf: pdf)
    unsigned = issue(make_decided())
    url = reverse("letters:verify_letter", args=[unsigned.code])

    page = client.post(url, _upload(_stored(unsigned))).content.decode()

    assert "Este PDF es la carta original." in page
    assert escape(gettext("Its electronic signature is not valid.")) not in page
    assert escape(gettext("Electronic signature")) not in page
