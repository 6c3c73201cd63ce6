from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_RNSR_FILE_SIZE = 50 * 1024 * 1024


class RnsrUploadForm(forms.Form):
    """The RNSR open-data file to preview, and how to import it."""

    file = forms.FileField(
        label=_("RNSR file"),
        help_text=_(
            "The open-data export “fr-esr-structures-recherche-publiques-actives” as CSV: UTF-8, “;”-separated."
        ),
    )
    include_all = forms.BooleanField(
        label=_("Import every structure, not only those the CNRS supervises or takes part in"), required=False
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip the invalid rows and import the others"),
        required=False,
        help_text=_("Without it, nothing is imported while the file has an error."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RNSR_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB are accepted."),
                params={"size": upload.size // (1024 * 1024), "limit": MAX_RNSR_FILE_SIZE // (1024 * 1024)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
