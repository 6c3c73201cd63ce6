"""Writing French text into translated fields (django-modeltranslation) whatever the user's language.

modeltranslation sends `lab.name = …` and `Lab(name=…)` to the column of the active language
(`name_en` on an English page) and reads `lab.name` in it. Imported files are French: their values go
to the French column and to the original one, under `source_language()`.
"""

import functools
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import translation
from modeltranslation.manager import get_translatable_fields_for_model
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.translator import delete_mt_init
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as active_column_language

# What modeltranslation connects to a translated model's `post_init`: it adds nothing to a new record.
TRANSLATION_INIT_RECEIVERS = (delete_mt_init,)


def source_language() -> translation.override:
    """The language of the imported files, active while their values are set on or read from records."""
    return translation.override(DEFAULT_LANGUAGE)


def with_source_columns(model: type[Model], names: Iterable[str]) -> set[str]:
    """`names` (for `bulk_update`) with the French column of each translated field among them."""
    translated = set(get_translatable_fields_for_model(model) or ())
    names = set(names)
    return names | {build_localized_fieldname(name, DEFAULT_LANGUAGE) for name in names & translated}


@functools.cache
def translated_fields(model: type[Model]) -> frozenset[str]:
    """The names of `model`'s translated fields (`name`, `description`…), empty when it has none (fixed once
    the apps are ready: asked for every record an import builds)."""
    return frozenset(get_translatable_fields_for_model(model) or ())


def active_column(name: str) -> str:
    """The column of the active language that `Model(name=…)` writes besides the original one."""
    return build_localized_fieldname(name, active_column_language())


def original_columns(model: type[Model]) -> Any:
    """`model`'s queryset with lookups on the columns they name: `name` is the original column, not
    rewritten to the active language's (`name_en`) as modeltranslation does elsewhere."""
    return model._default_manager.rewrite(False)  # type: ignore[attr-defined]


def not_null(fields: Iterable[str]) -> dict:
    """`field_options` of translated texts: their language columns hold "" when empty, as the original
    ones, not NULL (modeltranslation's default, which a back-office form saves for an empty field)."""
    return {name: {"default": {"null": False}} for name in fields}
