"""Uploaded files waiting between their preview and their confirmation (the RNSR import, the spreadsheet
imports of the back-office lists).

Nothing is written before the confirmation. Between the two steps the file waits in the "imports" storage
(`settings.STORAGES`: private, shared by every application server) under a random token; the token is
remembered in the uploader's session with the file's SHA-256 and what the preview was asked for, so that
only they can confirm it and a file changed in between is refused. Files older than a day are forgotten.
"""

import datetime
import hashlib
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpRequest
from django.utils import timezone

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
KEEP_UPLOADS_SECONDS = 24 * 3600


class PendingUploads:
    """The uploads of one kind of import: files under `folder`, tokens under `session_key`."""

    def __init__(self, folder: str, session_key: str, suffix: str = ""):
        self.folder = folder
        self.session_key = session_key
        self.suffix = suffix

    def name(self, token: str) -> str:
        """Where the upload `token` names waits, in the "imports" storage."""
        return f"{self.folder}/{token}{self.suffix}"

    def keep(self, request: HttpRequest, data: bytes, **entry) -> str:
        """Store `data` and remember it in the session with `entry`; returns its token."""
        self._forget_old()
        token = secrets.token_urlsafe(32)
        storages["imports"].save(self.name(token), ContentFile(data))
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        request.session[self.session_key] = {**request.session.get(self.session_key, {}), token: entry}
        return token

    def get(self, request: HttpRequest, token: str) -> tuple[dict, bytes] | None:
        """The entry and the bytes of the upload `token` names, when it is this session's and intact."""
        entry = request.session.get(self.session_key, {}).get(token) if TOKEN.match(token or "") else None
        if entry is None:
            return None
        try:
            with storages["imports"].open(self.name(token)) as stored:
                data = stored.read()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return None
        return entry, data

    def discard(self, request: HttpRequest, token: str) -> None:
        uploads = request.session.get(self.session_key, {})
        if uploads.pop(token, None) is not None:
            request.session[self.session_key] = uploads
        if TOKEN.match(token or ""):
            storages["imports"].delete(self.name(token))

    def _forget_old(self) -> None:
        storage = storages["imports"]
        if not storage.exists(self.folder):
            return
        limit = timezone.now() - datetime.timedelta(seconds=KEEP_UPLOADS_SECONDS)
        for name in storage.listdir(self.folder)[1]:
            if storage.get_modified_time(f"{self.folder}/{name}") < limit:
                storage.delete(f"{self.folder}/{name}")
