"""Bulk creation with history rows, for imports and seeding: `create_with_history`.

It does what django-simple-history's `bulk_create_with_history` does — insert the records, then one
"+" history row per record, stamped like the rows `save()` would write — at a fraction of its cost. The
national RNSR file creates ~4,500 labs, ~11,000 supervisions and as many history rows: through
`QuerySet.bulk_create`, most of the import's time went into compiling ~600,000 values one by one
(expression checks, `pre_save`, `get_db_prep_save` on every value) and into building a history model
instance per record. Here each column gets its database conversion once (none at all for text, numbers,
booleans and foreign keys, which the drivers take as they are) and rows are plain lists. SQLite gets
multi-row `INSERT … RETURNING` statements (what `bulk_create` sends), as large as its limit on bound
variables allows; PostgreSQL gets COPY, its bulk-loading path, the keys of new records taken from the
table's sequence beforehand. No signals are sent, as with `bulk_create`; callers bump the public pages'
freshness themselves.
"""

import contextlib
import functools
import gc
import inspect
import operator
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, router, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    EmailField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SlugField,
    SmallIntegerField,
    TextField,
    URLField,
)
from django.db.models.base import ModelState
from django.db.models.fields import AutoFieldMixin
from django.db.models.fields.related_descriptors import (
    ForeignKeyDeferredAttribute,
    ForwardManyToOneDescriptor,
)
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.utils import get_history_manager_for_model

from .languages import TRANSLATION_INIT_RECEIVERS, active_column, translated_fields

M = TypeVar("M", bound=Model)

# Fields whose Python value is what the drivers store (exact classes: a subclass such as django-countries'
# CountryField converts its value and goes through `get_db_prep_save`).
_AS_IS = {
    BigIntegerField,
    BooleanField,
    CharField,
    EmailField,
    IntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SlugField,
    SmallIntegerField,
    TextField,
    URLField,
}


def _as_is(field: Field) -> bool:
    if isinstance(field, ForeignKey):
        return _as_is(field.target_field) or isinstance(field.target_field, AutoFieldMixin)
    return type(field) in _AS_IS


def _converter(field: Field, connection) -> Callable[[Any], Any] | None:
    """The field's database conversion, remembered per value: a column's dates, countries, timestamps
    repeat from row to row."""
    if _as_is(field):
        return None
    seen: dict = {}

    def convert(value):
        try:
            return seen[value]
        except KeyError:
            converted = seen[value] = field.get_db_prep_save(value, connection)
            return converted
        except TypeError:  # an unhashable value (a list, a dict): converted every time
            return field.get_db_prep_save(value, connection)

    return convert


def _values_statement(connection, table: str, fields: Sequence[Field], pk: Field, rows: int) -> str:
    """SQLite: `INSERT … VALUES (…), (…) … RETURNING pk` of `rows` rows, values in field order row after row."""
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * rows)} RETURNING {quote(pk.column)}"
    )


def _rows_per_statement(connection, columns: int) -> int:
    """SQLite caps a statement's bound variables (32,766 since 3.32, where Django 5.2 still assumes 999)."""
    connection.ensure_connection()
    return max(1, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // columns)


def _copy(connection, model: type[Model], fields: Sequence[Field], rows: list[list], *, keys: bool) -> list:
    """PostgreSQL: `rows` sent by COPY, the bulk-loading path, which parses no statement text and no literal
    arrays; with `keys`, the primary keys are taken from the table's sequence first (as many at once), so
    each row is sent with its own and the records learn theirs."""
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk
    columns = [quote(f.column) for f in fields]
    with connection.cursor() as cursor:
        pks: list = []
        if keys:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(rows)],
            )
            pks = [value for (value,) in cursor.fetchall()]
            columns.insert(0, quote(pk.column))
        # Django's own errors (IntegrityError, …), as for the statements its cursor runs.
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            if keys:
                for key, row in zip(pks, rows, strict=True):
                    copy.write_row([key, *row])
            else:
                for row in rows:
                    copy.write_row(row)
    return pks


