"""Rows already in the register are skipped (re-running a file changes nothing); duplicates within a file are errors."""

import re

from django.utils.translation import gettext as _

from accounts.models import Organisatie, User
from meldingen.models import Melding
from uitwisseling.columns import MELDINGEN, VERTROUWENSPERSONEN, VP_SOORTEN
from uitwisseling.importeren.resultaat import Resultaat, Rij
from uitwisseling.models import ImportRegel
from vertrouwenspersonen import models as vp

KENMERK_PATROON = re.compile(r"^(\d{4})-(\d{1,6})$")
VP_KENMERK_PATROON = re.compile(r"^vp-(\d{4})-(\d+)$")


def eerdere_regels(organisatie: Organisatie, register: str, eigenaar: User | None):
    """The rows imported before into this register: the organisation's for meldingen, the owner's own for the VP
    register (another VP's kenmerken must neither block this import nor be revealed by it)."""
    regels = ImportRegel.objects.filter(organisatie=organisatie, register=register)
    if register in VP_SOORTEN:
        regels = regels.filter(eigenaar=eigenaar)
    return regels


def markeer_dubbelen(
    rijen: list[Rij], *, organisatie: Organisatie, register: str, eigenaar: User | None, resultaat: Resultaat
) -> None:
    """Duplicates within the file are errors; rows already in the register are skipped (idempotency)."""
    regels = eerdere_regels(organisatie, register, eigenaar)
    eerder = set(regels.exclude(kenmerk="").values_list("kenmerk", flat=True))
    vingerafdrukken = set(regels.values_list("vingerafdruk", flat=True))
    if register == MELDINGEN:
        bestaand = dict(Melding.objects.filter(organisatie=organisatie).values_list("kenmerk", "pk"))
        nummers = set(Melding.objects.filter(organisatie=organisatie).values_list("jaar", "volgnummer"))
    else:
        bestaand, nummers = {}, set()
    eigen_vp = _eigen_vp_kenmerken(rijen, organisatie, register, eigenaar)
    in_file: dict[str, int] = {}
    nummers_in_file: dict[tuple[int, int], int] = {}
    for rij in rijen:
        kenmerk = rij.waarden.get("kenmerk") or ""  # gesprekken and activiteiten have no kenmerk of their own
        if kenmerk:
            key = kenmerk.casefold()
            if key in in_file:
                resultaat.fout(rij.nummer, "kenmerk", kenmerk, _("Dit kenmerk komt al voor in rij %(rij)s.") % {"rij": in_file[key]})
                continue
            in_file[key] = rij.nummer
            if kenmerk in eerder or kenmerk in bestaand or key in eigen_vp:
                resultaat.overgeslagen.append((rij.nummer, kenmerk, _("Dit kenmerk staat al in het register.")))
                continue
        elif rij.vingerafdruk in vingerafdrukken:
            resultaat.overgeslagen.append((rij.nummer, "", _("Deze rij (zonder kenmerk) is al eerder geïmporteerd.")))
            continue
        if register == MELDINGEN and kenmerk:
            match = KENMERK_PATROON.match(kenmerk)
            jaar = rij.waarden["datum_ontvangst"].year
            if match and int(match[1]) == jaar:
                pair = (jaar, int(match[2]))
                if pair in nummers or pair in nummers_in_file:
                    resultaat.fout(rij.nummer, "kenmerk", kenmerk,
                                   _("Het volgnummer van dit kenmerk is in dat jaar al in gebruik bij een andere "
                                     "melding."))
                    continue
                nummers_in_file[pair] = rij.nummer
        resultaat.te_maken.append(rij)


def _eigen_vp_kenmerken(rijen: list[Rij], organisatie: Organisatie, register: str, eigenaar: User | None) -> set[str]:
    """An export of the VP register writes a dossier's own kenmerk (VP-2026-001, or VP-<year>-<id> for a dossier
    numbered before kenmerken counted per year); importing it back is a no-op. Both are the dossier's stored
    kenmerk, compared without regard to case. Only the owner's own dossiers count: whether another VP has dossier
    VP-2024-017 is not this VP's business. One query per 5000 such kenmerken in the file."""
    if register != VERTROUWENSPERSONEN:
        return set()
    in_bestand = {(rij.waarden["kenmerk"] or "").strip().casefold() for rij in rijen}
    wanted = sorted(k.upper() for k in in_bestand if VP_KENMERK_PATROON.match(k))
    result = set()
    for start in range(0, len(wanted), 5000):  # bounded IN lists (SQLite limits bound parameters)
        found = vp.Dossier.objects.filter(organisatie=organisatie, eigenaar=eigenaar,
                                          kenmerk__in=wanted[start:start + 5000]).values_list("kenmerk", flat=True)
        result |= {kenmerk.casefold() for kenmerk in found}
    return result
