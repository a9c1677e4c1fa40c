import pytest
from django.core.management import call_command
from django.db import connection

from cms.models import ProgrammePage
from demo.content import DEMO_PROGRAMMES_DIR, demo_load


@pytest.mark.django_db
def test_the_demo_desk_loads_on_postgresql_and_reimports_without_duplicates(client):
    assert connection.vendor == "postgresql"
    demo_load()
    call_command("import_programmes", str(DEMO_PROGRAMMES_DIR))

    assert ProgrammePage.objects.count() == 24  # eight programmes in three languages
    assert ProgrammePage.objects.live().count() == 24
    response = client.get("/eu/")
    assert response.status_code == 200
    for page in ProgrammePage.objects.filter(locale__language_code="eu"):
        assert page.title in response.content.decode()
