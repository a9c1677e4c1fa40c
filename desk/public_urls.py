"""The desk's public pages (under the language prefix): the list of awards and the public
account of the plan and of each of its measures."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from desk.views.public_account import public_plan_account, public_programme_account
from desk.views.publication import public_awards

urlpatterns = [
    path(_("awards/"), public_awards, name="public_awards"),
    path(_("public-account/"), public_plan_account, name="public_plan_account"),
    path(
        _("public-account/<slug:slug>/"),
        public_programme_account,
        name="public_programme_account",
    ),
]
