"""Admin wiring of letters: the letter templates snippet and the batch of missing letters."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

# --- letters: the letter templates snippet, and the batch of missing letters ---------------
from wagtail.snippets.models import register_snippet  # noqa: E402

from letters.views import case_letters  # noqa: E402
from letters.views.admin import (  # noqa: E402
    letter_batch_urls,
    letter_template_viewset,
    may_run_batches,
)

register_snippet(letter_template_viewset)


@hooks.register("register_admin_urls")
def register_case_letter_urls():
    return [
        path(
            "desk/cases/<int:pk>/letters/",
            include((case_letters.urlpatterns, "case_letters"), namespace="case_letters"),
        )
    ]


@hooks.register("register_admin_urls")
def register_letter_batch_urls():
    return [path("letters/", include(letter_batch_urls))]


class LetterBatchMenuItem(MenuItem):
    def is_shown(self, request):
        return may_run_batches(request.user)


@hooks.register("register_admin_menu_item")
def register_letter_batch_menu_item():
    return LetterBatchMenuItem(
        _("Decision letters"),
        reverse_lazy("letter_batches:index"),
        name="letter-batches",
        icon_name="doc-full",
        order=160,
    )


