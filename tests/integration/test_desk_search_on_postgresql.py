"""The desk's accent-blind name search on PostgreSQL: unaccent through the immutable wrapper,
answered by the trigram index of migration 0012."""

import pytest
from django.db import connection

from applications.search_text import search_term, searchable
from desk.selectors import desk_queue
from organisations.models import Organisation
from tests.desk.conftest import case, people  # noqa: F401
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_names_are_found_without_their_accents_on_postgresql(people, case):  # noqa: F811
    assert connection.vendor == "postgresql"
    wanted = case(mine=False, organisation=OrganisationFactory(legal_name="Begoña Ibáñez S.Coop."))
    case(mine=False, organisation=OrganisationFactory(legal_name="Txokolate Kooperatiba"))

    for search in ("begona", "ibanez", "IBÁÑEZ", "begoña ibanez"):
        found = desk_queue(user=people.caseworker, queue="all", search=search)
        assert list(found.values_list("pk", flat=True)) == [wanted.pk], search


def test_the_search_can_use_the_unaccent_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'org_legal_name_unaccent_trgm'"
        )
        (definition,) = cursor.fetchone()
        assert "f_unaccent" in definition and "gin_trgm_ops" in definition
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'f_unaccent'")
        assert cursor.fetchone()[0] == "i"  # immutable, as an index requires

    queryset = Organisation.objects.alias(n=searchable("legal_name")).filter(
        n__contains=search_term("ibanez")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "org_legal_name_unaccent_trgm" in plan, plan


@pytest.mark.parametrize(
    "name", ["Begoña Ibáñez", "Çeltas", "Łódź", "Straße", "Ærø", "Zuriñe Núñez"]
)
def test_python_normalises_the_term_as_postgresql_normalises_the_column(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER(f_unaccent(%s))", [name])
        assert cursor.fetchone()[0] == search_term(name)
