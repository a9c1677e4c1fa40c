"""Letters and receipts signed with the city's certificate (PAdES baseline B-B), and the
check of a signature that the public verification page runs on an uploaded copy.

The certificate is the PKCS#12 file that ONESTOP_SIGNING_PKCS12_PATH names (production
requires it). Without one, a self-signed certificate for the city is made once under
PRIVATE_STORAGE_ROOT: the demo and the tests sign as production does, with a certificate
that nobody else trusts.
"""

import datetime as dt
import functools
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from letters.selectors import city_settings

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Signature1"
# The stand-in's subject: the issuing authority as the city's settings name it by default.
SELF_SIGNED_COMMON_NAME = "Ayuntamiento de Bilbao"
SELF_SIGNED_VALIDITY = dt.timedelta(days=5 * 365)
SELF_SIGNED_FILE = Path("signing") / "self-signed-city.p12"


@dataclass(frozen=True)
class CitySigner:
    """The signer and what a validator needs to trust it: the certificate's own chain."""

    signer: signers.SimpleSigner
    trust_roots: tuple[asn1_x509.Certificate, ...]
    other_certs: tuple[asn1_x509.Certificate, ...]

    @property
    def common_name(self) -> str:
        return _common_name(self.signer.signing_cert)

    @functools.cached_property
    def bytes_reserved(self) -> int:
        """Room for the signature container: the certificates it embeds, plus ample for the
        signature itself and its signed attributes. Given, it spares pyHanko a dry-run
        signature per letter to measure it; it must be even."""
        certificates = sum(
            len(cert.dump()) for cert in (self.signer.signing_cert, *self.other_certs)
        )
        return 2 * ((certificates + 4096 + 1) // 2)


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says. `intact`: the signed bytes are those of the whole file,
    unchanged; `valid`: intact, cryptographically sound and by the city's certificate.
    `problem` tells, in the active language, why it is not valid."""

    signed: bool
    intact: bool
    valid: bool
    signer: str = ""
    signed_at: dt.datetime | None = None
    problem: str = ""


# --- the certificate ------------------------------------------------------------------------


def signer_for() -> CitySigner:
    """The city's signer, loaded once per process for the configured certificate."""
    path = settings.ONESTOP_SIGNING_PKCS12_PATH
    if path:
        return _signer_from_file(str(path), settings.ONESTOP_SIGNING_PKCS12_PASSWORD)
    return _self_signed_signer(str(Path(settings.PRIVATE_STORAGE_ROOT) / SELF_SIGNED_FILE))


@functools.cache
def _signer_from_file(path: str, password: str) -> CitySigner:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(
            f"ONESTOP_SIGNING_PKCS12_PATH: the signing certificate {path} cannot be read ({error})."
        ) from error
    return _city_signer(data, password.encode() if password else None, source=path)


@functools.cache
def _self_signed_signer(path: str) -> CitySigner:
    file = Path(path)
    if not file.exists():
        _self_signed_write(file)
    city = _city_signer(file.read_bytes(), None, source=path)
    if city.signer.signing_cert.not_valid_after <= dt.datetime.now(dt.UTC):
        # A demo kept for five years: its stand-in is replaced rather than sign expired.
        file.unlink(missing_ok=True)
        _self_signed_write(file)
        city = _city_signer(file.read_bytes(), None, source=path)
    return city


def _city_signer(data: bytes, password: bytes | None, *, source: str) -> CitySigner:
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The signing certificate {source} is not a PKCS#12 file that opens with the "
            f"password given."
        ) from error
    certificate = signer.signing_cert
    chain = tuple(cert for cert in signer.cert_registry if cert != certificate)
    # A chain ends at its root: trust the self-issued certificates in the file, or, when the
    # file stops short of its root, the highest certificate it carries (the signer's own when
    # it carries no other). Letters are checked against the city's certificate and no other.
    roots = tuple(cert for cert in (certificate, *chain) if cert.self_issued)
    if not roots:
        roots = (_highest(certificate, chain),)
    return CitySigner(signer=signer, trust_roots=roots, other_certs=chain)


