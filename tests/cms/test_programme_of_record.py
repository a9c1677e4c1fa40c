"""The programme of record: the published revision of a programme's page of record, read once
per revision and seen anew as soon as another is published."""

import datetime

import pytest
from wagtail.models import Revision
from wagtail.signals import page_published

from cms.constants import WindowStatus
from cms.models import ProgrammePage
from cms.selectors import programme_page_by_slug
from cms.services.programme_definitions import programme_import
from cms.services.programme_of_record import (
    programme_of_record,
    programme_of_record_cache_clear,
    programmes_of_record,
)
from tests.applications import submission_helpers

pytestmark = pytest.mark.django_db

CACHE_CLEAR = "programme_of_record_cache_clear"  # the receiver's dispatch_uid


def definition(slug: str = "record-aid", **changes) -> dict:
    """A small programme, open in 2026, 100 EUR per employee (the submission tests' own, with
    a title and a rule of its own)."""
    return submission_helpers.definition(
        **{
            "slug": slug,
            "title": {"es": "Ayuda de registro", "eu": "Erregistro-laguntza", "en": "Record aid"},
            "eligibility": {"all": [{"id": "staff", "fact": "employees", "op": "gte", "value": 1}]},
            **changes,
        }
    )


def publish(**changes) -> dict:
    document = definition(**changes)
    programme_import(definition=document, publish=True)
    return document


@pytest.fixture
def deserialised(monkeypatch):
    """The revisions read from their JSON, by id, in order."""
    programme_of_record_cache_clear()
    read = []
    as_object = Revision.as_object

    def counted(revision):
        read.append(revision.pk)
        return as_object(revision)

    monkeypatch.setattr(Revision, "as_object", counted)
    return read


def test_the_published_revision_is_the_programme_of_record_not_a_newer_draft():
    published = publish()
    page = programme_page_by_slug("record-aid")
    draft = page.get_latest_revision_as_object()
    draft.definition = definition(amount={"mul": [{"fact": "employees"}, "999"]})
    draft.save_revision()

    programme = programme_of_record(slug="record-aid")

    assert programme.definition == published
    assert programme.revision_id == page.live_revision_id
    assert programme.published
    assert programme.compiled.evaluate({"employees": 5}).amount == 500


def test_an_unknown_or_unpublished_programme_has_none():
    programme_import(definition=definition(), publish=False)

    assert programme_of_record(slug="no-such-aid") is None
    assert programme_of_record(slug="record-aid") is None


def test_an_unpublished_programme_is_given_as_its_page_holds_it_when_asked():
    document = definition()
    programme_import(definition=document, publish=False)

    programme = programme_of_record(slug="record-aid", include_unpublished=True)

    assert not programme.published
    assert programme.revision_id is None
    assert programme.definition == document


def test_a_revision_already_read_is_not_deserialised_again(deserialised):
    publish()
    deserialised.clear()  # publishing reads revisions too

    first = programme_of_record(slug="record-aid")
    second = programme_of_record(slug="record-aid")
    listed = programmes_of_record(slugs=["record-aid"])["record-aid"]

    assert deserialised == [first.revision_id]
    assert second is first
    assert listed is first


def test_a_new_publication_is_seen_at_once(deserialised):
    publish()
    before = programme_of_record(slug="record-aid")

    publish(amount={"mul": [{"fact": "employees"}, "999"]})
    deserialised.clear()
    after = programme_of_record(slug="record-aid")
    programme_of_record(slug="record-aid")

    assert after.revision_id != before.revision_id
    assert after.definition["amount"] == {"mul": [{"fact": "employees"}, "999"]}
    assert deserialised == [after.revision_id]


def test_a_publication_by_another_process_is_seen_at_once_too():
    publish()
    before = programme_of_record(slug="record-aid")
    # Another process publishes: this one hears no signal, and finds the new live revision.
    page_published.disconnect(sender=ProgrammePage, dispatch_uid=CACHE_CLEAR)
    try:
        publish(amount={"mul": [{"fact": "employees"}, "999"]})
    finally:
        page_published.connect(
            programme_of_record_cache_clear, sender=ProgrammePage, dispatch_uid=CACHE_CLEAR
        )

    after = programme_of_record(slug="record-aid")

    assert after.revision_id != before.revision_id
    assert after.definition["amount"] == {"mul": [{"fact": "employees"}, "999"]}


