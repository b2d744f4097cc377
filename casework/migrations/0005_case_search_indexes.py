"""Indexes for the case list's search box (编号/事项/居民), PostgreSQL only.

The search is `reference ILIKE %q% OR title ILIKE %q% OR resident_name = q` within the
user's committees; without these PostgreSQL read every case of the committee (25,000 at
street scale, 60 ms twice a page). Trigram GIN indexes on the upper-cased text serve the
ILIKEs (Django writes icontains as UPPER(col::text) LIKE UPPER(q)), a btree the exact name,
and the three combine in one bitmap. pg_trgm is a trusted extension: the database owner
may create it. Other databases (SQLite for the demo) get none of this; the search works
the same there, only slower."""

from django.db import migrations

INDEXES = {
    "case_reference_trgm": 'USING gin ((UPPER("reference"::text)) gin_trgm_ops)',
    "case_title_trgm": 'USING gin ((UPPER("title"::text)) gin_trgm_ops)',
    "case_committee_resident": '("committee_id", "resident_name")',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "casework_case" {definition}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_list_and_dashboard_indexes")]
    operations = [migrations.RunPython(create, drop)]
