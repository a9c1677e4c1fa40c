"""A database from before organisations, the desk and letters had apps of their own migrates
across with every row where it was: the same tables, the same foreign keys, the same
permissions on the relabelled content types."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories.applications import SubmittedApplicationFactory
from tests.factories.organisations import InvitationFactory, RepresentationFactory

BEFORE = [
    ("applications", "0015_award_mode_labels"),
    ("organisations", None),
    ("desk", None),
    ("letters", None),
]
MOVED_TABLES = (
    "applications_organisation",
    "applications_representation",
    "applications_invitation",
    "applications_programmedesk",
    "applications_letter",
    "applications_lettertemplate",
    "applications_letterbatch",
    "applications_outboxentry",
    "applications_application",
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _rows(table: str, like: list[dict] | None = None) -> list[dict]:
    """The table's rows as {column: value}; with `like`, only the columns those rows have."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (a constant name)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    if like:
        kept = set(like[0])
        rows = [{name: value for name, value in row.items() if name in kept} for row in rows]
    return rows


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_from_before_the_split_migrates_forward_with_every_row():
    from desk.models import ProgrammeDesk
    from letters.models import Letter, LetterBatch, LetterTemplate
    from organisations.models import Invitation, Organisation, Representation

    # Rows written by today's code, then the database taken back to the old layout.
    application = SubmittedApplicationFactory()
    RepresentationFactory(organisation=application.organisation)
    InvitationFactory(organisation=application.organisation)
    desk_group = Group.objects.create(name="Desk readers")
    desk_group.permissions.add(Permission.objects.get(codename="change_programmedesk"))
    representations = Representation.objects.filter(organisation=application.organisation).count()

    old = _migrate(BEFORE)

    # The old layout reads them as the applications app's, and writes more of its own.
    OldOrganisation = old.get_model("applications", "Organisation")
    OldApplication = old.get_model("applications", "Application")
    assert OldOrganisation.objects.filter(pk=application.organisation_id).exists()
    assert ContentType.objects.filter(app_label="applications", model="programmedesk").exists()
    old_application = OldApplication.objects.get(pk=application.pk)
    user = get_user_model().objects.create_user("writer", "writer@example.org", "x")
    old.get_model("applications", "ProgrammeDesk").objects.create(
        programme_slug="rent-help", budget=Decimal("1000.00")
    )
    batch = old.get_model("applications", "LetterBatch").objects.create(
        programme_slug="rent-help", requested_by_id=user.pk
    )
    old.get_model("applications", "LetterTemplate").objects.create(
        programme_slug="rent-help", kind="award", conditions_es="Condiciones"
    )
    old.get_model("applications", "Letter").objects.create(
        application_id=old_application.pk,
        kind="award",
        version=1,
        source_key="award",
        code="ABCDEFGHJKMNPQRSTVWX",
        pdf="letters/award.pdf",
        sha256="0" * 64,
        size=1234,
        language="es",
        issued_at=timezone.now(),
    )
    old.get_model("applications", "OutboxEntry").objects.create(
        kind="letter",
        subkind="award",
        key="letter:award:1",
        application_id=old_application.pk,
        source_key="award",
        batch_id=batch.pk,
    )
    before = {table: _rows(table) for table in MOVED_TABLES}
    assert all(before.values())

    _migrate(_latest())

    # Not a row lost or changed, and today's models read them all. Columns added by later
    # migrations (an application's establishment) are left out of the comparison.
    assert {table: _rows(table, like=before[table]) for table in MOVED_TABLES} == before
    assert Organisation.objects.get(pk=application.organisation_id).tax_id
    assert (
        Representation.objects.filter(organisation_id=application.organisation_id).count()
        == representations
        >= 1
    )
    assert Invitation.objects.filter(organisation_id=application.organisation_id).count() == 1
    assert ProgrammeDesk.objects.get(programme_slug="rent-help").budget == Decimal("1000.00")
    letter = Letter.objects.get(code="ABCDEFGHJKMNPQRSTVWX")
    assert letter.application.organisation_id == application.organisation_id
    assert LetterTemplate.objects.get(programme_slug="rent-help").conditions_es == "Condiciones"
    entry = LetterBatch.objects.get(pk=batch.pk).outbox_entries.get()
    assert entry.application_id == application.pk
    # The content types moved with their models, so permissions granted before still hold.
    for label, model in [
        ("organisations", "organisation"),
        ("desk", "programmedesk"),
        ("letters", "letter"),
        ("letters", "lettertemplate"),
    ]:
        assert ContentType.objects.filter(app_label=label, model=model).exists()
        assert not ContentType.objects.filter(app_label="applications", model=model).exists()
    assert desk_group.permissions.get().content_type.app_label == "desk"
