from django import forms
from django.utils.translation import gettext_lazy as _

# The field robots fill and people never see (hidden by static CSS, `.report-trap`, out of the tab order).
HONEYPOT = "website"
MESSAGE_MIN_LENGTH = 10
MESSAGE_MAX_LENGTH = 2000


class ErrorReportForm(forms.Form):
    """What a visitor says is wrong on a public page, and an optional address to answer them."""

    message = forms.CharField(
        label=_("What is wrong?"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "Say what is wrong on the page and, if you know it, what is right (10 to 2,000 characters)."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like an answer: it is seen by the staff who handle your report."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def caught_robot(self) -> bool:
        """Whether the hidden field was filled: a robot's report, answered as accepted but not saved."""
        return bool(self.cleaned_data.get(HONEYPOT))