def _highest(certificate: asn1_x509.Certificate, chain) -> asn1_x509.Certificate:
    by_subject = {cert.subject: cert for cert in chain}
    current = certificate
    seen = set()
    while current.issuer in by_subject and current.issuer not in seen:
        seen.add(current.issuer)
        current = by_subject[current.issuer]
    return current


def self_signed_pkcs12(
    *, common_name: str, password: bytes | None = None, now: dt.datetime | None = None
) -> bytes:
    """A PKCS#12 holding a new P-256 key and a certificate for `common_name`, signed by
    itself, for signing documents (digitalSignature and nonRepudiation) for five years.
    An EC key rather than RSA: pyHanko loads the key anew for every signature, and loading
    an RSA key (which checks it) costs more than all the rest of signing a letter."""
    now = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + SELF_SIGNED_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        name=common_name.encode(),
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=encryption,
    )


def _self_signed_write(file: Path) -> None:
    """Write the stand-in once, whoever comes first: two processes starting at once (the
    site and a worker) each write a whole file aside, and only the first is linked into
    place, so both sign and check with the same key; neither reads half a file."""
    file.parent.mkdir(parents=True, exist_ok=True)
    data = self_signed_pkcs12(common_name=SELF_SIGNED_COMMON_NAME)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".self-signed-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, file)
        except FileExistsError:
            return
        logger.warning(
            "No ONESTOP_SIGNING_PKCS12_PATH: letters are signed with a self-signed "
            "certificate made at %s",
            file,
        )
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# --- signing --------------------------------------------------------------------------------


def pdf_sign(pdf_bytes: bytes, *, reason: str = "", location: str = "") -> bytes:
    """`pdf_bytes` signed by the city (PAdES B-B, SHA-256) in an incremental update, so the
    letter as rendered stays byte for byte inside the signed file. The reason and location
    default to the city's authority and name as its settings give them in Spanish."""
    if not reason or not location:
        city = city_settings()
        reason = reason or city.authority_in("es")
        location = location or city.city_in("es")
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    city = signer_for()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    signed = signers.PdfSigner(metadata, signer=city.signer).sign_pdf(
        writer, bytes_reserved=city.bytes_reserved
    )
    return signed.getvalue()


# --- checking -------------------------------------------------------------------------------


def pdf_signature_check(pdf_bytes: bytes) -> SignatureCheck:
    """Check the first signature of `pdf_bytes` against the city's certificate. Anything
    uploaded may arrive here: what cannot be read is reported, never raised."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # anything may be uploaded: a malformed file is reported
        logger.info("signature check: not a readable PDF", exc_info=True)
        return SignatureCheck(
            signed=False,
            intact=False,
            valid=False,
            problem=gettext("The file is not a PDF that can be read."),
        )
    if not signatures:
        return SignatureCheck(
            signed=False,
            intact=False,
            valid=False,
            problem=gettext("The PDF is not signed electronically."),
        )
    embedded = signatures[0]
    city = signer_for()
    context = ValidationContext(
        trust_roots=list(city.trust_roots),
        other_certs=list(city.other_certs),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:  # a damaged signature dictionary or CMS blob
        logger.info("signature check: signature unreadable", exc_info=True)
        return SignatureCheck(
            signed=True,
            intact=False,
            valid=False,
            problem=gettext("The PDF's electronic signature cannot be read: it is damaged."),
        )
    signer = _common_name(status.signing_cert)
    signed_at = status.signer_reported_dt or embedded.self_reported_timestamp
    # A letter is never changed after it is signed: a later revision, even one that leaves
    # the signed bytes alone, means the file is not the letter as issued.
    intact = status.intact and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problem = ""
    if not intact:
        problem = gettext("The PDF was modified after it was signed.")
    elif not status.valid:
        problem = gettext("The PDF's electronic signature is not valid.")
    elif not status.trusted:
        problem = gettext("The PDF was signed with another certificate, not the city's.")
    elif not status.bottom_line:
        problem = gettext("The PDF's electronic signature is not valid.")
    return SignatureCheck(
        signed=True,
        intact=intact,
        valid=not problem,
        signer=signer,
        signed_at=signed_at,
        problem=problem,
    )


def _common_name(certificate: asn1_x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or subject.get("organization_name") or ""
