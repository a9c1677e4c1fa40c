"""The public screening API, mounted without a language prefix: /api/v1/."""

from django.urls import path

from eligibility.api import api

urlpatterns = [path("", api.urls)]
