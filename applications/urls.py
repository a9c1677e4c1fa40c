from django.urls import path

from applications.views import my_applications, organisations, session, submission

app_name = "applications"

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path(
        "organisations/<int:pk>/edit/",
        organisations.organisation_update,
        name="organisation_update",
    ),
    path(
        "organisations/<int:pk>/invite/",
        organisations.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisations/invitations/<str:token>/",
        organisations.invitation_accept,
        name="invitation_accept",
    ),
    path("session/keep-alive/", session.keep_alive, name="session_keep_alive"),
    # --- the application wizard and drafts ---
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
    path("documents/<int:pk>/", my_applications.document_download, name="document_download"),
]
