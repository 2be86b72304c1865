"""Writes to the VP register. Each one validates, saves and audits in the same transaction.

Audit details carry metadata only (ids, field names, dates of sharing), never what was written.
Every write concerning a dossier is audited against the dossier itself, so its owner sees all of it.
"""

from vertrouwenspersonen.services.delen import dossier_delen, dossier_delen_intrekken, verlopen_deelrechten_opruimen
from vertrouwenspersonen.services.dossiers import (
    DOSSIER_VELDEN,
    KEUZELIJSTEN,
    dossier_afsluiten,
    dossier_create,
    dossier_heropenen,
    dossier_update,
    vp_lidmaatschap,
)
from vertrouwenspersonen.services.eigen import activiteit_opslaan, signaal_opslaan
from vertrouwenspersonen.services.gesprekken import gesprek_create, gesprek_update

__all__ = [
    "DOSSIER_VELDEN",
    "KEUZELIJSTEN",
    "activiteit_opslaan",
    "dossier_afsluiten",
    "dossier_create",
    "dossier_delen",
    "dossier_delen_intrekken",
    "dossier_heropenen",
    "dossier_update",
    "gesprek_create",
    "gesprek_update",
    "signaal_opslaan",
    "verlopen_deelrechten_opruimen",
    "vp_lidmaatschap",
]
