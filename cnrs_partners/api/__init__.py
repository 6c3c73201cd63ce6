"""The public directory's read-only REST API, at /api/v1/ (Django REST framework).

It reads what the public pages read, through the same selectors and FilterSets (`selectors.py`), so that it
shows nothing they hide (drafts, negotiations and agreements under review, internal notes, planned
industrial partnerships, the back-office's review flags) and filters as they do. Records are addressed by
their stable codes: a lab by its RNSR number, a partner by its UAI or ROR identifier (its slug when it has
neither), a site by its slug, an office by its code, an institute by its acronym; agreements and PIA
projects, which have no public code, by their number.

`serializers.py` says what each resource shows, `views.py` serves them (cursor pagination: `pagination.py`;
CSV: `renderers.py`; ETag and Last-Modified: `conditional.py`; anonymous throttling: `throttling.py`), and
`urls.py` gives the addresses with the OpenAPI schema, Swagger UI and Redoc.
"""
