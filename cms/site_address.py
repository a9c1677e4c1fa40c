"""Where the site is reached and who writes from it: for everything that leaves the site
(links in emails, the verification address printed and encoded on letters, allauth's
emails) and is read far from any request.

The address is the one setting SITE_URL, never a request's Host header: a task has no
request, and a forged Host must not end up in a citizen's inbox.
"""

import ipaddress
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str = "") -> str:
    """The absolute address of `path` (a path from the site's root, e.g. from reverse())."""
    base = settings.SITE_URL.rstrip("/")
    if path and not path.startswith("/"):
        path = f"/{path}"
    return base + path


def site_host() -> str:
    """The host name of SITE_URL, without port."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def city_settings():
    """The city's settings of the default site, or the model's defaults on a site not yet
    set up."""
    from wagtail.models import Site

    from cms.models.site_settings import CitySettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CitySettings()
    return CitySettings.for_site(site)


def email_sender() -> str:
    """The From of every email: DEFAULT_FROM_EMAIL as the environment set it, or else
    noreply@ SITE_URL's host under the name of the city's authority as the CMS's city
    settings give it, so that renaming the authority there renames the sender."""
    if not settings.EMAIL_SENDER_FROM_SITE:
        return settings.DEFAULT_FROM_EMAIL
    city = city_settings()
    name = city.authority_name or city.city_name
    address = f"noreply@{mail_domain()}"
    return formataddr((name, address)) if name else address


def mail_domain() -> str:
    """SITE_URL's host, or localhost for a site reached by IP address (the demo's)."""
    host = site_host()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return "localhost"
