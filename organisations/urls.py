from django.urls import path

from organisations.views import establishments, organisations

app_name = "organisations"

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
        "organisations/<int:pk>/establishments/new/",
        establishments.establishment_create,
        name="establishment_create",
    ),
    path(
        "organisations/<int:pk>/establishments/<int:establishment_pk>/edit/",
        establishments.establishment_update,
        name="establishment_update",
    ),
    path(
        "organisations/<int:pk>/establishments/<int:establishment_pk>/remove/",
        establishments.establishment_delete,
        name="establishment_delete",
    ),
    path(
        "organisations/invitations/<str:token>/",
        organisations.invitation_accept,
        name="invitation_accept",
    ),
]
