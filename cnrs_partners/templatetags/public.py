"""Template helpers of the public pages: the language switch and alternate links."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, lang_code: str) -> str:
    """The current page (query string kept) in language `lang_code`; French has no prefix.

    A page the URL resolver does not know (a 404) falls back to the home page in that language.
    """
    request = context.get("request")
    if request is None or request.resolver_match is None:
        with translation.override(lang_code):
            return reverse("home")
    return translate_url(request.get_full_path(), lang_code)


@register.simple_tag(takes_context=True)
def absolute_translated_url(context, lang_code: str) -> str:
    """The absolute address of the current page in `lang_code`, for <link rel="alternate" hreflang>."""
    request = context.get("request")
    url = translated_url(context, lang_code)
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def translated(obj, field: str) -> str:
    """`obj`'s translated `field` in the page's language; the French text marked `lang="fr"` when the
    English one is missing, so that a screen reader reads it with a French voice.

    For the page's body: <title> and <meta> take `obj.<field>` (the same fallback, no markup).
    """
    language = translation.get_language() or DEFAULT_LANGUAGE
    own = getattr(obj, build_localized_fieldname(field, language), None)
    if own or language == DEFAULT_LANGUAGE:
        return own or getattr(obj, field) or ""
    french = getattr(obj, build_localized_fieldname(field, DEFAULT_LANGUAGE), None)
    return format_html('<span lang="{}">{}</span>', DEFAULT_LANGUAGE, french) if french else ""


@register.filter
def supervising_partners(lab) -> list:
    """The partners supervising `lab` today, from its prefetched supervisions (no query)."""
    return [
        link.partner for link in lab.supervisions.all() if link.kind == "supervisor" and link.is_current_on()
    ]


@register.filter
def with_contact(services) -> list:
    """The office services that name a head, an e-mail or a phone number."""
    return [service for service in services if service.head or service.email or service.phone]
