"""Export writes exactly the import columns, without free text; export → import into an empty organisation gives
the same jaarverslag figures."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from accounts.audit import AuditEntry
from accounts.models import Rol
from accounts.services import organisatie_create
from meldingen import services
from meldingen.models import Uitvoering
from reports.figures import compute_figures
from taxonomie.models import Categorie, Soort
from tests.conftest import make_user
from uitwisseling.columns import kolomnamen
from uitwisseling.exporteren import exporteer
from uitwisseling.importeren import importeer
from vertrouwenspersonen import services as vp_services

JAAR = 2024
VANDAAG = datetime.date(2025, 6, 1)


def cat(org, soort, code):
    return Categorie.objects.van(org, soort).get(code=code)


def _bron_data(cast):
    """A realistic register made through the registers' own services (not through the importer)."""
    org, coordinator = cast.org, cast.coordinator
    onderdelen = {o.naam: o for o in org.onderdelen.all()}
    specs = [
        # (date, onderwerp, bron, kanaal, spoor, unit, bevinding, gevolgen, betrokkenen, onderzoek, traject, closed)
        ("2024-01-10", "financiele-schendingen", "intern", "leidinggevende", "integriteit", "Ruimte",
         "integriteitsschending-vastgesteld", ["officiele-waarschuwing"], 2, True, False, "2024-03-01"),
        ("2024-02-11", "ongewenste-omgangsvormen", "intern", "vertrouwenspersoon", "ongewenst_gedrag", "Publiekszaken",
         "afgehandeld-via-de-interne-regeling-ongewenst-gedrag", [], 1, False, True, "2024-04-01"),
        ("2024-03-12", "lekken-en-misbruik-van-informatie", "extern", "meldpunt", "integriteit", None,
         "geen-integriteitsschending-vastgesteld", ["geen-maatregel"], 1, False, False, "2024-03-30"),
        ("2024-05-13", "misstand-klokkenluidersregeling", "extern", "extern", "misstand", "Ruimte",
         None, [], 1, False, False, None),
        ("2024-11-14", "financiele-schendingen", "intern", "coordinator", "integriteit", "Sociaal Domein",
         "integriteitsschending-vastgesteld", ["laatste-waarschuwing", "loonmaatregel"], 1, True, False, "2024-12-20"),
        ("2023-06-01", "misbruik-van-bevoegdheden", "intern", "coordinator", "integriteit", "Ruimte",
         None, [], 0, False, False, None),
    ]
    for (datum, onderwerp, bron, kanaal, spoor, unit, bevinding, gevolgen, n, onderzoek, traject, closed) in specs:
        ontvangen = datetime.date.fromisoformat(datum)
        m = services.melding_create(
            organisatie=org, door=coordinator, ontvangen_op=ontvangen, kanaal=kanaal, bron=bron, spoor=spoor,
            onderwerp=cat(org, Soort.INTEGRITEIT_ONDERWERP, onderwerp), onderdeel=onderdelen.get(unit),
            omschrijving="Vertrouwelijke omschrijving die nooit in een export mag staan", melder_identiteit="Jan Geheim",
            aangifte=bool(gevolgen and "loonmaatregel" in gevolgen),
        )
        for _ in range(n):
            b = services.betrokkene_add(melding=m, door=coordinator, functiecategorie="medewerker",
                                        bevinding=cat(org, Soort.BEVINDING, bevinding) if bevinding else None)
            for gevolg in gevolgen:
                services.maatregel_add(betrokkene=b, door=coordinator, soort=cat(org, Soort.MAATREGEL, gevolg),
                                       besloten_op=ontvangen)
        if onderzoek:
            services.onderzoek_create(melding=m, door=coordinator, opdrachtgever="Directeur", startdatum=ontvangen,
                                      uitvoering=Uitvoering.INTERN)
        if traject:
            services.traject_create(melding=m, door=coordinator, startdatum=ontvangen)
        if closed:
            services.melding_change_status(melding=m, naar="in_behandeling", door=coordinator, versie=None)
            m.refresh_from_db()
            m.beoordeling = "geen_redelijk_vermoeden"
            m.save(update_fields=["beoordeling"])
            services.melding_change_status(melding=m, naar="afgehandeld", door=coordinator, versie=None, reden="klaar")
            m.__class__.objects.filter(pk=m.pk).update(afgehandeld_op=datetime.date.fromisoformat(closed))
    vp_specs = [
        ("2024-02-01", "melding", ["pesten", "discriminatie"], "Ruimte", "vrouw", "collega", ["uiten"], ["bmw"],
         ["klacht"], "bespreekbaar", "ja", 2, "2024-05-01"),
        ("2024-03-01", "melding", ["integriteit-fraude"], "Publiekszaken", "man", "leidinggevende", [], [], [], "",
         "nee", 1, None),
        ("2024-04-01", "informatieverzoek", ["pesten"], "Ruimte", "", "", ["informatie"], ["hr", "bedrijfsarts"], [],
         "onbekend", "onbekend", 0, "2024-04-02"),
        ("2023-09-01", "arbeidsconflict", ["intimidatie"], "Sociaal Domein", "anders", "onbekend", [], [], [], "",
         "onbekend", 3, None),
    ]
    for (datum, soort, onderwerpen, unit, geslacht, relatie, hulp, verw, vervolg, resultaat, verzuim, gesprekken,
         afgesloten) in vp_specs:
        eerste = datetime.date.fromisoformat(datum)
        d = vp_services.dossier_create(
            organisatie=org, eigenaar=cast.vp, onderdeel=onderdelen[unit], soort_contact=soort,
            onderwerpen=[cat(org, Soort.VP_ONDERWERP, c) for c in onderwerpen], eerste_contact=eerste,
            geslacht=geslacht, relatie_veroorzaker=relatie, verzuim=verzuim, hulpvragen=hulp, verwijzingen=verw,
            vervolgen=vervolg, resultaat=resultaat, notitie="Geheime notitie van de VP",
        )
        for _ in range(gesprekken):
            d.gesprekken.create(datum=eerste, gevoerd_door=cast.vp, notitie="Gespreksnotitie")
        if afgesloten:
            vp_services.dossier_afsluiten(dossier=d, datum=datetime.date.fromisoformat(afgesloten), door=cast.vp)


