from django import forms
from django.utils.translation import gettext_lazy as _

from regions.forms import SpreadsheetUploadForm

MAX_RNSR_FILE_SIZE = 50 * 1024 * 1024


class RnsrUploadForm(SpreadsheetUploadForm):
    """The RNSR open-data file to preview, and how to import it."""

    max_bytes = MAX_RNSR_FILE_SIZE
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
