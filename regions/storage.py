"""Private files: a file-system storage outside MEDIA_ROOT, with no URL.

Its location is `settings.PRIVATE_MEDIA_ROOT` (followed when a test or deployment changes the setting).
Two storages of `settings.STORAGES` use it: "agreement_documents" (signed agreements, read only through
`agreements.workflow_views.agreement_document` after checking who asks) and "imports" (an uploaded file
waiting between its preview and its confirmation). With several application servers, point both at a
storage they share (a shared volume, or an object store backend).
"""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self) -> Any:
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)  # type: ignore[attr-defined]

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: a view reads them after checking who asks.")
