"""Applications in any status, as the desk would hold them.

A factory may create an application in any status (the protected status can be given at
creation); tests that are about changing status go through the services instead.
"""

import datetime

import factory
from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import Application, InformationRequest
from tests.factories.organisations import OrganisationFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft of the demo hospitality aid."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    programme_slug = "hospitality-direct-aid"
    status = ApplicationStatus.DRAFT
    answers = factory.LazyFunction(dict)


class SubmittedApplicationFactory(ApplicationFactory):
    """A submitted application with a reference and a frozen eligible evaluation."""

    status = ApplicationStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"BIO-{timezone.now().year}-{900000 + n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    # The desk's service-level deadline: the default 30 days from submission.
    sla_due_at = factory.LazyAttribute(
        lambda application: (
            application.submitted_at + datetime.timedelta(days=30)
            if application.submitted_at
            else None
        )
    )
    answers = factory.LazyFunction(lambda: {"sector": "hospitality", "employees": 5})
    submitted_answers = factory.LazyAttribute(lambda application: dict(application.answers))
    computed_amount = "1250.00"
    evaluation = factory.LazyFunction(
        lambda: {"outcome": "eligible", "amount": "1250.00", "missing_facts": [], "reasons": {}}
    )


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """An open request of the desk on an application waiting for the applicant."""

    class Meta:
        model = InformationRequest

    application = factory.SubFactory(
        SubmittedApplicationFactory, status=ApplicationStatus.INFO_REQUESTED
    )
    message = "Envíe el certificado del IAE."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
