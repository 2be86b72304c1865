"""Writing a checked file: each row becomes the register's own data, and the register's bulk service writes it.

This module writes no register model; it maps rows to `meldingen.services.bulk.NieuweMelding` and
`vertrouwenspersonen.services.bulk.NieuwDossier`, and keeps the importer's own records (ImportRegel) of which
row became which record, so a file imported twice changes nothing.
"""

from accounts.models import Organisatie, User
from accounts.snel_invoegen import snel_invoegen
from meldingen.models import Beoordeling, Status
from meldingen.services.bulk import NieuweBetrokkene, NieuweMelding, NieuwOnderzoek, NieuwTraject, meldingen_bulk_create
from uitwisseling.columns import ACTIVITEITEN, GESPREKKEN, MELDINGEN, SIGNALEN, VERTROUWENSPERSONEN, VP_SOORTEN
from uitwisseling.importeren.resultaat import Rij
from uitwisseling.models import ImportRegel, ImportRun
from vertrouwenspersonen.services.bulk import (
    NieuwDossier,
    NieuweActiviteit,
    NieuwGesprek,
    NieuwSignaal,
    activiteiten_bulk_create,
    dossiers_bulk_create,
    gesprekken_bulk_create,
    signalen_bulk_create,
)

BATCH = 500
OMSCHRIJVING_IMPORT = "Overgenomen uit een eerder register (import); de omschrijving is niet overgenomen."
REDEN_IMPORT = "Status overgenomen bij import."
OPDRACHTGEVER_IMPORT = "Onbekend (import)"
THEMA_IMPORT = "Overgenomen uit een eerder register (import); het thema is niet overgenomen."

# Where a bevinding says what the assessment was. The file has no beoordeling column; a closed melding without
# one of these keeps an empty beoordeling (workflow.py, "Imported history": nothing is made up).
BEOORDELING_UIT_BEVINDING = {
    "geen-redelijk-vermoeden-van-een-integriteitsschending": Beoordeling.GEEN_REDELIJK_VERMOEDEN,
    "arbeidsconflict": Beoordeling.ARBEIDSCONFLICT,
    "functioneringskwestie": Beoordeling.FUNCTIONERINGSKWESTIE,
    "afgehandeld-via-de-interne-regeling-ongewenst-gedrag": Beoordeling.INTERN_TRAJECT,
}


def _beoordeling(v: dict) -> str:
    if v["feitenonderzoek"]:
        return Beoordeling.FEITENONDERZOEK
    if v["intern_traject"]:
        return Beoordeling.INTERN_TRAJECT
    if v["bevinding"] is not None:
        return BEOORDELING_UIT_BEVINDING.get(v["bevinding"].code, "")
    return ""


def als_melding(v: dict, audit_details: dict) -> NieuweMelding:
    """One checked row of the meldingen file as the register's data."""
    afgehandeld = v["datum_afgehandeld"] if v["status"] == Status.AFGEHANDELD else None
    maatregelen = tuple((gevolg, v["datum_afgehandeld"] or v["datum_ontvangst"]) for gevolg in v["gevolg"])
    return NieuweMelding(
        ontvangen_op=v["datum_ontvangst"], kanaal=v["kanaal"], bron=v["bron"], spoor=v["spoor"],
        onderwerp=v["onderwerp"], onderdeel=v["organisatieonderdeel"], omschrijving=OMSCHRIJVING_IMPORT,
        aangifte=v["aangifte"], beoordeling=_beoordeling(v), status=v["status"], afgehandeld_op=afgehandeld,
        status_reden=REDEN_IMPORT, kenmerk=v["kenmerk"] or "",
        betrokkenen=tuple(NieuweBetrokkene(bevinding=v["bevinding"], maatregelen=maatregelen)
                          for _ in range(v["aantal_betrokkenen"])),
        onderzoek=NieuwOnderzoek(opdrachtgever=OPDRACHTGEVER_IMPORT, einddatum=afgehandeld)
        if v["feitenonderzoek"] else None,
        traject=NieuwTraject(einddatum=afgehandeld) if v["intern_traject"] else None,
        audit_details=audit_details,
    )


def als_dossier(v: dict, audit_details: dict) -> NieuwDossier:
    """One checked row of the VP file as the register's data. A file gives only the number of gesprekken: they
    are recorded on the date of first contact, with form and duration not recorded."""
    return NieuwDossier(
        eerste_contact=v["datum_eerste_contact"], soort_contact=v["soort_contact"],
        onderdeel=v["organisatieonderdeel"], onderwerpen=tuple(v["onderwerpen"]), geslacht=v["geslacht"] or "",
        relatie_veroorzaker=v["relatie_veroorzaker"] or "", verzuim=v["verzuim_bij_aanmelding"] or "onbekend",
        resultaat=v["resultaat"] or "", afgesloten_op=v["datum_afgesloten"],
        hulpvragen=tuple(v["soort_hulpvraag"]), verwijzingen=tuple(v["verwezen_naar"]), vervolgen=tuple(v["vervolg"]),
        gesprekken=tuple(NieuwGesprek(datum=v["datum_eerste_contact"]) for _ in range(v["aantal_gesprekken"])),
        audit_details=audit_details,
    )


def schrijf(rijen: list[Rij], *, register: str, organisatie: Organisatie, door: User | None,
            eigenaar: User | None, run: ImportRun, request=None) -> None:
    details = {"via": "import", "import_id": run.pk}
    kenmerken = [r.waarden.get("kenmerk") or "" for r in rijen]
    if register == MELDINGEN:
        objecten = meldingen_bulk_create(organisatie=organisatie, door=door, request=request,
                                         gegevens=[als_melding(r.waarden, details) for r in rijen])
        kenmerken = [m.kenmerk for m in objecten]
    elif register == VERTROUWENSPERSONEN:
        objecten = dossiers_bulk_create(organisatie=organisatie, eigenaar=eigenaar, request=request,
                                        gegevens=[als_dossier(r.waarden, details) for r in rijen])
    elif register == GESPREKKEN:
        objecten = gesprekken_bulk_create(eigenaar=eigenaar, request=request, gesprekken=[
            (r.waarden["_dossier"], NieuwGesprek(datum=r.waarden["datum"], vorm=r.waarden["vorm"] or "",
                                                 duur_minuten=r.waarden["duur_minuten"])) for r in rijen])
    elif register == ACTIVITEITEN:
        objecten = activiteiten_bulk_create(organisatie=organisatie, eigenaar=eigenaar, request=request, gegevens=[
            NieuweActiviteit(datum=r.waarden["datum"], soort=r.waarden["soort"], uren=r.waarden["uren"],
                             deelnemers=r.waarden["deelnemers"]) for r in rijen])
    else:
        assert register == SIGNALEN, register
        objecten = signalen_bulk_create(organisatie=organisatie, eigenaar=eigenaar, request=request, gegevens=[
            NieuwSignaal(datum=r.waarden["datum"], aan=r.waarden["aan"], thema=THEMA_IMPORT) for r in rijen])
    snel_invoegen(
        [ImportRegel(run=run, organisatie=organisatie, register=register,
                     eigenaar=eigenaar if register in VP_SOORTEN else None, kenmerk=kenmerk,
                     vingerafdruk=r.vingerafdruk, object_id=obj.pk, rij=r.nummer)
         for obj, r, kenmerk in zip(objecten, rijen, kenmerken, strict=True)])
