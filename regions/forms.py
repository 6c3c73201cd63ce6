"""The form every back-office page of a tracked model uses (optimistic lock and regional scope), and the
upload form of the lists' spreadsheet imports."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import RegionalOffice
from .readable import EMPTY, ReadableHistoryHelper, display_value
from .scope import can_edit_office, editable_office_ids, office_id_of
from .spreadsheets import UnreadableSpreadsheet, check_spreadsheet_start

VERSION_FIELD = "loaded_version"


def stale_version_messages(instance, loaded_version: int, yours: dict) -> list[str]:
    """Why a save from `loaded_version` is refused: who saved meanwhile and, per field, theirs vs yours."""
    model = type(instance)
    records = list(
        model.history.filter(id=instance.pk).select_related("history_user").order_by("-history_date")
    )
    current = records[0] if records else None
    base = next((record for record in records if record.version <= loaded_version), None)
    meanwhile = [record for record in records if record.version > loaded_version]
    authors = sorted({str(record.history_user or gettext("an import or a command")) for record in meanwhile})
    when = (
        date_format(timezone.localtime(meanwhile[0].history_date), "SHORT_DATETIME_FORMAT")
        if meanwhile
        else ""
    )
    lines = [
        gettext(
            "This %(model)s was changed by %(users)s (%(when)s) after you opened it: your changes were "
            "not saved, so that theirs are not lost. Open it again to see the current values, then apply "
            "your changes again."
        )
        % {"model": model._meta.verbose_name, "users": ", ".join(authors) or "?", "when": when}
    ]
    if current is None or base is None:
        return lines
    for change in current.diff_against(base, foreign_keys_are_objs=True).changes:
        field = model._meta.get_field(change.field)
        helper = ReadableHistoryHelper(model, current)
        theirs = helper.prepare_delta_change_value(change, change.new)
        if change.field in yours:
            mine = display_value(model, change.field, yours[change.field])
        else:
            mine = display_value(model, change.field, getattr(base, field.attname, None))
        lines.append(
            gettext("%(field)s: now “%(theirs)s”, yours “%(yours)s”.")
            % {"field": capfirst(field.verbose_name), "theirs": theirs, "yours": mine}
        )
    return lines


class VersionedModelForm(forms.ModelForm):
    """Admin form of a tracked model: optimistic lock and regional scope, checked on the server.

    `loaded_version` (hidden) is the version of the record when the form was displayed. `clean()` refuses
    the save when the record has moved on since, listing what changed meanwhile; the model's conditional
    UPDATE (`TrackedModel.save`) closes the window between this check and the write. When the admin sets
    `backoffice_user` (see `TrackedAdmin.get_form`), `clean()` also refuses a record that would belong to
    an office the user does not hold (a lab moved to DR12, a supervision attached to a DR12 lab), reading
    how a record reaches its office from the model's `office_path`.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    backoffice_user = None

    @property
    def office_path(self) -> str | None:
        return getattr(self._meta.model, "office_path", None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = hasattr(self.instance, "version") and self.instance.pk is not None
        if VERSION_FIELD in self.fields and self.versioned:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def has_changed(self):
        # The version alone never makes an empty inline row "changed".
        return any(name != VERSION_FIELD for name in self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        self._check_version(cleaned_data)
        self._check_office(cleaned_data)
        return cleaned_data

    def _check_version(self, cleaned_data):
        if VERSION_FIELD not in self.fields or not self.versioned:
            return
        loaded = cleaned_data.get(VERSION_FIELD)
        if loaded is None:
            raise ValidationError(
                _("This form does not say which version of the record it was opened on: reload the page."),
                code="no_version",
            )
        if loaded != self.instance.version:
            raise ValidationError(
                stale_version_messages(self.instance, loaded, cleaned_data), code="stale_version"
            )

    def _check_office(self, cleaned_data):
        if self.office_path is None or self.backoffice_user is None:
            return
        first, *rest = self.office_path.split("__")
        if first in cleaned_data:
            office_id = office_id_of(cleaned_data[first], "__".join(rest) or "pk")
            field = first
        else:
            office_id = office_id_of(self.instance, self.office_path)
            field = None
        if can_edit_office(self.backoffice_user, office_id):
            return
        yours = ", ".join(
            RegionalOffice.objects.filter(pk__in=editable_office_ids(self.backoffice_user) or []).values_list(
                "code", flat=True
            )
        )
        if office_id is None:
            message = _("Choose one of your regional offices (%(yours)s).")
        else:
            message = _(
                "You may only edit the records of your own regional offices (%(yours)s): this one would "
                "belong to %(office)s."
            )
        office = RegionalOffice.objects.filter(pk=office_id).values_list("code", flat=True).first()
        error = ValidationError(
            message, code="out_of_scope", params={"yours": yours or EMPTY, "office": office}
        )
        if field is not None and field in self.fields:
            self.add_error(field, error)
        else:
            self.add_error(None, error)


class SpreadsheetUploadForm(forms.Form):
    """A CSV or XLSX file to preview before importing it into a back-office list (the RNSR import's form
    derives from it)."""

    # The setting that limits the file's size (README: Configuration); the file is refused past it.
    max_bytes_setting = "SPREADSHEET_IMPORT_MAX_BYTES"

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separated by “;” or “,”, UTF-8 or as Excel saves it) or Excel workbook (XLSX), with the "
            "columns of this list's export."
        ),
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

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB are accepted."),
                params={"size": upload.size // (1024 * 1024), "limit": self.max_bytes // (1024 * 1024)},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        self.check_start(upload)
        return upload

    def check_start(self, upload) -> None:
        """Refuse at once a file whose first bytes show it is no spreadsheet (the rest is read by the import
        job: regions.jobs)."""
        head = upload.read(64 * 1024)
        upload.seek(0)
        try:
            check_spreadsheet_start(head)
        except UnreadableSpreadsheet as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
