"""The organisation's lists a file is matched against: categories and units valid in the row's year, fixed choices."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Organisatie, Organisatieonderdeel
from meldingen.models import Bron, Kanaal, Spoor, Status
from taxonomie.models import Categorie, Soort, categorie_naam
from uitwisseling.matching import Keuzelijst, korte_vormen, normaliseer, uit_choices
from vertrouwenspersonen import models as vp

# The fixed lists: (code, label) pairs, and the other ways people write some of them.
KEUZES = {
    "bron": Bron.choices,
    "kanaal": Kanaal.choices,
    "spoor": Spoor.choices,
    "status": Status.choices,
    "soort_contact": vp.SoortContact.choices,
    "geslacht": vp.Geslacht.choices,
    "relatie_veroorzaker": vp.RelatieVeroorzaker.choices,
    "hulpvraag": vp.Hulpvraag.choices,
    "verwijzing": vp.Verwijzing.choices,
    "vervolg": vp.Vervolg.choices,
    "resultaat": vp.Resultaat.choices,
    "verzuim": vp.Verzuim.choices,
    "gespreksvorm": vp.Gespreksvorm.choices,
    "activiteit": vp.ActiviteitType.choices,
    "signaal_aan": vp.SignaalOntvanger.choices,
}
ALIASSEN = {
    "kanaal": (("coordinator", "rechtstreeks"), ("coordinator", "coördinator"), ("leidinggevende", "leidinggevende"),
               ("vertrouwenspersoon", "vertrouwenspersoon")),
    "spoor": (("integriteit", "integriteitsschending"), ("integriteit", "vermoeden integriteitsschending"),
              ("misstand", "vermoeden misstand")),
    "geslacht": (("man", "m"), ("vrouw", "v")),
    "verzuim": (("ja", "j"), ("nee", "n")),
}
OMSCHRIJVINGEN = {
    "bron": _lazy("bron"), "kanaal": "kanaal", "spoor": "spoor", "status": _lazy("status"),
    "soort_contact": _lazy("soort contact"), "geslacht": _lazy("waarde voor geslacht"), "relatie_veroorzaker": _lazy("relatie"),
    "hulpvraag": _lazy("soort hulpvraag"), "verwijzing": _lazy("verwijzing"), "vervolg": _lazy("vervolg"),
    "resultaat": _lazy("resultaat"), "verzuim": _lazy("waarde voor verzuim"),
    "gespreksvorm": _lazy("vorm van het gesprek"), "activiteit": _lazy("soort activiteit"),
    "signaal_aan": _lazy("ontvanger van het signaal"),
}
FIXED_LISTS = {
    naam: (lambda naam=naam: uit_choices(str(OMSCHRIJVINGEN[naam]), KEUZES[naam], *ALIASSEN.get(naam, ())))
    for naam in KEUZES
}


def _valid_in(obj, jaar: int | None) -> bool:
    if jaar is None:
        return True
    return obj.geldig_van <= datetime.date(jaar, 12, 31) and (
        obj.geldig_tot is None or obj.geldig_tot >= datetime.date(jaar, 1, 1)
    )


class Opzoek:
    """The organisation's categories, units and fixed lists, loaded once per import and cached per year; for a
    VP's file also the VP's own dossiers, by the kenmerken a file can name them with."""

    def __init__(self, organisatie: Organisatie, vandaag: datetime.date | None = None, eigenaar=None):
        self.organisatie = organisatie
        self.eigenaar = eigenaar
        self._dossiers: dict[str, vp.Dossier] | None = None
        self.vandaag = vandaag or timezone.localdate()
        self._lists: dict[str, Keuzelijst] = {}
        self._cats: dict[str, list[Categorie]] = {}
        self._cat_lists: dict[tuple[str, int | None], Keuzelijst] = {}
        self._units: list[Organisatieonderdeel] | None = None
        self._unit_lists: dict[int | None, Keuzelijst] = {}
        self.parents: dict[int, Categorie] = {}

    def eigen_dossier(self, kenmerk: str) -> "vp.Dossier | None":
        """The owner's dossier a file names: by the kenmerk it was imported with, or as Vertrouwd shows it
        (VP-2026-001, or VP-<year>-<id> for a dossier from before the per-year numbering: both are its stored kenmerk).
        Another VP's dossier is not found, exactly like one that does not exist."""
        if self._dossiers is None:
            from uitwisseling.models import ImportRegel

            dossiers = {d.pk: d for d in vp.Dossier.objects.filter(organisatie=self.organisatie, eigenaar=self.eigenaar)
                        .only("pk", "kenmerk", "eerste_contact", "vernietigd_op", "organisatie_id", "eigenaar_id")}
            self._dossiers = {normaliseer(d.kenmerk): d for d in dossiers.values()}
            for kenmerk_in_bestand, pk in ImportRegel.objects.filter(
                organisatie=self.organisatie, register="vertrouwenspersonen", eigenaar=self.eigenaar,
            ).exclude(kenmerk="").values_list("kenmerk", "object_id"):
                if pk in dossiers:
                    self._dossiers.setdefault(normaliseer(kenmerk_in_bestand), dossiers[pk])
        return self._dossiers.get(normaliseer(kenmerk))

    def lijst(self, naam: str) -> Keuzelijst:
        if naam not in self._lists:
            self._lists[naam] = FIXED_LISTS[naam]()
        return self._lists[naam]

    def _categorieen(self, soort: str) -> list[Categorie]:
        if soort not in self._cats:
            cats = list(Categorie.objects.van(self.organisatie, soort).order_by("volgorde", "label", "pk"))
            self._cats[soort] = cats
            self.parents.update({c.pk: c for c in cats})
        return self._cats[soort]

    def categorieen(self, soort: str, jaar: int | None) -> Keuzelijst:
        key = (soort, jaar)
        if key not in self._cat_lists:
            omschrijving = {
                Soort.VP_ONDERWERP: _("onderwerp"), Soort.INTEGRITEIT_ONDERWERP: _("onderwerp"),
                Soort.BEVINDING: _("bevinding"), Soort.MAATREGEL: _("maatregel of gevolg"),
            }[soort]
            if jaar is not None:
                omschrijving += " " + _("(geldig in %(jaar)s)") % {"jaar": jaar}
            lijst = Keuzelijst(omschrijving)
            cats = self._categorieen(soort)
            for categorie in cats:
                if _valid_in(categorie, jaar):
                    naam = categorie_naam(categorie, self.parents)
                    lijst.voeg_toe(categorie, naam, categorie.code, categorie.label, *korte_vormen(naam),
                                   *korte_vormen(categorie.label))
            self._cat_lists[key] = lijst
        return self._cat_lists[key]

    def onderdelen(self, jaar: int | None) -> Keuzelijst:
        if self._units is None:
            self._units = list(
                Organisatieonderdeel.objects.filter(organisatie=self.organisatie).order_by("naam", "-geldig_van")
            )
        if jaar not in self._unit_lists:
            lijst = Keuzelijst(_("organisatieonderdeel") + (" " + _("(bestaand in %(jaar)s)") % {"jaar": jaar}
                                                           if jaar else ""))
            seen = set()
            for unit in self._units:
                key = normaliseer(unit.naam)
                # A name used twice (re-created unit) means the most recent one valid that year.
                if _valid_in(unit, jaar) and key not in seen:
                    seen.add(key)
                    lijst.voeg_toe(unit, unit.naam)
            self._unit_lists[jaar] = lijst
        return self._unit_lists[jaar]
