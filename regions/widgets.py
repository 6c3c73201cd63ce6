"""How a value is written in a spreadsheet cell, and read back from one (django-import-export widgets).

Each widget writes what staff read (`render`: a name, a label, "yes"/"no", an ISO date) and reads it back
(`clean`), with what spreadsheets do to cells on the way: labels in French or English, "oui"/"non", dates
as 31/12/2024 once Excel has shown them, numbers with a decimal comma, text with the quote an export put
before a formula-like value. A cell that cannot be read raises `CellError` with a message for staff; the
import reports it on its row and column.

Widgets receive the record's current value as `current` (`regions.resources.ImportField`): a related
name that matches several records keeps the one already chosen, and text that differs from the stored
one only by surrounding spaces or line endings is left as it is, so that importing an export changes
nothing.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from import_export import widgets

from .spreadsheets import restore
from .text import fold

LANGUAGES = ("fr", "en")
# Candidates offered in a message about a name that matches several records.
SHOWN_MATCHES = 5
# A name in a list cell may itself hold commas ("Université Côte d'Azur, Nice"): up to this many pieces
# are tried together before one is declared unknown.
LONGEST_NAME_PIECES = 4


class CellError(ValueError):
    """A cell that cannot be read; `code` classifies it in the import's report."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as text: a whole number an XLSX cell holds as 91405.0 reads "91405"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def _same_text(text: str, current: Any) -> bool:
    """Whether `text` is `current` as a spreadsheet gives it back: other line endings or surrounding spaces,
    or the leading zeros of a code taken for a number ("01000" read back as 1000)."""
    if not isinstance(current, str):
        return False

    def normal(value: str) -> str:
        return value.replace("\r\n", "\n").strip()

    if normal(text) == normal(current):
        return True
    return text.isdigit() and current.isdigit() and text.lstrip("0") == current.lstrip("0")