def _insert(
    model: type[Model],
    fields: Sequence[Field],
    rows: list[list],
    *,
    batch_size: int | None,
    keys: bool = True,
) -> list:
    """Insert `rows` (Python values in the order of `fields`) into `model`'s table; their primary keys."""
    connection = connections[router.db_for_write(model)]
    converters = [
        (index, convert) for index, field in enumerate(fields) if (convert := _converter(field, connection))
    ]
    for row in rows:
        for index, convert in converters:
            row[index] = convert(row[index])
    if connection.vendor == "postgresql":
        return _copy(connection, model, fields, rows, keys=keys)
    size = min(batch_size or len(rows), _rows_per_statement(connection, len(fields)))
    pks: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = _values_statement(connection, model._meta.db_table, fields, model._meta.pk, len(batch))
            cursor.execute(sql, [value for row in batch for value in row])
            pks.extend(pk for (pk,) in cursor.fetchall())
    return pks


def _values_of(attnames: Sequence[str]) -> Callable[[Model], list]:
    """The values of `attnames` as they were assigned to a record, read off its `__dict__` in one C call
    (past descriptors, such as django-countries' one that builds a Country the conversion would undo); an
    attribute not in it (a deferred field) is read through the model."""
    if not attnames:
        return lambda obj: []
    pick = operator.itemgetter(*attnames)
    one = len(attnames) == 1

    def values(obj: Model) -> list:
        try:
            picked = pick(obj.__dict__)
        except KeyError:
            return [getattr(obj, attname) for attname in attnames]
        return [picked] if one else list(picked)

    return values


def _record_rows(objs: list, fields: list[Field], now) -> tuple[list[Field], list[list]]:
    """The rows `bulk_create` would send for the new records `objs`, and their fields in row order.

    An auto_now(_add) date takes `now` (one time for the whole write) and is set on the record; a field with
    its own `pre_save` (a file, …) goes through it; the others are taken as assigned, without `bulk_create`'s
    per-value detours."""
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    prepared = [
        f
        for f in fields
        if f not in stamped
        and type(f).pre_save is not Field.pre_save
        and not isinstance(f, DateField | CountryField)
    ]
    plain = [f for f in fields if f not in stamped and f not in prepared]
    values = _values_of([f.attname for f in plain])
    stamps = [now] * len(stamped)
    rows = []
    for obj in objs:
        for field in stamped:
            obj.__dict__[field.attname] = now
        rows.append([*values(obj), *stamps, *(field.pre_save(obj, True) for field in prepared)])
    return [*plain, *stamped, *prepared], rows


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for a bulk read, plan or write (usable as a decorator).

    An import builds hundreds of thousands of objects that live until it ends (rows, plans, records):
    every few thousand of them the collector would walk the whole heap, which took a third of the
    national file's import. They are freed by reference counting; an import leaves a few dozen objects
    in cycles, collected once the collector runs again. Not thread-exact: two pauses overlapping in
    threads may end the pause early for one of them, never leave it paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def new_record(model: type[M], /, **values: Any) -> M:
    """`model(**values)`, a new unsaved record, at a fraction of the cost for models that allow it.

    `Model.__init__` works field by field (a default computed, a descriptor called, for every field of
    every record): building the RNSR file's ~16,000 new labs and supervisions that way took a tenth of
    the import. Here a record starts as a copy of the values a blank record gets (taken once per model)
    and only the given values are set: a field's value straight into the instance, a related record as
    its key and its cached object (what the descriptor stores for a new record), anything else through
    its descriptor. A model with its own `__init__`, init signals or a default computed per record is
    built by `__init__`. A translated text (django-modeltranslation) is set as its `__init__` sets it: in the
    original column and in the active language's (`regions.languages.active_column`).
    """
    blank = _blank_record(model)
    if blank is None or _init_receivers(model):
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    attributes = obj.__dict__
    attributes.update(blank)
    translated = translated_fields(model)
    for name, value in values.items():
        if name in translated:
            attributes[name] = attributes[active_column(name)] = value
            continue
        relation = _setter(model, name)
        if relation is None:
            attributes[name] = value
        elif relation is _DESCRIPTOR or not isinstance(value, relation.related_model):
            setattr(obj, name, value)  # None, or a wrong type: the descriptor says what to say
        else:
            attributes[relation.attname] = getattr(value, relation.target_field.attname)
            relation.set_cached_value(obj, value)
    return obj


