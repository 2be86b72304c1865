"""Import of a file into one register of one organisation: validate everything, then write all or nothing.

`importeer()` reads the file (`lezen`), checks every row against the column definitions (columns.py) and the
organisation's lists (`lijsten`), and collects *all* problems (`resultaat`). Rows already imported are skipped and
reported (`dubbelen`), so re-running a file changes nothing; the dry run says what would be created
(`samenvatting`). Only when there are no problems (and it is not a dry run) does it write every row in one
transaction, through the registers' own bulk services (`schrijven`), with one audit entry for the import beside the
registers' entries per record. Who may import into which register: `rechten`.
"""

import datetime
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Organisatie, User
from uitwisseling import parsing
from uitwisseling.columns import KOLOMMEN, MELDINGEN, REGISTERS, VERTROUWENSPERSONEN, Ongeldig
from uitwisseling.importeren import lezen
from uitwisseling.importeren.dubbelen import markeer_dubbelen
from uitwisseling.importeren.lijsten import Opzoek
from uitwisseling.importeren.rechten import ImportWeigering, controleer_rechten, operator_details
from uitwisseling.importeren.resultaat import Fout, Resultaat, Rij
from uitwisseling.importeren.samenvatting import opmerkingen, samenvatting
from uitwisseling.importeren.schrijven import schrijf
from uitwisseling.models import ImportRun


def valideer(
    data: bytes, *, organisatie: Organisatie, register: str, bestandsnaam: str = "", eigenaar: User | None = None,
    vandaag: datetime.date | None = None,
) -> Resultaat:
    """Checks the whole file; writes nothing. Every problem is in `fouten`, every row to create in `te_maken`."""
    if register not in REGISTERS:
        raise ValueError(f"Unknown register {register!r}")
    if register == VERTROUWENSPERSONEN and eigenaar is None:
        raise ValueError("The VP register is checked against one owner's dossiers: pass eigenaar")
    resultaat = Resultaat(register=register)
    try:
        tabel = parsing.lees_bestand(data, bestandsnaam)
    except parsing.Bestandsfout as exc:
        resultaat.fout(0, "", "", str(exc))
        return resultaat
    resultaat.formaat = tabel.formaat
    resultaat.rijen = len(tabel.rijen)
    if not lezen.check_header(tabel, register, resultaat):
        return resultaat
    if not tabel.rijen:
        resultaat.opmerkingen.append(_("Het bestand bevat alleen een kopregel: er is niets te importeren."))
        return resultaat
    ctx = Opzoek(organisatie, vandaag)
    kolommen = KOLOMMEN[register]
    controle = lezen.controleer_melding if register == MELDINGEN else lezen.controleer_dossier
    occurrences: Counter = Counter()
    gelezen: list[Rij] = []
    for nummer, cells in parsing.rijen_als_dicts(tabel):
        vingerafdruk = lezen.vingerafdruk(register, kolommen, cells, occurrences)
        values = lezen.lees_rij(kolommen, cells, nummer, ctx, resultaat)
        if values is not None and controle(values, nummer, resultaat):
            gelezen.append(Rij(nummer, values, vingerafdruk))
    markeer_dubbelen(gelezen, organisatie=organisatie, register=register, eigenaar=eigenaar, resultaat=resultaat)
    with translation.override("nl"):  # category and choice labels as the register shows them
        resultaat.samenvatting = samenvatting(resultaat.te_maken, register, ctx)
    opmerkingen(resultaat, register)
    return resultaat


def importeer(
    data: bytes, *, organisatie: Organisatie, register: str, door: User | None, eigenaar: User | None = None,
    bestandsnaam: str = "", proef: bool = False, bron: str = "web", request=None,
    vandaag: datetime.date | None = None,
) -> Resultaat:
    """Validates and — unless `proef` or any error — writes every row in one transaction."""
    controleer_rechten(organisatie=organisatie, register=register, door=door, eigenaar=eigenaar)
    details_base = {"register": register, "bron": bron, **operator_details(bron)}
    try:
        with transaction.atomic():
            resultaat = valideer(data, organisatie=organisatie, register=register, bestandsnaam=bestandsnaam,
                                 eigenaar=eigenaar, vandaag=vandaag)
            if proef or not resultaat.ok or not resultaat.te_maken:
                audit("import_gecontroleerd", gebruiker=door, organisatie=organisatie, request=request,
                      objecttype="uitwisseling.import",
                      details={**details_base, "proef": proef, "rijen": resultaat.rijen,
                               "fouten": len(resultaat.fouten), "te_maken": len(resultaat.te_maken),
                               "overgeslagen": len(resultaat.overgeslagen)})
                return resultaat
            run = ImportRun.objects.create(
                organisatie=organisatie, register=register, door=door, eigenaar=eigenaar, bron=bron,
                formaat=resultaat.formaat, aangemaakt=len(resultaat.te_maken),
                overgeslagen=len(resultaat.overgeslagen),
            )
            schrijf(resultaat.te_maken, register=register, organisatie=organisatie, door=door, eigenaar=eigenaar,
                    run=run, request=request)
            resultaat.uitgevoerd, resultaat.aangemaakt, resultaat.run = True, len(resultaat.te_maken), run
            audit("import_uitgevoerd", gebruiker=door, organisatie=organisatie, request=request, obj=run,
                  details={**details_base, "formaat": resultaat.formaat, "rijen": resultaat.rijen,
                           "aangemaakt": resultaat.aangemaakt, "overgeslagen": len(resultaat.overgeslagen),
                           "eigenaar_id": getattr(eigenaar, "pk", None)})
    except IntegrityError:
        # Someone wrote the same kenmerk at the same moment: nothing of this import was kept.
        resultaat = Resultaat(register=register)
        resultaat.fout(0, "", "", _("Het register is tijdens het importeren gewijzigd. Er is niets geïmporteerd; "
                                    "probeer het opnieuw."))
    return resultaat


__all__ = ["Fout", "ImportWeigering", "Ongeldig", "Opzoek", "Resultaat", "controleer_rechten", "importeer",
           "operator_details", "valideer"]