class TextWidget(widgets.CharWidget):
    """Text, without the spaces around it or the quote an export put before a formula-like value."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return "" if self.allow_blank else None
        text = restore(as_text(value).strip())
        current = kwargs.get("current")
        return current if _same_text(text, current) else text


class YesNoWidget(widgets.BooleanWidget):
    """A boolean as a translated "yes" / "no" in CSV; XLSX keeps the boolean. Reads either language."""

    YES = frozenset({"oui", "o", "yes", "y", "vrai", "true", "1", "x"})
    NO = frozenset({"non", "n", "no", "faux", "false", "0"})

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        if value is None:
            return ""
        return gettext("yes") if value else gettext("no")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if is_blank(value):
            return None
        word = fold(as_text(value))
        if word in self.YES:
            return True
        if word in self.NO:
            return False
        raise CellError(
            gettext("“%(value)s” is neither “%(yes)s” nor “%(no)s”.")
            % {"value": value, "yes": gettext("yes"), "no": gettext("no")}
        )


class ChoiceWidget(widgets.Widget):
    """A value among a field's choices, written as its label ("Signée") and read from its label in French or
    English, or from the stored value itself."""

    def __init__(self, choices: Iterable[tuple[Any, Any]], **kwargs):
        super().__init__(**kwargs)
        self.choices = [(value, label) for value, label in choices if value not in (None, "")]
        self._values: dict[str, Any] | None = None

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(dict(self.choices).get(value, value))

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        found = self.values().get(fold(as_text(value)))
        if found is None:
            raise CellError(
                gettext("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(str(label) for _, label in self.choices)}
            )
        return found

    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = {fold(str(value)): value for value, _ in self.choices}
            for language in LANGUAGES:
                with translation.override(language):
                    self._values.update({fold(str(label)): value for value, label in self.choices})
        return self._values


class DateWidget(widgets.DateWidget):
    """A date: written as an ISO date (XLSX keeps a real date), read as ISO or as French dates (31/12/2024),
    which is how Excel in France saves the dates it has shown."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y")

    def __init__(self, **kwargs):
        super().__init__(format=self.FORMATS[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if is_blank(value):
            return None
        text = as_text(value).strip()
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise CellError(
            gettext("“%(value)s” is not a date: write it as 2024-12-31 or 31/12/2024.") % {"value": value}
        )


def read_number(value: Any) -> Decimal | None:
    """A number as a spreadsheet writes it: 1234.5, 1234,5, 1 234,50 (French), 1,234.50; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f']", "", as_text(value))
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(gettext("“%(value)s” is not a number.") % {"value": value})
    return number


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        number = read_number(value)
        if number is None:
            return None
        if number != number.to_integral_value() or abs(number) > 10**15:
            raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        return read_number(value)


# --- related records ------------------------------------------------------------------------------------

Lookup = Callable[[type[models.Model], str], Iterable[models.Model]]


def by_name(model: type[models.Model], text: str) -> list[models.Model]:
    """The records whose name (`str`) is `text`, accents and case aside: for small reference tables."""
    wanted = fold(text)
    return [obj for obj in model._default_manager.all() if fold(str(obj)) == wanted]


class RelatedWidget(widgets.Widget):
    """A related record written as text, `label(record)` (else `str`), and read back by `lookup(model,
    text)`, which returns the records the text may name. A name that matches none is an error; one that
    matches several keeps the current record when it is one of them, else is an error listing them.

    Without a `model`, the widget only writes (a column that follows from another, e.g. a lab's office
    in the supervisions' export). A many-to-many value (a manager) is written as its labels, sorted. With
    `remember`, what a text names is looked up once per import (the resource's widgets are its own copies).
    """

    def __init__(
        self,
        label: Callable[[Any], str] = str,
        separator: str = ", ",
        model: type[models.Model] | None = None,
        lookup: Lookup | None = None,
        remember: bool = False,
        **kwargs,
    ):
        # Not super(): ManyRelatedWidget puts import-export's ManyToManyWidget next in line, whose
        # constructor wants a model positionally; both only need Widget's.
        widgets.Widget.__init__(self, **kwargs)
        self.label = label
        self.separator = separator
        self.model = model
        self.lookup = lookup or by_name
        # Found records by text, for the length of an import, when the import does not write that model.
        self.found: dict[str, list[models.Model]] | None = {} if remember else None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Manager):
            # Prefetched by ReadableResource.filter_export: all() reads the cache, sorted here.
            return self.separator.join(sorted(self.label(item) for item in value.all()))
        return self.label(value)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        current = kwargs.get("current")
        text = as_text(value).strip()
        return self.choose(text, self.matches(text), [current] if current is not None else [])

    def choose(self, text: str, match: list[models.Model], current: list[models.Model]) -> models.Model:
        """The one record among those `text` names, `match` (see the class docstring)."""
        if len(match) == 1:
            return match[0]
        kept = [obj for obj in match if obj in current]
        if len(kept) == 1:
            return kept[0]
        assert self.model is not None
        opts = self.model._meta
        if not match:
            raise CellError(
                gettext("“%(value)s” is not found among the %(models)s.")
                % {"models": opts.verbose_name_plural, "value": text},
                code="not_found",
            )
        shown = "; ".join(str(obj) for obj in match[:SHOWN_MATCHES])
        raise CellError(
            gettext(
                "“%(value)s” names several %(models)s (%(matches)s): write instead what only the one you mean "
                "has (RNSR number, UAI, slug, reference)."
            )
            % {"value": text, "models": opts.verbose_name_plural, "matches": shown},
            code="ambiguous",
        )

    def matches(self, text: str) -> list[models.Model]:
        assert self.model is not None
        if self.found is None:
            return list(self.lookup(self.model, text))
        if text not in self.found:
            self.found[text] = list(self.lookup(self.model, text))
        return self.found[text]


class ManyRelatedWidget(RelatedWidget, widgets.ManyToManyWidget):
    """Several related records in one cell, joined by ", " (see `RelatedWidget`). A name may hold commas
    itself: the longest run of pieces that names a record wins."""

    def __init__(self, model: type[models.Model], **kwargs):
        RelatedWidget.__init__(self, model=model, **kwargs)
        self.field = "pk"

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return []
        current = kwargs.get("current")
        chosen = list(current.all()) if isinstance(current, models.Manager) else []
        pieces = [piece.strip() for piece in as_text(value).split(self.separator.strip())]
        pieces = [piece for piece in pieces if piece]
        joiner = f"{self.separator.strip()} "
        found: list[models.Model] = []
        start = 0
        while start < len(pieces):
            for end in range(min(len(pieces), start + LONGEST_NAME_PIECES), start, -1):
                text = joiner.join(pieces[start:end])
                match = self.matches(text)
                if match or end == start + 1:
                    break
            obj = self.choose(text, match, chosen)
            if obj not in found:
                found.append(obj)
            start = end
        return found
