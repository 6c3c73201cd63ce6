"""The directory's FilterSets as the API uses them: the same filters, without the pages' `sort`, since an
API list's pages follow one unique code (cursor pagination)."""

from labs.filters import LabFilter


class LabApiFilter(LabFilter):
    sort = None  # django-filter drops an inherited filter set to None