@functools.cache
def _blank_record(model: type[Model]) -> dict[str, Any] | None:
    """The attribute values of `model()`, or None when a record must go through `Model.__init__`
    (init signals are looked up on each record: a listener may be connected later). modeltranslation's
    own `__init__` only rewrites the translated texts' names, which `new_record` does itself."""
    own_init = model.__init__ is not Model.__init__ and not translated_fields(model)
    if own_init or any(f.has_default() and callable(f.default) for f in model._meta.concrete_fields):
        return None
    return {name: value for name, value in model().__dict__.items() if name != "_state"}


def _init_receivers(model: type[Model]) -> bool:
    """Whether anything listens to `model`'s init signals, modeltranslation's bookkeeping aside."""
    if pre_init.has_listeners(model):
        return True
    if not post_init.has_listeners(model):
        return False
    sync_receivers, async_receivers = post_init._live_receivers(model)
    return any(receiver not in TRANSLATION_INIT_RECEIVERS for receiver in [*sync_receivers, *async_receivers])


_DESCRIPTOR = object()


@functools.cache
def _setter(model: type[Model], name: str) -> Any:
    """How `new_record` sets `name`: None for a value kept as assigned, a many-to-one `ForeignKey` for a
    related record, `_DESCRIPTOR` for anything else; `__init__`'s error for a name the model does not know."""
    attribute = inspect.getattr_static(model, name, None)
    if attribute is None:
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: '{name}'")
    if type(attribute) in (DeferredAttribute, ForeignKeyDeferredAttribute):
        return None
    if type(attribute) is ForwardManyToOneDescriptor and not attribute.field.one_to_one:
        return attribute.field
    return _DESCRIPTOR


def _link_saved_relations(objs: list, model: type[Model]) -> None:
    """As bulk_create: a foreign key to a record that was saved after it was assigned takes its key now
    (a supervision built for a lab created in the same write); the record stays cached."""
    keys = [f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)]
    for obj in objs:
        for field in keys:
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(f"{model.__name__}.{field.name}: the related record is not saved.")
                    obj.__dict__[field.attname] = related.pk


def create_with_history(
    objs: list,
    model: type[Model],
    *,
    batch_size: int | None = None,
    default_user=None,
    default_change_reason: str | None = None,
    custom_historical_attrs: dict | None = None,
) -> list:
    """Insert the new records `objs` of `model` and one "+" history row each, in one transaction.

    `batch_size` caps the rows per statement (by default, as many as the engine takes). The other keyword
    arguments are `bulk_create_with_history`'s (regions.audit.bulk_history_kwargs() gives the
    source and the reason); `objs` come back with their primary keys, as saved records.
    """
    if not objs:
        return objs
    alias = router.db_for_write(model)
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    history_model = get_history_manager_for_model(model).model
    history_fields = [f for f in history_model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    pk_name = model._meta.pk.attname
    with transaction.atomic(using=alias, savepoint=False):
        _link_saved_relations(objs, model)
        now = timezone.now()
        fields, rows = _record_rows(objs, fields, now)
        pks = _insert(model, fields, rows, batch_size=batch_size)
        for obj, pk in zip(objs, pks, strict=True):
            setattr(obj, pk_name, pk)
            obj._state.adding = False
            obj._state.db = alias
        stamp = {
            "history_date": now,
            "history_type": "+",
            "history_change_reason": default_change_reason,
            "history_user_id": getattr(default_user, "pk", None),
            **(custom_historical_attrs or {}),
        }
        tracked = {f.attname for f in history_model.tracked_fields}
        stamp |= {f.attname: f.get_default() for f in history_fields if f.attname not in tracked | set(stamp)}
        # The tracked fields as the records now hold them (their keys and dates included), after the stamp.
        constant = [f for f in history_fields if f.attname in stamp]
        copied = [f for f in history_fields if f.attname not in stamp]
        stamp_row, values = [stamp[f.attname] for f in constant], _values_of([f.attname for f in copied])
        rows = [[*stamp_row, *values(obj)] for obj in objs]
        history_fields = [*constant, *copied]
        _insert(history_model, history_fields, rows, batch_size=batch_size, keys=False)
    return objs
