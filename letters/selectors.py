"""Reads for letters: who may fetch which letter, the city's letterhead, the template that
applies, a letter by its verification code and the signature of its stored file."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from applications import roles
from applications.constants import OutboxState
from applications.models import Application
from letters.models import Letter, LetterBatch, LetterTemplate
from letters.models.letters import verification_code_normalise


def application_letters(application: Application) -> QuerySet[Letter]:
    """An application's letters, the newest first."""
    return application.letters.order_by("-issued_at", "-pk")


def letter_for_user(user, pk: int) -> Letter:
    """A letter its applicant's representatives or the desk staff may download; 404 for
    anyone else, so that none is disclosed."""
    letter = Letter.objects.select_related("application__organisation").filter(pk=pk).first()
    if letter is None or not user.is_authenticated:
        raise Http404
    if roles.is_caseworker(user):
        return letter
    if letter.application.organisation.representations.filter(user=user).exists():
        return letter
    raise Http404


def letter_by_code(code: str) -> Letter | None:
    normalised = verification_code_normalise(code)
    if not normalised:
        return None
    return (
        Letter.objects.select_related("application", "superseded_by")
        .filter(code=normalised)
        .first()
    )


def letter_stored_signature(letter: Letter):
    """The signature of the letter's stored file when it is the city's and valid; None when
    the file is gone (deleted at the end of its retention), was issued unsigned, or cannot be
    read. Read from the file itself: nothing about the signature is stored apart from it."""
    from letters.services.signing import pdf_signature_check

    if letter.pdf_removed_at is not None or not letter.pdf:
        return None
    try:
        with letter.pdf.open("rb") as file:
            data = file.read()
    except OSError:
        return None
    check = pdf_signature_check(data)
    return check if check.valid else None


def letter_template_for(programme_slug: str, kind: str) -> LetterTemplate | None:
    """The programme's own template for `kind`, else the one for every programme."""
    templates = {
        template.programme_slug: template
        for template in LetterTemplate.objects.filter(
            kind=kind, programme_slug__in=[programme_slug, ""]
        )
    }
    return templates.get(programme_slug) or templates.get("")


def city_settings():
    """The city's settings of the default site (the letterhead), or the model's defaults on
    a site not yet set up."""
    from cms.site_address import city_settings as default_city_settings

    return default_city_settings()


def letter_batches_recent(limit: int = 20) -> list[LetterBatch]:
    """The latest batches, each with its progress counted from its outbox rows."""
    return list(
        LetterBatch.objects.select_related("requested_by").annotate(
            outbox_total=Count("outbox_entries"),
            outbox_issued=Count("outbox_entries", filter=Q(outbox_entries__state=OutboxState.DONE)),
            outbox_failed=Count("outbox_entries", filter=Q(outbox_entries__state=OutboxState.DEAD)),
            outbox_retrying=Count(
                "outbox_entries",
                filter=Q(outbox_entries__state=OutboxState.PENDING, outbox_entries__attempts__gt=0),
            ),
            outbox_waiting=Count(
                "outbox_entries",
                filter=Q(outbox_entries__state=OutboxState.PENDING, outbox_entries__attempts=0),
            ),
        )[:limit]
    )


def letter_file_name(letter: Letter) -> str:
    """The name a letter's PDF is downloaded under: reference, kind and version."""
    return f"{letter.application.reference}-{letter.kind}-v{letter.version}.pdf"
