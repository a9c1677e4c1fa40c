from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page, Site

from onestop.i18n import active_language

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: the page's own translation where it has one,
    otherwise the same address with the other language's prefix."""
    request = context["request"]
    page = context.get("page")
    current = active_language()
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.url
    languages = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or translate_url(request.get_full_path(), code)
        languages.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    """The home page in the language shown, and its pages marked for the menu."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return {"home": None, "items": []}
    home = site.root_page.localized
    return {"home": home, "items": home.get_children().live().in_menu()}
