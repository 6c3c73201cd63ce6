"""The office fields that have an English version (django-modeltranslation: `description_fr`, `_en`)."""

from modeltranslation.translator import TranslationOptions, register

from .languages import not_null
from .models import OfficeService, register_history


@register(OfficeService)
class OfficeServiceTranslation(TranslationOptions):
    fields = ("description",)
    field_options = not_null(fields)


register_history(OfficeService)
