"""Compressed responses for what anyone may read, never for a logged-in user (BREACH)."""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the responses to visitors who are not logged in.

    BREACH reads a secret out of compressed pages of an encrypted connection by making the victim's browser
    ask for the page many times with guesses reflected next to the secret, and watching the sizes. What a
    visitor who is not logged in reads is public, but for one secret: the CSRF token of a form (the login
    page's). Django masks that token with a new random value on every response, so that it never repeats
    for compression to reveal, and GZipMiddleware pads each response with random bytes ("Heal the
    BREACH"). A logged-in user's pages may hold what is not public (contacts, internal notes, review notes)
    beside text an attacker can have reflected (a search, a filter): those are not compressed; the
    back-office is light and used by few.

    Placed near the top of MIDDLEWARE, below WhiteNoise (which serves static files already compressed) and
    above every middleware that reads or writes a body, so that it compresses the finished response.
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
