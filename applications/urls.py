from django.urls import path
from django.utils.translation import gettext_lazy as _

from applications.views import (
    establishment_start,
    my_applications,
    privacy,
    session,
    submission,
    wizard,
)

app_name = "applications"

urlpatterns = [
    path("session/keep-alive/", session.keep_alive, name="session_keep_alive"),
    # --- the application wizard and drafts ---
    path("apply/<slug:programme_slug>/", wizard.apply_start, name="apply_start"),
    path(
        "apply/<slug:programme_slug>/organisations/<int:organisation_pk>/establishments/",
        establishment_start.apply_establishment,
        name="apply_establishment",
    ),
    path(
        "applications/<int:pk>/continue/",
        wizard.application_resume,
        name="application_resume",
    ),
    path(
        "applications/<int:pk>/steps/<str:step>/",
        wizard.ApplicationWizard.as_view(),
        name="application_step",
    ),
    path("applications/<int:pk>/check/", wizard.application_check, name="application_check"),
    path("applications/<int:pk>/delete/", wizard.draft_delete_view, name="draft_delete"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/remove/",
        wizard.document_remove,
        name="application_document_remove",
    ),
    # --- submission and confirmation ---
    path(
        "applications/<int:pk>/confirmation/",
        submission.application_confirmation,
        name="application_confirmation",
    ),
    # --- my applications, documents, information requests, withdrawal ---
    path("applications/", my_applications.application_list, name="application_list"),
    path(
        "applications/<int:pk>/",
        my_applications.application_detail,
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/information/<int:request_pk>/",
        my_applications.information_answer,
        name="information_answer",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        my_applications.application_withdraw_view,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/appeal/",
        my_applications.appeal_lodge_view,
        name="appeal_lodge",
    ),
    path("documents/<int:pk>/", my_applications.document_download, name="document_download"),
    # --- data protection: the record of processing, a representative's export ---
    path(_("data-protection/"), privacy.processing_record, name="processing_record"),
    path(
        "organisations/<int:pk>/your-data/",
        privacy.organisation_data,
        name="organisation_data",
    ),
]
