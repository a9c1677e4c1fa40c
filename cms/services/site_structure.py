"""The skeleton every desk needs: a home page and a programme index in each language."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, ProgrammeIndexPage


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@transaction.atomic
def site_structure_ensure() -> HomePage:
    """Create what is missing of locales, home pages and programme indexes; return the
    default language's home page. Safe to run any number of times."""
    for code in site_languages():
        Locale.objects.get_or_create(language_code=code)

    home = _default_home_ensure()
    with translation.override(home.locale.language_code):
        index = ProgrammeIndexPage.objects.child_of(home).first() or _add_child(
            home, ProgrammeIndexPage, **_index_fields()
        )
    for code in site_languages():
        locale = Locale.objects.get(language_code=code)
        if locale == home.locale:
            continue
        with translation.override(code):
            translated_home = _translation_ensure(
                home,
                locale,
                parent=Page.get_first_root_node(),
                title=_("Business support desk"),
                slug=f"home-{code}",
                intro=_home_intro(),
            )
            _translation_ensure(index, locale, parent=translated_home, **_index_fields())
    return home


def _index_fields() -> dict:
    return {
        "title": _("Support programmes"),
        "slug": pgettext("url slug", "programmes"),
        "intro": _("Every support programme of the desk: open, upcoming and closed."),
        "show_in_menus": True,
    }


def _home_intro() -> str:
    return _(
        "Support for cooperatives, associations, social enterprises and small businesses: "
        "find out what you can get, apply online and follow your application."
    )


def _default_home_ensure() -> HomePage:
    default_locale = Locale.get_default()
    home = HomePage.objects.filter(locale=default_locale).first()
    if home:
        return home
    root = Page.get_first_root_node()
    with translation.override(default_locale.language_code):
        home = _add_child(
            root, HomePage, title=_("Business support desk"), slug="home-es", intro=_home_intro()
        )
    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page if site else None
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    # Wagtail's placeholder "Welcome" page goes once the real home replaces it.
    if previous_root and previous_root.specific_class is Page and not previous_root.get_children():
        previous_root.delete()
    return home


def _add_child(parent: Page, page_class, **fields) -> Page:
    page = page_class(locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translation_ensure(source: Page, locale: Locale, *, parent: Page, **fields) -> Page:
    existing = source.get_translation_or_none(locale)
    if existing:
        return existing.specific
    page = type(source)(locale=locale, translation_key=source.translation_key, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
