"""The "Find support" screener, under each language prefix: /<lang>/find-support/."""

from django.urls import path

from eligibility import views

app_name = "screener"

urlpatterns = [
    path("", views.start, name="start"),
    path("next/", views.next_question, name="next"),
    path("questions/<slug:fact>/", views.question, name="question"),
    path("results/", views.results, name="results"),
    path("start-again/", views.restart, name="restart"),
]
