"""Fast bulk inserts for generated demo and benchmark data.

`copy_insert(model, objects)` writes unsaved model instances with PostgreSQL's COPY: the
primary keys are reserved from the table's sequence in one statement per batch and set on
the objects (so rows made later can point at them), then the rows are streamed as CSV.
Each value is what its field's `pre_save` and `get_db_prep_save` make of it, as with
`bulk_create`, so defaults, `auto_now` and time zones come out the same. On other
databases it is `bulk_create`. Neither path sends signals or writes django-simple-history
rows: this is for generated data only, never for user input.

`analyze(*models)` refreshes the planner statistics after a bulk load (PostgreSQL only;
autovacuum would get there later, but the first queries would be planned on stale counts).
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


def copy_insert(
    model: type[models.Model], objects: Iterable[models.Model], *, batch: int = DEFAULT_BATCH, using: str = "default"
) -> list[models.Model]:
    """Insert `objects` (unsaved instances of `model`) and give them their primary keys.
    Returns the objects as a list."""
    objects = list(objects)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_create(objects, batch_size=min(batch, 2000))
        return objects
    opts = model._meta
    fields = list(opts.concrete_fields)
    if any(f.model is not model for f in fields):
        raise ValueError("copy_insert does not handle multi-table inheritance")
    converters = [_converter(field, connection) for field in fields]
    relations = [f for f in fields if f.is_relation and f.many_to_one]
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    for start in range(0, len(objects), batch):
        chunk = objects[start : start + batch]
        _reserve_keys(connection, opts, chunk)
        buffer = io.StringIO()
        write = buffer.write
        for obj in chunk:
            _link_saved_relations(obj, relations)
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


def _reserve_keys(connection, opts, objects: list[models.Model]) -> None:
    """One value of the table's sequence per object without a key, in one statement.
    nextval() is safe against concurrent inserts; the values need not be contiguous."""
    missing = [obj for obj in objects if obj.pk is None]
    if not missing:
        return
    pk = opts.pk
    if not isinstance(pk, models.AutoField):  # AutoField, BigAutoField, SmallAutoField
        raise ValueError(f"{opts.label}: primary key {pk.name} has no sequence; set it on every object")
    with connection.cursor() as cursor:
        # The sequence looked up once: pg_get_serial_sequence per row would cost ten times more.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(opts.db_table), pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(missing)])
        keys = sorted(row[0] for row in cursor.fetchall())
    for obj, key in zip(missing, keys, strict=True):
        obj.pk = key


def _link_saved_relations(obj, relations) -> None:
    """A foreign key given as an object that had no key yet when it was assigned (a visit
    item made with its visit before the visit was inserted) takes the object's key now, as
    in `bulk_create`; an object still unsaved is an error, not a NULL."""
    for field in relations:
        if getattr(obj, field.attname) is not None or not field.is_cached(obj):
            continue
        related = field.get_cached_value(obj)
        if related is None:
            continue
        value = getattr(related, field.target_field.attname)
        if value is None:
            raise ValueError(f"copy_insert: {field.name} of {obj._meta.label} is an unsaved {related._meta.label}")
        setattr(obj, field.attname, value)


def _copy(raw_cursor, sql: str, buffer: io.StringIO) -> None:
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        raw_cursor.copy_expert(sql, buffer, size=1 << 20)
        return
    with raw_cursor.copy(sql) as copy:  # psycopg 3
        while data := buffer.read(1 << 20):
            copy.write(data)


_PLAIN_PRE_SAVE = (Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save)
_INTEGERS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


def _converter(field: Field, connection):
    """A function of an instance giving the field's CSV cell: NULL as an empty unquoted
    cell, everything else quoted or plain digits (so an empty string stays an empty string).

    Values go through `get_db_prep_save`, except where that is known to hand them back
    unchanged (a str for a plain text field, an int for an integer or a foreign key to one,
    an aware datetime, a date, a bool, and None for such fields): those are written
    directly, which makes millions of rows several times faster."""
    attname = field.attname
    custom_pre_save = (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or type(field).pre_save not in _PLAIN_PRE_SAVE
    )

    def value_of(obj):
        return field.pre_save(obj, True) if custom_pre_save else getattr(obj, attname)

    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def convert_json(obj):
            value = value_of(obj)
            if value is None:
                return ""
            return _quote(json.dumps(field.get_prep_value(value), cls=encoder, ensure_ascii=False))

        return convert_json

    fast = _fast_path(field)
    if fast is None:
        return lambda obj: _cell(field.get_db_prep_save(value_of(obj), connection))

    def convert(obj):
        value = value_of(obj)
        if value is None:
            return ""
        cell = fast(value)
        return _cell(field.get_db_prep_save(value, connection)) if cell is None else cell

    return convert


def _plain(field: Field, bases) -> bool:
    """The field prepares values exactly as one of `bases` does (nothing custom)."""
    kind = type(field)
    return all(
        getattr(kind, name) in {getattr(base, name) for base in bases}
        for name in ("get_prep_value", "get_db_prep_value", "get_db_prep_save")
    )


def _fast_path(field: Field):
    """A function giving the cell of a value the field's preparation would hand back
    unchanged, or None for any other value (which then takes the slow path); None when the
    field has no such shortcut."""
    if field.is_relation:
        target = field.target_field
        if (
            field.many_to_one
            and type(field) in (models.ForeignKey, models.OneToOneField)
            and isinstance(target, _INTEGERS)
            and _plain(target, _INTEGERS)
        ):
            return _int_cell
        return None
    if isinstance(field, (models.CharField, models.TextField)) and _plain(field, (models.CharField, models.TextField)):
        # to_python hands any str back as is, TextChoices members included.
        return lambda value: _quote(value) if isinstance(value, str) else None
    if isinstance(field, _INTEGERS) and _plain(field, _INTEGERS):
        return _int_cell
    if isinstance(field, models.DateTimeField) and _plain(field, (models.DateTimeField,)):
        return lambda value: value.isoformat() if type(value) is dt.datetime and value.tzinfo is not None else None
    if (
        isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
        and _plain(field, (models.DateField,))
    ):
        return lambda value: value.isoformat() if type(value) is dt.date else None
    if isinstance(field, models.BooleanField) and _plain(field, (models.BooleanField,)):
        return lambda value: ("t" if value else "f") if type(value) is bool else None
    return None


def _int_cell(value):
    return str(value) if type(value) is int else None


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
    return '"' + text.replace('"', '""') + '"'
