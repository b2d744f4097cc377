"""Fast bulk inserts for generated demo and benchmark data.

`copy_insert(model, objects)` writes unsaved model instances with PostgreSQL's COPY: the
primary keys are reserved from the table's sequence in one statement per batch and set on
the objects (so rows made later can point at them), then the rows are streamed as CSV.
Each value goes through its field's `pre_save` and `get_db_prep_save`, as `bulk_create`
does, so defaults, `auto_now` and time zones come out the same. On other databases it is
`bulk_create`. Neither path sends signals or writes django-simple-history rows: this is for
generated data only, never for user input.

`analyze(*models)` refreshes the planner statistics after a bulk load (PostgreSQL only;
autovacuum would do it later, but the first queries would be planned on empty tables).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Iterable

from django.db import connections, models
from django.db.models import Field

DEFAULT_BATCH = 50_000


def copy_insert(model: type[models.Model], objects: Iterable[models.Model], *, batch: int = DEFAULT_BATCH,
                using: str = "default") -> list[models.Model]:
    """Insert `objects` (unsaved instances of `model`) and give them their primary keys.
    Returns the objects as a list."""
    objects = list(objects)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_create(objects, batch_size=min(batch, 2000))
        return objects
    opts = model._meta
    fields = [f for f in opts.concrete_fields if f.concrete]
    if any(f.model is not model for f in fields):
        raise ValueError("copy_insert does not handle multi-table inheritance")
    pk = opts.pk
    converters = [_converter(field, connection) for field in fields]
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    for start in range(0, len(objects), batch):
        chunk = objects[start:start + batch]
        _reserve_keys(connection, opts, pk, chunk)
        buffer = io.StringIO()
        write = buffer.write
        for obj in chunk:
            # Foreign keys given as objects saved since this one was made (bulk_create does the same).
            obj._prepare_related_fields_for_save(operation_name="copy_insert")
            write(",".join([convert(obj) for convert in converters]))
            write("\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            _copy(cursor.cursor, sql, buffer)
        for obj in chunk:
            obj._state.adding = False
            obj._state.db = using
    return objects


def analyze(*models_: type[models.Model], using: str = "default") -> None:
    """ANALYZE the tables of these models (PostgreSQL); a no-op elsewhere."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not models_:
        return
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- internals --------------------------------------------------------------------------------

def _reserve_keys(connection, opts, pk: Field, objects: list[models.Model]) -> None:
    """Take one value of the table's sequence per object without a key, in one statement.
    nextval() is safe against concurrent inserts; the values need not be contiguous."""
    missing = [obj for obj in objects if obj.pk is None]
    if not missing:
        return
    if not isinstance(pk, models.AutoField):  # AutoField, BigAutoField, SmallAutoField
        raise ValueError(f"{opts.label}: primary key {pk.name} has no sequence; set it on every object")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(opts.db_table), pk.column, len(missing)],
        )
        keys = sorted(row[0] for row in cursor.fetchall())
    for obj, key in zip(missing, keys, strict=True):
        obj.pk = key


def _copy(raw_cursor, sql: str, buffer: io.StringIO) -> None:
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        raw_cursor.copy_expert(sql, buffer, size=1 << 20)
        return
    with raw_cursor.copy(sql) as copy:  # psycopg 3
        while data := buffer.read(1 << 20):
            copy.write(data)


def _converter(field: Field, connection):
    """A function of an instance giving the field's CSV cell: NULL as an empty unquoted
    cell, everything else quoted (so an empty string stays an empty string)."""
    attname = field.attname
    needs_pre_save = type(field).pre_save is not Field.pre_save  # auto_now and friends

    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def convert(obj):
            value = field.pre_save(obj, True) if needs_pre_save else getattr(obj, attname)
            if value is None:
                return ""
            return _quote(json.dumps(field.get_prep_value(value), cls=encoder, ensure_ascii=False))
        return convert

    def convert(obj):
        value = field.pre_save(obj, True) if needs_pre_save else getattr(obj, attname)
        return _cell(field.get_db_prep_save(value, connection))
    return convert


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value.days} days {value.seconds} seconds {value.microseconds} microseconds"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    raise TypeError(f"copy_insert cannot write {type(value).__name__} values")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if '"' in text else '"' + text + '"'
