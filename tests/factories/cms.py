"""Programme pages as the CMS keeps them: under the programme index of the default language,
their definition saved as a revision and, unless told otherwise, published."""

import factory

from cms.models import ProgrammeIndexPage, ProgrammePage
from cms.services.site_structure import site_structure_ensure
from tests.helpers import demo_definition


class ProgrammePageFactory(factory.django.DjangoModelFactory):
    """The demo hospitality aid, published; publishing brings its other languages along.

    `publish=False` leaves the revision a draft; `parent` puts the page under another index
    than the default language's; `user` is who saved (and published) the revision.
    """

    class Meta:
        model = ProgrammePage

    definition = factory.LazyFunction(demo_definition)
    # The page's title follows its definition on save; the slug is the programme's own.
    title = factory.LazyAttribute(lambda page: page.definition["slug"])
    slug = factory.LazyAttribute(lambda page: page.definition["slug"])
    publish = True
    parent = None
    user = None

    @classmethod
    def _create(cls, model_class, *args, publish=True, parent=None, user=None, **fields):
        if parent is None:
            parent = ProgrammeIndexPage.objects.child_of(site_structure_ensure()).get()
        page = model_class(locale=parent.locale, live=False, **fields)
        parent.add_child(instance=page)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        return model_class.objects.get(pk=page.pk)
