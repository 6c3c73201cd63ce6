"""The lab and partner fields that have an English version (django-modeltranslation).

Each field gets a column per language (`name_fr`, `name_en`) beside the original one; reading `lab.name`
gives the page's language, or French when the English one is missing (`directory_extras.translated`
marks that fallback for screen readers).
"""

from modeltranslation.translator import TranslationOptions, register

from regions.languages import not_null
from regions.models import register_history

from .models import Lab, Partner


@register(Lab)
class LabTranslation(TranslationOptions):
    fields = ("name", "description")
    field_options = not_null(fields)


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)
    field_options = not_null(fields)


register_history(Lab, m2m_fields=["secondary_institutes"])
register_history(Partner)
