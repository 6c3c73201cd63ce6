"""Forms of the coordinators' review pages (the dashboard's filters are a FilterSet, in filters.py)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReviewNote


class ReviewNoteForm(forms.ModelForm):
    """A dated review of a site: the decision, a comment, and when to look at the site again."""

    class Meta:
        model = ReviewNote
        fields = ["reviewed_on", "decision", "comment", "follow_up_on"]
        widgets = {
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "review-note-form"
        self.helper.layout = Layout(
            Row(Column("reviewed_on", css_class="col-sm-4"), Column("decision", css_class="col-sm-8")),
            "comment",
            Row(Column("follow_up_on", css_class="col-sm-4")),
            Submit("record", _("Record the review")),
        )
