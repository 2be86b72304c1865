"""Writes for the meldingenregister. Each one is atomic, validates, and audits metadata only (never content)."""

from meldingen.services.bijlagen import BIJLAGE_MAX_BYTES, bijlage_add, sniff_content_type
from meldingen.services.herinneringen import termijnherinneringen_versturen
from meldingen.services.meldingen import (
    VerouderdeVersie,
    betrokkene_add,
    betrokkene_update,
    logboek_add,
    maatregel_add,
    melder_identiteit_tonen,
    melding_change_status,
    melding_create,
    melding_update,
    onderzoekstoegang_set,
    spoorinstelling_set,
    termijn_voldaan,
    traject_create,
    traject_update,
)
from meldingen.services.onderzoek import onderzoek_assign, onderzoek_create, onderzoek_revoke, onderzoek_update

__all__ = [
    "BIJLAGE_MAX_BYTES",
    "VerouderdeVersie",
    "betrokkene_add",
    "betrokkene_update",
    "bijlage_add",
    "logboek_add",
    "maatregel_add",
    "melder_identiteit_tonen",
    "melding_change_status",
    "melding_create",
    "melding_update",
    "onderzoek_assign",
    "onderzoek_create",
    "onderzoek_revoke",
    "onderzoek_update",
    "sniff_content_type",
    "onderzoekstoegang_set",
    "spoorinstelling_set",
    "termijn_voldaan",
    "termijnherinneringen_versturen",
    "traject_create",
    "traject_update",
]
