from django.urls import path

from .bulk import BulkApproveView
from .case import CaseView
from .documents import DocumentView
from .letters import CaseLetterResendView, CaseLetterView
from .listing import QueueIndexView, TakeNextView
from .ranking import RankingView

app_name = "desk"

urlpatterns = [
    path("cases/<int:pk>/", CaseView.as_view(), name="case"),
    path("cases/<int:pk>/do/<slug:action>/", CaseView.as_view(), name="case_action"),
    path(
        "cases/<int:pk>/documents/<int:document_pk>/",
        DocumentView.as_view(),
        name="document",
    ),
    path("cases/<int:pk>/letters/<int:letter_pk>/", CaseLetterView.as_view(), name="letter"),
    path(
        "cases/<int:pk>/letters/<int:letter_pk>/download/",
        CaseLetterView.as_view(as_attachment=True),
        name="letter_download",
    ),
    path(
        "cases/<int:pk>/letters/<int:letter_pk>/resend/",
        CaseLetterResendView.as_view(),
        name="letter_resend",
    ),
    path("bulk-approve/", BulkApproveView.as_view(), name="bulk_approve"),
    path("ranking/", RankingView.as_view(), name="ranking_index"),
    path("ranking/<slug:slug>/", RankingView.as_view(), name="ranking"),
    path("<slug:queue>/", QueueIndexView.as_view(), name="queue"),
    path(
        "<slug:queue>/results/",
        QueueIndexView.as_view(results_only=True),
        name="queue_results",
    ),
    path("<slug:queue>/take-next/", TakeNextView.as_view(), name="take_next"),
]
