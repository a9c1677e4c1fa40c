"""The desk's search finds names whatever accents and case the caseworker types."""

import pytest
from django.db import connection

from applications.search_text import search_term
from desk.selectors import desk_queue
from tests.factories.organisations import OrganisationFactory


def _found(people, search: str) -> set[int]:
    queryset = desk_queue(user=people.caseworker, queue="all", search=search)
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def named(people, case):
    return {
        name: case(mine=False, organisation=OrganisationFactory(legal_name=name)).pk
        for name in (
            "Begoña Ibáñez S.Coop.",
            "Ibañeta Kirol Elkartea",
            "Talleres Çeltas SL",
            "Łódź Trading SL",
        )
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("begona", {"Begoña Ibáñez S.Coop."}),
        ("BEGOÑA", {"Begoña Ibáñez S.Coop."}),
        ("ibanez", {"Begoña Ibáñez S.Coop."}),
        ("Ibáñez", {"Begoña Ibáñez S.Coop."}),
        ("ibañ", {"Begoña Ibáñez S.Coop.", "Ibañeta Kirol Elkartea"}),
        ("celtas", {"Talleres Çeltas SL"}),
        ("lodz", {"Łódź Trading SL"}),
        ("begoña ibanez s.coop", {"Begoña Ibáñez S.Coop."}),
        ("nadie", set()),
    ],
)
def test_names_are_found_without_their_accents(people, named, search, expected):
    assert _found(people, search) == {named[name] for name in expected}


def test_a_percent_or_underscore_typed_is_a_character_not_a_wildcard(people, named):
    assert _found(people, "%") == set()
    assert _found(people, "_") == set()


def test_the_term_is_normalised_as_the_column_is():
    assert search_term("Begoña Ibáñez") == "BEGONA IBANEZ"
    assert search_term("Çeltas") == "CELTAS"


@pytest.mark.django_db
def test_the_database_knows_the_search_function():
    with connection.cursor() as cursor:
        cursor.execute("SELECT UPPER(f_unaccent(%s))", ["Begoña Ibáñez"])
        assert cursor.fetchone()[0] == "BEGONA IBANEZ"
