from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site and programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from cms import signals  # noqa: F401
        from cms.models import ProgrammePage
        from cms.services.programme_of_record import programme_of_record_cache_clear
        from cms.services.screener_programmes import (
            screener_programme_links,
            screener_programmes,
            screener_programmes_forget,
        )
        from eligibility.service import register_programme_source

        register_programme_source(programmes=screener_programmes, links=screener_programme_links)

        # Activity codes: their names for explanations and forms, and rules checked against
        # the list when saved.
        from django.db.models.signals import post_delete, post_save

        from cms.models import ActivityCode
        from cms.services.activity_codes import (
            activity_code_names_changed,
            activity_code_names_install,
            unknown_code_errors,
        )
        from eligibility.service import register_definition_check

        activity_code_names_install()
        register_definition_check("activity_codes", unknown_code_errors)
        for model_signal in (post_save, post_delete):
            model_signal.connect(
                activity_code_names_changed,
                sender=ActivityCode,
                dispatch_uid=f"activity_code_names_changed_{model_signal is post_save}",
            )

        # Cached public pages: any edit of what they show makes them stale.
        from wagtail.signals import post_page_move

        from cms.services.public_pages import public_pages_purge_on_change

        for name, signal in {
            "post_save": post_save,
            "post_delete": post_delete,
            "page_published": page_published,
            "page_unpublished": page_unpublished,
            "post_page_move": post_page_move,
        }.items():
            signal.connect(public_pages_purge_on_change, dispatch_uid=f"public_pages_purge_{name}")

        for signal in (page_published, page_unpublished):
            signal.connect(
                programme_of_record_cache_clear,
                sender=ProgrammePage,
                dispatch_uid="programme_of_record_cache_clear",
            )
            signal.connect(
                screener_programmes_forget,
                sender=ProgrammePage,
                dispatch_uid="screener_programmes_forget",
            )
