"""Anonymous visitors' public pages, kept in the shared cache (Redis) for PUBLIC_PAGE_CACHE_SECONDS.

A page is served from the cache, or stored there, only when everything it shows is the same for every
visitor who gets it:

- a GET (or HEAD, served only) of a page of the public directory or the home page, not a download;
- a request without cookies but the CSRF and language ones: no session (a logged-in user's pages carry
  their links to the back-office, and their own messages), no message waiting in a cookie;
- a complete 200 response that sets no cookie and is not private.

The key holds the address (host, path and query: the language is in the path), the day (what is in force
or current changes at midnight) and the version of the public data (`regions.freshness`), which every
write bumps on every server. Off when PUBLIC_PAGE_CACHE_SECONDS is 0, the default without Redis: each
process's memory cache would keep pages that another process's writes made stale. A cache that cannot be
reached is skipped: the page is built as if there were none.

Every write makes every page stale at once: without care, each visitor arriving before a page is stored
again would build it too (50 busy connections built the heavy pages 50 times after each save of the load
run, issue 10). The first request to miss a page marks it as being built (`<key>:building`, in the shared
cache, for BUILD_SECONDS at most); the others wait for it, reading the cache every POLL_SECONDS for at most
WAIT_SECONDS, then build it themselves. The page they get was built after the write: as fresh as their own.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language

from regions.freshness import public_version

logger = logging.getLogger(__name__)

# Cookies that change nothing an anonymous visitor's public page shows.
HARMLESS_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
PRIVATE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})
# A page being built: how long its mark lasts (a worker killed meanwhile), how long others wait for it.
BUILD_SECONDS = 10
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.05


def _cacheable_request(request) -> bool:
    match = request.resolver_match
    if match is None or request.method not in ("GET", "HEAD"):
        return False
    public = match.namespace == "directory" and not (match.url_name or "").endswith("_export")
    if not (public or match.view_name == "home"):
        return False
    return set(request.COOKIES) <= HARMLESS_COOKIES


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & PRIVATE_DIRECTIVES


def page_key(request) -> str:
    page = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{get_language()}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"public-page:{public_version()}:{timezone.localdate().isoformat()}:{digest}"


def _built_meanwhile(key: str):
    """The page another request is building, once it is stored; None when this request is to build it:
    nobody was (it is now marked as this request's), or the other took longer than WAIT_SECONDS."""
    mark = f"{key}:building"
    if cache.add(mark, 1, BUILD_SECONDS):
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        page = cache.get(key)
        if page is not None:
            return page
        if cache.get(mark) is None:  # its builder stored nothing (an error page, a HEAD): build it here
            return cache.get(key)
    return None


class PublicPageCacheMiddleware:
    """Serves and stores the pages `_cacheable_request` allows (see the module docstring).

    Placed after LocaleMiddleware (the language is chosen) and the input guard, CommonMiddleware (its
    redirects are not stored), and inside GZip, which compresses a page from the cache as any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key and request.method == "GET" and _storable(response):
            # A logged-in user's page differs (links to the back-office): say so to any cache downstream,
            # as SessionMiddleware says it of the pages it reads the session for.
            patch_vary_headers(response, ("Cookie",))
            try:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("A public page could not be stored in the cache.", exc_info=True)
            response["X-Cache"] = "MISS"
        if key:
            try:
                cache.delete(f"{key}:building")  # stored, or not to be: nobody waits for it any longer
            except Exception:
                logger.warning("A public page's building mark could not be removed.", exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _cacheable_request(request):
            return None
        try:
            key = page_key(request)
            cached = cache.get(key)
            if cached is None:
                cached = _built_meanwhile(key)
        except Exception:
            logger.warning("The cache of public pages cannot be read.", exc_info=True)
            return None
        if cached is None:
            request._public_page_key = key
            return None
        cached["X-Cache"] = "HIT"
        return cached
