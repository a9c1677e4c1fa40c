"""Reads for letters: who may fetch which letter, the city's letterhead, the template that
applies, a letter by its verification code."""

from django.db.models import QuerySet
from django.http import Http404

from applications import roles
from applications.models import Application, Letter, LetterTemplate
from applications.models.letters import verification_code_normalise


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
