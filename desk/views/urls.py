from django.urls import path

from desk.views.appeals import AppealListView, AppealView
from desk.views.bulk import BulkApproveView
from desk.views.case import CaseView
from desk.views.documents import DocumentView
from desk.views.listing import QueueIndexView, TakeNextView
from desk.views.prorata import ProrataView
from desk.views.public_account import StaffFiguresView
from desk.views.publication import BdnsExportView
from desk.views.ranking import RankingView

app_name = "desk"

urlpatterns = [
    path("cases/<int:pk>/", CaseView.as_view(), name="case"),
    path("cases/<int:pk>/do/<slug:action>/", CaseView.as_view(), name="case_action"),
    path(
        "cases/<int:pk>/documents/<int:document_pk>/",
        DocumentView.as_view(),
        name="document",
    ),
    path("bulk-approve/", BulkApproveView.as_view(), name="bulk_approve"),
    path("ranking/", RankingView.as_view(), name="ranking_index"),
    path("ranking/<slug:slug>/", RankingView.as_view(), name="ranking"),
    path("bdns/", BdnsExportView.as_view(), name="bdns_export"),
    path("appeals/", AppealListView.as_view(), name="appeals"),
    path("appeals/<int:pk>/", AppealView.as_view(), name="appeal"),
    path("figures/", StaffFiguresView.as_view(), name="figures"),
    path("figures/<slug:slug>/", StaffFiguresView.as_view(), name="figures_programme"),
    path("prorata/", ProrataView.as_view(), name="prorata_index"),
    path("prorata/<slug:slug>/", ProrataView.as_view(), name="prorata"),
    path("<slug:queue>/", QueueIndexView.as_view(), name="queue"),
    path(
        "<slug:queue>/results/",
        QueueIndexView.as_view(results_only=True),
        name="queue_results",
    ),
    path("<slug:queue>/take-next/", TakeNextView.as_view(), name="take_next"),
]