def test_an_unpublished_programme_is_gone_at_once():
    publish()
    assert programme_of_record(slug="record-aid") is not None

    programme_page_by_slug("record-aid").unpublish()

    assert programme_of_record(slug="record-aid") is None


def test_a_revision_of_the_same_id_in_a_new_database_is_read_afresh(deserialised):
    publish()
    deserialised.clear()
    first = programme_of_record(slug="record-aid")
    # As after a rollback: the same id, another revision, made at another time.
    Revision.objects.filter(pk=first.revision_id).update(
        created_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )

    again = programme_of_record(slug="record-aid")

    assert again is not first
    assert deserialised == [first.revision_id, first.revision_id]


def test_the_window_state():
    publish()
    programme = programme_of_record(slug="record-aid")

    assert programme.window_status(datetime.date(2026, 1, 14)) == WindowStatus.UPCOMING
    assert programme.window_status(datetime.date(2026, 1, 15)) == WindowStatus.OPEN
    assert programme.window_status(datetime.date(2026, 12, 31)) == WindowStatus.OPEN
    assert programme.window_status(datetime.date(2027, 1, 1)) == WindowStatus.CLOSED
    assert programme.is_open(datetime.date(2026, 6, 1))
    assert not programme.is_open(datetime.date(2027, 1, 1))


def test_rules_that_do_not_compile_take_no_applications():
    publish()
    page = programme_page_by_slug("record-aid")
    revision = page.live_revision
    broken = definition()
    del broken["unit"]
    revision.content = {**revision.content, "definition": broken}
    revision.save(update_fields=["content"])
    programme_of_record_cache_clear()

    programme = programme_of_record(slug="record-aid")

    assert programme.compiled is None
    assert not programme.is_open(datetime.date(2026, 6, 1))
    assert programme.window_status(datetime.date(2026, 6, 1)) == WindowStatus.CLOSED


def test_titles_and_addresses_per_language():
    publish()
    programme = programme_of_record(slug="record-aid")
    page = programme_page_by_slug("record-aid")
    english = page.get_translations().get(locale__language_code="en")

    assert programme.titles == {
        "es": "Ayuda de registro",
        "eu": "Erregistro-laguntza",
        "en": "Record aid",
    }
    assert programme.title("eu") == "Erregistro-laguntza"
    assert programme.language == "es"
    assert programme.page_url("en") == english.url
    assert programme.page_url() == page.url


def test_many_programmes_at_once(django_assert_max_num_queries):
    publish()
    publish(slug="other-aid")
    programmes_of_record(slugs=["record-aid", "other-aid"])  # read once

    with django_assert_max_num_queries(1):
        found = programmes_of_record(slugs=["record-aid", "other-aid", "no-such-aid"])

    assert set(found) == {"record-aid", "other-aid"}
    assert found["other-aid"].slug == "other-aid"


def test_a_process_that_has_not_read_a_revision_finds_it_in_the_shared_cache(deserialised):
    publish()
    deserialised.clear()
    first = programme_of_record(slug="record-aid")
    # Another process: its own cache is empty, the shared one (Redis in production) is not.
    programme_of_record_cache_clear()

    again = programme_of_record(slug="record-aid")

    assert again is not first
    assert again.definition == first.definition
    assert again.revision_id == first.revision_id
    assert deserialised == [first.revision_id]  # read from its JSON once, by the first


def test_a_new_revision_is_never_served_from_the_shared_cache_of_the_old_one(deserialised):
    publish()
    before = programme_of_record(slug="record-aid")
    programme_of_record_cache_clear()
    publish(amount={"mul": [{"fact": "employees"}, "999"]})
    programme_of_record_cache_clear()

    after = programme_of_record(slug="record-aid")

    assert after.revision_id != before.revision_id
    assert after.definition["amount"] == {"mul": [{"fact": "employees"}, "999"]}
