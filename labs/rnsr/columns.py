"""The RNSR open-data export (`fr-esr-structures-recherche-publiques-actives`): its columns and codes.

Multi-valued fields are `;`-joined and positional: the n-th `label_numero` is the unit code given by the
n-th institution of `tutelles`, `uai_des_tutelles`, `siret_des_tutelles`, `code_de_type_de_tutelle`…
"""

import re

from labs.models import SuccessionKind, SupervisionKind, UnitType

KNOWN_COLUMNS = [
    "numero_national_de_structure",
    "libelle",
    "sigle",
    "annee_de_creation",
    "type_de_structure",
    "code_de_type_de_structure",
    "code_de_niveau_de_structure",
    "site_web",
    "adresse",
    "code_postal",
    "commune",
    "nom_du_responsable",
    "prenom_du_responsable",
    "titre_du_responsable",
    "label_numero",
    "tutelles",
    "sigles_des_tutelles",
    "code_de_nature_de_tutelle",
    "nature_de_tutelle",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
    "type_de_tutelle",
    "numero_de_structure_enfant",
    "numero_de_structure_parent",
    "numero_de_structure_historique",
    "type_de_succession",
    "code_de_type_de_succession",
    "annee_d_effet_historique",
    "code_domaine_scientifique",
    "domaine_scientifique",
    "code_panel_erc",
    "panel_erc",
    "fiche_rnsr",
]
# Without these the file cannot be imported at all; the other known columns are used when present.
REQUIRED_COLUMNS = [
    "numero_national_de_structure",
    "libelle",
    "code_de_type_de_structure",
    "label_numero",
    "tutelles",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
]
# Groups of positional columns: within a row, every non-empty column of a group has as many values.
SUPERVISOR_COLUMNS = [
    "tutelles",
    "label_numero",
    "sigles_des_tutelles",
    "code_de_nature_de_tutelle",
    "nature_de_tutelle",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
    "type_de_tutelle",
]
HEAD_COLUMNS = ["nom_du_responsable", "prenom_du_responsable", "titre_du_responsable"]
HISTORY_COLUMNS = [
    "numero_de_structure_historique",
    "type_de_succession",
    "code_de_type_de_succession",
    "annee_d_effet_historique",
]

# Prefixes of unit codes (`label_numero`), legacy ones included (UMS/USR → UAR, UMI → IRL, FED → FR).
LABEL_TYPES = {
    "UMR": UnitType.UMR,
    "UPR": UnitType.UPR,
    "UAR": UnitType.UAR,
    "UMS": UnitType.UAR,
    "USR": UnitType.UAR,
    "IRL": UnitType.IRL,
    "UMI": UnitType.IRL,
    "EMR": UnitType.EMR,
    "FRE": UnitType.FRE,
    "FR": UnitType.FR,
    "FED": UnitType.FR,
    "GDR": UnitType.GDR,
}
# `code_de_type_de_structure` when no unit code says more. UMR and UPR only when the CNRS supervises.
STRUCTURE_TYPES = {
    "21": UnitType.UPR,
    "22": UnitType.UMR,
    "23": UnitType.IRL,
    "3": UnitType.FR,
    "32": UnitType.GDR,
}
CNRS_ONLY_TYPES = {UnitType.UPR, UnitType.UMR}
# RNSR structure type codes start with the structure level: 1 team, 2 unit, 3 federative structure.
STRUCTURE_TYPE_CODE = re.compile(r"^[123]\d?$")
# `code_de_type_de_succession`. A split-merger (EF) is a split from the predecessor's side: part of it
# went into this structure; a spin-off-merger (SF) likewise a spin-off.
SUCCESSION_CODES = {
    "R": SuccessionKind.RENEWAL,
    "F": SuccessionKind.MERGER,
    "E": SuccessionKind.SPLIT,
    "EF": SuccessionKind.SPLIT,
    "I": SuccessionKind.INTEGRATION,
    "S": SuccessionKind.SPIN_OFF,
    "SF": SuccessionKind.SPIN_OFF,
}
SUCCESSION_LABELS = {
    "renouvellement": SuccessionKind.RENEWAL,
    "fusion": SuccessionKind.MERGER,
    "eclatement": SuccessionKind.SPLIT,
    "integration": SuccessionKind.INTEGRATION,
    "essaimage": SuccessionKind.SPIN_OFF,
}
SUPERVISION_KINDS = {"TUTE": SupervisionKind.SUPERVISOR, "PART": SupervisionKind.PARTICIPANT}
LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z_\-.]*?)[\s_\-]*(\d+)\s*$")
YEAR = re.compile(r"^\d{4}$")
