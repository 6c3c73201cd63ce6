"""Template helpers of the public pages: the language switch and alternate links."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

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
def supervising_partners(lab) -> list:
    """The partners supervising `lab` today, from its prefetched supervisions (no query)."""
    return [
        link.partner for link in lab.supervisions.all() if link.kind == "supervisor" and link.is_current_on()
    ]


@register.filter
def with_contact(services) -> list:
    """The office services that name a head, an e-mail or a phone number."""
    return [service for service in services if service.head or service.email or service.phone]
