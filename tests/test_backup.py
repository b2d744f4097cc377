"""The backup procedure of docs/backup.md works: a pg_dump of the demo restores into an
empty database with the same rows. PostgreSQL only — `make test` runs it there."""

import glob
import os
import shutil
import subprocess
from io import StringIO

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from casework.models import Case, CaseEvent
from committee.models import CalendarDay, Committee
from reception.models import Visit, VisitItem
from staffing.models import DutyAssignment, Worker

COUNTED = [Committee, Worker, Visit, VisitItem, Case, CaseEvent, DutyAssignment, CalendarDay, Visit.history.model]


def pg_tool(name: str) -> str:
    """The PostgreSQL client `name`: from TEST_PG_BIN (scripts/test-services), the newest
    /usr/lib/postgresql/*/bin (a pg_dump must not be older than the server), or PATH."""
    versioned = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(path.split("/")[-2]) if path.split("/")[-2].isdigit() else 0,
    )
    for folder in [os.environ.get("TEST_PG_BIN", ""), *reversed(versioned)]:
        if folder and os.access(os.path.join(folder, name), os.X_OK):
            return os.path.join(folder, name)
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} not found (install Debian's postgresql-client)")
    return found


def connection_args(settings: dict) -> tuple[list[str], dict]:
    args = [
        "--host",
        settings["HOST"] or "localhost",
        "--port",
        str(settings["PORT"] or 5432),
        "--username",
        settings["USER"],
    ]
    env = dict(os.environ, PGPASSWORD=settings["PASSWORD"] or "")
    return args, env


def run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr}"


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for model in COUNTED:
        table = model._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the backup procedure is pg_dump/pg_restore: PostgreSQL only (make test runs it)",
)
@pytest.mark.django_db(transaction=True)
def test_a_dump_of_the_demo_restores_with_the_same_counts(tmp_path):
    call_command("seed_demo", "--days", "3", stdout=StringIO())
    settings = connection.settings_dict
    args, env = connection_args(settings)
    dump = tmp_path / "demo.dump"
    restored = f"{settings['NAME']}_restore"[:63]
    with connection.cursor() as cursor:
        source = row_counts(cursor)
        # CREATE DATABASE cannot run in a transaction; a transactional test is in autocommit.
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f"CREATE DATABASE \"{restored}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        run([pg_tool("pg_dump"), *args, "--format=custom", "--file", str(dump), settings["NAME"]], env)
        run([pg_tool("pg_restore"), *args, "--no-owner", "--exit-on-error", "--dbname", restored, str(dump)], env)
        copy = psycopg2.connect(
            dbname=restored,
            host=settings["HOST"] or "localhost",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or "",
        )
        try:
            with copy.cursor() as cursor:
                assert row_counts(cursor) == source
        finally:
            copy.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    assert source[Visit._meta.db_table] > 0 and source[Case._meta.db_table] > 0
