from django.urls import path

from letters.views import letters, verification

app_name = "letters"

urlpatterns = [
    # --- letters: download (applicant and desk), public verification ---
    path("letters/<int:pk>/", letters.letter_download, name="letter_download"),
    path("verify/", verification.verify_start, name="verify_start"),
    path("verify/<str:code>/", verification.verify_letter, name="verify_letter"),
]
