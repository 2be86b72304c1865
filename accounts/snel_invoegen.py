"""Inserting thousands of rows of one model at once: `bulk_create`'s result, at the speed an import needs.

Django's bulk_create spends most of an import's time in Python: a SQL placeholder and a prepared value for every
field of every row. On PostgreSQL this helper takes the ids from the table's own sequence and streams the rows
with COPY, converting only the fields that need it (encryption, JSON, decimals, files, auto_now); plain values
(text, numbers, dates, booleans, foreign key ids) go to psycopg as they are. Elsewhere (SQLite) it is plain
bulk_create. The result is the same either way: the objects get their ids, auto_now fields their value, and
the rows pass every constraint and trigger of the table. There are no signals, as with bulk_create.

Used by the registers' bulk services (meldingen.services.bulk, vertrouwenspersonen.services.bulk) and the audit
log's bulk append; an ordinary write uses the ORM.
"""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models

# Field classes whose Python value psycopg writes as the column expects, without Django's preparation.
_GEWOON = (
    models.AutoField, models.BigAutoField, models.IntegerField, models.BigIntegerField,
    models.SmallIntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField, models.BooleanField, models.UUIDField,
)
DREMPEL = 200  # below this the ORM is as fast and simpler


def _gewoon(field) -> bool:
    if field.is_relation:
        return True  # the attname holds the id
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if type(field) in (models.CharField, models.TextField, models.SlugField, models.EmailField,
                       models.DateField, models.DateTimeField):
        return True  # exactly these classes: a subclass (an encrypted field) prepares its value itself
    return isinstance(field, _GEWOON)


def snel_invoegen(objs: Sequence[models.Model], *, batch_size: int = 1000) -> list[models.Model]:
    """Saves new objects of one model, like `Model.objects.bulk_create(objs)`, and returns them with their ids."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise TypeError("snel_invoegen takes objects of one model")
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs a lookup per use
    if connection.vendor != "postgresql" or len(objs) < DREMPEL:
        return model._base_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    velden = list(meta.concrete_fields)
    pk = meta.pk
    quote = connection.ops.quote_name
    # wrap_database_errors: a violated constraint raises Django's IntegrityError, as bulk_create does (COPY runs on
    # psycopg's own cursor, beneath Django's wrapper).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk.column, len(objs)])
        for obj, (nieuw_id,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, nieuw_id)
        kolommen = ", ".join(quote(f.column) for f in velden)
        omzetten = [(f, _gewoon(f)) for f in velden]
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({kolommen}) FROM STDIN") as copy:  # noqa: S608
            for obj in objs:
                copy.write_row([
                    getattr(obj, f.attname) if gewoon else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, gewoon in omzetten
                ])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
