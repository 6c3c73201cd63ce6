"""Checks on uploaded agreement documents: a real PDF, not too big, under a harmless name."""

import os
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def document_max_bytes() -> int:
    return int(getattr(settings, "AGREEMENT_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


@deconstructible
class PdfDocumentValidator:
    """Refuses a file that is not a PDF by its content (the name and the browser's type are not trusted),
    or that is larger than `settings.AGREEMENT_DOCUMENT_MAX_BYTES`."""

    def __call__(self, value: File) -> None:
        if getattr(value, "_committed", False):
            # Already stored (checked when it was uploaded): re-reading it on every later save would fail
            # the save of an agreement whose file is missing on disk.
            return
        limit = document_max_bytes()
        if value.size is not None and value.size > limit:
            raise ValidationError(
                _("The document is too large (%(size)s MB; at most %(limit)s MB)."),
                code="document_too_large",
                params={"size": round(value.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            )
        position = value.tell() if hasattr(value, "tell") else None
        try:
            value.seek(0)
            head = value.read(1024)
        finally:
            if position is not None:
                value.seek(position)
        if isinstance(head, str):
            head = head.encode("latin-1", "replace")
        # The PDF standard lets readers accept the header within the first 1024 bytes.
        if PDF_MAGIC not in head:
            raise ValidationError(_("The document must be a PDF file."), code="document_not_pdf")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PdfDocumentValidator)


validate_pdf_document = PdfDocumentValidator()


def sanitize_document_name(name: str) -> str:
    """A file name safe on every file system and in a Content-Disposition header: ASCII letters, digits,
    dots, dashes and underscores, no directory part, always ending in .pdf."""
    base = os.path.basename(name.replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80] or "document"
    return f"{stem}.pdf"


def agreement_document_path(instance, filename: str) -> str:
    """Where an agreement's document is stored, in the private storage: agreements/<year>/<clean name>."""
    from django.utils import timezone

    return f"agreements/{timezone.localdate().year}/{sanitize_document_name(filename)}"
