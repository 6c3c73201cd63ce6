"""The four back-office roles, each a Django group created by the `0001_roles` migration.

What a role may do is the group's model permissions; which rows, its scope (`regions.scope`):

| role | sees | edits |
|---|---|---|
| national administrator (superuser) | everything | everything; staff accounts and office memberships; restores earlier versions |
| coordinator | everything (`regions.view_every_office`) | sites, site agreements and signatories, PIA projects, board seats, review notes; puts agreements under review, signs and terminates them (`agreements.review_siteagreement`) |
| regional editor | the regional records of their offices; national records (partners, institutes, sites…) | labs, supervisions, successions and office services of their offices; partners' contact data; drafts and negotiates the site agreements (and signatories) of their offices' sites; handles the public's error reports of their offices |
| viewer | everything (`regions.view_every_office`) | nothing |

`0002_role_scope` gives `view_every_office` to every role but editors, and takes the partner "add"
permission and the office membership "view" permission from those who should not have them;
`0004_agreement_workflow_roles` gives editors the agreement and signatory permissions, and coordinators
and national administrators `agreements.review_siteagreement` (see `agreements.services`);
`0003_review_note_roles` lets coordinators record and correct review notes and every other role read them.
`0007_error_report_roles` lets regional editors read and handle (change) the public's error reports, their
offices' only through the scope; national administrators, superusers, handle every one, national included.
"""

from django.utils.translation import gettext_lazy as _

ADMIN = "admin"
COORDINATOR = "coordinator"
EDITOR = "editor"
VIEWER = "viewer"

# Role key → group name (stored in the database, so never translated; the label below is).
GROUP_NAMES = {
    ADMIN: "Administrateur national",
    COORDINATOR: "Coordinateur DGDS/Dapp",
    EDITOR: "Éditeur régional",
    VIEWER: "Lecteur",
}

LABELS = {
    ADMIN: _("National administrator"),
    COORDINATOR: _("Coordinator"),
    EDITOR: _("Regional editor"),
    VIEWER: _("Viewer"),
}
