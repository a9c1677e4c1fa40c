"""The desk's public pages (under the language prefix): the list of awards."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from desk.views.publication import public_awards

urlpatterns = [path(_("awards/"), public_awards, name="public_awards")]
