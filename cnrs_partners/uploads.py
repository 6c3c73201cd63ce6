"""Uploads larger than any view accepts are not kept: `OversizedUploadHandler`.

Django streams an upload into memory, then into a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE, and only
then does the form look at its size: a 2 GB file filled the server's disk before the form said "at most
50 MB". This handler, first in FILE_UPLOAD_HANDLERS, counts each file's bytes as they arrive; past the
largest size a form accepts (the RNSR and spreadsheet imports, an agreement's document) it passes no more
of them on, and hands the form an empty file of the size that arrived, which the form refuses with its own
message. What was kept before the limit (at most that size, in a temporary file) goes with the request.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def largest_accepted_upload() -> int:
    """The largest file any form of the site accepts, in bytes."""
    return max(
        settings.RNSR_IMPORT_MAX_BYTES,
        settings.SPREADSHEET_IMPORT_MAX_BYTES,
        settings.AGREEMENT_DOCUMENT_MAX_BYTES,
    )


class OversizedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = largest_accepted_upload()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler (memory or temporary file) has it all
        return InMemoryUploadedFile(
            io.BytesIO(), self.field_name, self.file_name, self.content_type, self.received, self.charset
        )