def _zonder_termijnen(value):
    """Wbk deadline shares are not part of the file format (see docs/importeren.md), so they are left out."""
    if isinstance(value, dict):
        return {k: _zonder_termijnen(v) for k, v in value.items()
                if k not in ("wbk_termijnen", "in_behandeling_op_31_december_voorbij_wbk_termijn",
                             "organisatie", "berekend_op")}
    if isinstance(value, list):
        return [_zonder_termijnen(v) for v in value]
    return value


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_organisation_gives_the_same_jaarverslag(cast, formaat):
    _bron_data(cast)
    nieuw = organisatie_create(naam="Gemeente Nieuwstad", slug="nieuwstad", indeling="rijk",
                               onderdelen=["Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering"])
    coordinator = make_user("coordinator@nieuwstad.test", nieuw, Rol.COORDINATOR)
    vp = make_user("vp@nieuwstad.test", nieuw, Rol.VERTROUWENSPERSOON)

    meldingen, n = exporteer(organisatie=cast.org, register="meldingen", formaat=formaat, gebruiker=cast.coordinator)
    assert n == 6
    dossiers, n = exporteer(organisatie=cast.org, register="vertrouwenspersonen", formaat=formaat, gebruiker=cast.vp)
    assert n == 4
    r1 = importeer(meldingen, organisatie=nieuw, register="meldingen", door=coordinator, bestandsnaam=f"m.{formaat}")
    r2 = importeer(dossiers, organisatie=nieuw, register="vertrouwenspersonen", door=vp, eigenaar=vp,
                   bestandsnaam=f"d.{formaat}")
    assert r1.ok and r2.ok, [f.als_tekst() for f in r1.fouten + r2.fouten]
    assert (r1.aangemaakt, r2.aangemaakt) == (6, 4)

    for jaar in (2023, 2024):
        origineel = _zonder_termijnen(compute_figures(cast.org, jaar, vandaag=VANDAAG))
        kopie = _zonder_termijnen(compute_figures(nieuw, jaar, vandaag=VANDAAG))
        assert kopie == origineel
    figures = compute_figures(nieuw, JAAR, vandaag=VANDAAG)
    assert figures["integriteit"]["aantal_meldingen"] == 5
    assert figures["vertrouwenspersonen"]["aantal_meldingen"] == 2


def test_export_has_exactly_the_import_columns_and_no_free_text(cast):
    _bron_data(cast)
    data, _n = exporteer(organisatie=cast.org, register="meldingen", formaat="csv", gebruiker=cast.coordinator)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == kolomnamen("meldingen")
    assert "Vertrouwelijke" not in text and "Jan Geheim" not in text and "Directeur" not in text
    data, _n = exporteer(organisatie=cast.org, register="vertrouwenspersonen", formaat="xlsx", gebruiker=cast.vp)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert list(cells[0]) == kolomnamen("vertrouwenspersonen")
    assert not any("Geheime" in str(c) or "Gespreksnotitie" in str(c) or "@" in str(c) for row in cells for c in row)


def test_export_goes_through_visibility_and_is_audited(cast):
    _bron_data(cast)
    _data, n = exporteer(organisatie=cast.org, register="meldingen", formaat="csv", gebruiker=cast.vp)
    assert n == 0  # a VP sees no formal meldingen
    _data, n = exporteer(organisatie=cast.org, register="vertrouwenspersonen", formaat="csv", gebruiker=cast.vp2)
    assert n == 0  # another VP's dossiers are not theirs
    _data, n = exporteer(organisatie=cast.org, register="meldingen", formaat="xlsx", gebruiker=cast.coordinator,
                         jaar=2023)
    assert n == 1
    entry = AuditEntry.objects.filter(actie="export_uitgevoerd").order_by("-id").first()
    assert entry.details == {"register": "meldingen", "formaat": "xlsx", "jaar": 2023, "rijen": 1, "bron": "web",
                             "eigenaar_id": None}
    assert entry.gebruiker_id == cast.coordinator.pk


def test_reimporting_an_export_into_the_same_organisation_changes_nothing(cast):
    _bron_data(cast)
    meldingen, _n = exporteer(organisatie=cast.org, register="meldingen", formaat="csv", gebruiker=cast.coordinator)
    dossiers, _n = exporteer(organisatie=cast.org, register="vertrouwenspersonen", formaat="csv", gebruiker=cast.vp)
    r1 = importeer(meldingen, organisatie=cast.org, register="meldingen", door=cast.coordinator)
    r2 = importeer(dossiers, organisatie=cast.org, register="vertrouwenspersonen", door=cast.vp, eigenaar=cast.vp)
    assert (r1.ok, r1.aangemaakt, len(r1.overgeslagen)) == (True, 0, 6)
    assert (r2.ok, r2.aangemaakt, len(r2.overgeslagen)) == (True, 0, 4)
