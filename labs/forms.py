from django import forms
from django.utils.translation import gettext_lazy as _

from regions.forms import SpreadsheetUploadForm


class RnsrUploadForm(SpreadsheetUploadForm):
    """The RNSR open-data file to preview, and how to import it."""

    max_bytes_setting = "RNSR_IMPORT_MAX_BYTES"
    field_order = ["file", "include_all", "skip_invalid"]

    file = forms.FileField(
        label=_("RNSR file"),
        help_text=_(
            "The open-data export “fr-esr-structures-recherche-publiques-actives” as CSV: UTF-8, “;”-separated."
        ),
    )
    include_all = forms.BooleanField(
        label=_("Import every structure, not only those the CNRS supervises or takes part in"), required=False
    )

    def check_start(self, upload) -> None:
        # The RNSR reader reports a NUL byte with its line (labs.rnsr.reader), in the preview.
        return None
