"""Trigram indexes for the desk's search by part of a name or of a reference, on PostgreSQL.

`icontains` becomes `UPPER(column) LIKE UPPER('%term%')`, which no b-tree can answer; a GIN
trigram index on the same expression can. Other databases (SQLite for the demo) scan, which
is fine at their size. Creating the extension needs rights a managed database may not give:
then the indexes are skipped with a warning and the search still works, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = (
    ("app_reference_trgm", "applications_application", "reference"),
    ("org_legal_name_trgm", "applications_organisation", "legal_name"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm is not available (%s); the desk's search will scan", error)
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0007_letter_batches")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
