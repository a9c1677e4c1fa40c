"""The desk's row for a programme: its budget, service-level target and four-eyes threshold."""

import factory

from desk.models import ProgrammeDesk


class ProgrammeDeskFactory(factory.django.DjangoModelFactory):
    """The demo hospitality aid's desk: no budget limit, the settings' defaults otherwise."""

    class Meta:
        model = ProgrammeDesk

    programme_slug = "hospitality-direct-aid"
