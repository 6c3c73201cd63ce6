"""The site, agreement and PIA fields that have an English version (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from regions.languages import not_null
from regions.models import register_history

from .models import PiaProject, Site, SiteAgreement


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "description")
    field_options = not_null(fields)


@register(SiteAgreement)
class SiteAgreementTranslation(TranslationOptions):
    fields = ("title", "strategy")
    field_options = not_null(fields)


@register(PiaProject)
class PiaProjectTranslation(TranslationOptions):
    fields = ("name",)
    field_options = not_null(fields)


register_history(Site, m2m_fields=["members", "regional_offices", "labs"])
register_history(SiteAgreement, m2m_fields=["covered_labs"])
register_history(PiaProject, m2m_fields=["partners", "labs"])
