"""The desk's search by organisation name ignores accents on PostgreSQL.

unaccent() cannot be indexed (it is STABLE: its dictionary could change), so an IMMUTABLE
wrapper, f_unaccent, names the extension's schema and dictionary explicitly; the trigram
index on UPPER(f_unaccent(legal_name)) answers the search's LIKE '%TERM%' and replaces the
plain one of 0008 on the same column. SQLite gets f_unaccent from Python on each connection
(applications.search_text). UnaccentExtension does nothing on other databases.

Where pg_trgm could not be created (0008 warned), the function is still created and the
search works, scanning.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

INDEX = "org_legal_name_unaccent_trgm"
OLD_INDEX = "org_legal_name_trgm"


def _schema_of(schema_editor, extension: str) -> str | None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = %s",
            [extension],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def create_function_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = schema_editor.quote_name(_schema_of(schema_editor, "unaccent"))
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
        f" AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )
    if _schema_of(schema_editor, "pg_trgm") is None:
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON applications_organisation "
        "USING gin ((UPPER(f_unaccent(legal_name))) gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop_function_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    if _schema_of(schema_editor, "pg_trgm") is not None:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON applications_organisation "
            "USING gin ((UPPER(legal_name::text)) gin_trgm_ops)"
        )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS f_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("applications", "0011_manual_amounts")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_function_and_index, drop_function_and_index),
    ]
