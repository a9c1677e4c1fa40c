"""The city's settings for allauth's e-mails.

allauth renders an e-mail's subject without the request, so the `settings` context processor
does not run there and `settings.cms.CitySettings` is empty; this tag reads them itself: those
of the request's site when there is a request, else those of the default site.
"""

from django import template

from cms.site_address import city_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def account_email_city(context):
    """The CitySettings for an account e-mail: `{% account_email_city as city %}`."""
    from wagtail.models import Site

    from cms.models.site_settings import CitySettings

    request = context.get("request")
    if request is not None and Site.find_for_request(request) is not None:
        return CitySettings.for_request(request)
    return city_settings()
