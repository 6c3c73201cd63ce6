"""The four back-office roles, each a Django group created by the `0001_roles` migration."""

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
