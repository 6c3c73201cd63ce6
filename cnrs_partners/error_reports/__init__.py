""" "Report an error" (issue 12): the public pages' form, its spam guards, and the reports' routing.

Every lab, partner, site and office page links to a short form (`/labs/umr-8502/report/`…): what is wrong,
an optional e-mail address. A report (`cnrs_partners.models.ErrorReport`) lands in the back-office queue of
the record's regional office, or the national administrators' (`services.office_of`), who get an e-mail;
the reporter gets a reference and a page that follows its status. Spam is held without third-party
services: a limit per client address and hour (`throttle`), and a field hidden from people that robots
fill (`forms.HONEYPOT`), whose reports are answered as accepted but never saved.

The pages live under their own URL namespace, `reports`, so that the public pages' cache (which keeps the
`directory` namespace's pages) never stores a form and its CSRF token.
"""
