"""The organisation's lists a file is matched against: categories and units valid in the row's year, fixed choices."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisatie, Organisatieonderdeel
from meldingen.models import Bron, Kanaal, Spoor, Status
from taxonomie.models import Categorie, Soort, categorie_naam
from uitwisseling.matching import Keuzelijst, normaliseer, uit_choices
from vertrouwenspersonen import models as vp

FIXED_LISTS = {
    "bron": lambda: uit_choices(_("bron"), Bron.choices),
    "kanaal": lambda: uit_choices(
        "kanaal", Kanaal.choices, ("coordinator", "rechtstreeks"), ("coordinator", "coördinator"),
        ("leidinggevende", "leidinggevende"), ("vertrouwenspersoon", "vertrouwenspersoon"),
    ),
    "spoor": lambda: uit_choices(
        "spoor", Spoor.choices, ("integriteit", "integriteitsschending"), ("integriteit", "vermoeden integriteitsschending"),
        ("misstand", "vermoeden misstand"),
    ),
    "status": lambda: uit_choices(_("status"), Status.choices),
    "soort_contact": lambda: uit_choices(_("soort contact"), vp.SoortContact.choices),
    "geslacht": lambda: uit_choices(_("waarde voor geslacht"), vp.Geslacht.choices, ("man", "m"), ("vrouw", "v")),
    "relatie_veroorzaker": lambda: uit_choices(_("relatie"), vp.RelatieVeroorzaker.choices),
    "hulpvraag": lambda: uit_choices(_("soort hulpvraag"), vp.Hulpvraag.choices),
    "verwijzing": lambda: uit_choices(_("verwijzing"), vp.Verwijzing.choices),
    "vervolg": lambda: uit_choices(_("vervolg"), vp.Vervolg.choices),
    "resultaat": lambda: uit_choices(_("resultaat"), vp.Resultaat.choices),
    "verzuim": lambda: uit_choices(_("waarde voor verzuim"), vp.Verzuim.choices, ("ja", "j"), ("nee", "n")),
}


def _valid_in(obj, jaar: int | None) -> bool:
    if jaar is None:
        return True
    return obj.geldig_van <= datetime.date(jaar, 12, 31) and (
        obj.geldig_tot is None or obj.geldig_tot >= datetime.date(jaar, 1, 1)
    )


class Opzoek:
    """The organisation's categories, units and fixed lists, loaded once per import and cached per year."""

    def __init__(self, organisatie: Organisatie, vandaag: datetime.date | None = None):
        self.organisatie = organisatie
        self.vandaag = vandaag or timezone.localdate()
        self._lists: dict[str, Keuzelijst] = {}
        self._cats: dict[str, list[Categorie]] = {}
        self._cat_lists: dict[tuple[str, int | None], Keuzelijst] = {}
        self._units: list[Organisatieonderdeel] | None = None
        self._unit_lists: dict[int | None, Keuzelijst] = {}
        self.parents: dict[int, Categorie] = {}

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
                    lijst.voeg_toe(categorie, categorie_naam(categorie, self.parents), categorie.code, categorie.label)
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
