"""A VP brings the gesprekken (date, form, duration), the activiteiten (hours, participants) and the signalen (date,
recipient) of an Excel register along, so past years keep their hours; only into their own records, all or nothing, idempotent."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.audit import AuditEntry
from reports.figures import compute_figures
from tests.uitwisseling.conftest import dossier, fouten, maak_csv, vp_import
from tests.vertrouwenspersonen.factories import met_oud_kenmerk
from uitwisseling.importeren import importeer
from uitwisseling.importeren.schrijven import THEMA_IMPORT
from vertrouwenspersonen.models import Activiteit, Dossier, Gesprek, Signaal
from vertrouwenspersonen.services import signaal_opslaan

pytestmark = pytest.mark.django_db


def _gesprekken(cast, rows, **kwargs):
    kwargs.setdefault("door", cast.vp)
    kwargs.setdefault("eigenaar", cast.vp)
    return importeer(maak_csv(rows), organisatie=cast.org, register="vp-gesprekken", **kwargs)


def _activiteiten(cast, rows, user=None):
    user = user or cast.vp
    return importeer(maak_csv(rows), organisatie=cast.org, register="vp-activiteiten", door=user, eigenaar=user)


@pytest.fixture
def twee_dossiers(cast):
    assert vp_import(cast, maak_csv([dossier(kenmerk="A1", aantal_gesprekken="0"),
                                     dossier(kenmerk="A2", datum_eerste_contact="2023-05-01",
                                             aantal_gesprekken="0")])).ok
    return Dossier.objects.get(organisatie=cast.org, eerste_contact=datetime.date(2023, 3, 1)), \
        Dossier.objects.get(eerste_contact=datetime.date(2023, 5, 1))


def test_gesprekken_are_imported_by_the_dossiers_kenmerk_or_the_one_vertrouwd_shows(cast, twee_dossiers):
    a1, a2 = twee_dossiers
    resultaat = _gesprekken(cast, [
        {"dossier": "A1", "datum": "2023-03-01", "vorm": "telefonisch", "duur_minuten": "45"},
        {"dossier": " a1 ", "datum": "2023-03-08", "vorm": "", "duur_minuten": ""},
        {"dossier": a2.kenmerk, "datum": "2023-06-01", "vorm": "online", "duur_minuten": "30"},
    ])
    assert resultaat.ok and resultaat.aangemaakt == 3, [f.als_tekst() for f in resultaat.fouten]
    assert sorted(a1.gesprekken.values_list("datum", "vorm", "duur_minuten")) == [
        (datetime.date(2023, 3, 1), "telefonisch", 45), (datetime.date(2023, 3, 8), "", None)]
    assert list(a2.gesprekken.values_list("vorm", "duur_minuten")) == [("online", 30)]
    assert AuditEntry.objects.filter(actie="gesprek_toegevoegd", object_id=str(a1.pk)).count() == 2
    # The same file again changes nothing.
    again = _gesprekken(cast, [{"dossier": "A1", "datum": "2023-03-01", "vorm": "telefonisch", "duur_minuten": "45"}])
    assert again.ok and again.aangemaakt == 0 and len(again.overgeslagen) == 1


def test_gesprekken_find_a_dossier_by_a_kenmerk_from_before_the_per_year_numbering(cast, twee_dossiers):
    a1, _a2 = twee_dossiers
    oud = met_oud_kenmerk(a1)
    resultaat = _gesprekken(cast, [{"dossier": f" {oud.lower()} ", "datum": "2023-03-02"}])
    assert resultaat.ok and resultaat.aangemaakt == 1, [f.als_tekst() for f in resultaat.fouten]
    assert list(a1.gesprekken.values_list("datum", flat=True)) == [datetime.date(2023, 3, 2)]


def test_a_gesprek_for_another_vps_dossier_is_refused_like_one_that_does_not_exist(cast, twee_dossiers):
    assert vp_import(cast, maak_csv([dossier(kenmerk="B1", aantal_gesprekken="0")]), door=cast.vp2,
                     eigenaar=cast.vp2).ok
    van_vp2 = Dossier.objects.get(eigenaar=cast.vp2)
    resultaat = _gesprekken(cast, [
        {"dossier": "B1", "datum": "2023-03-05"},
        {"dossier": van_vp2.kenmerk, "datum": "2023-03-05"},
        {"dossier": "BESTAAT-NIET", "datum": "2023-03-05"},
        {"dossier": "A1", "datum": "2023-03-05"},
    ])
    assert fouten(resultaat) == [(2, "dossier"), (3, "dossier"), (4, "dossier")]
    assert len({f.probleem for f in resultaat.fouten}) == 1  # the same words for "someone else's" and "none"
    assert not Gesprek.objects.exists()


def test_a_gesprek_before_the_first_contact_or_of_a_bad_duration_is_refused(cast, twee_dossiers):
    resultaat = _gesprekken(cast, [
        {"dossier": "A1", "datum": "2023-02-28", "duur_minuten": "30"},
        {"dossier": "A1", "datum": "2023-03-02", "duur_minuten": "601"},
        {"dossier": "A1", "datum": "2023-03-02", "vorm": "per brief"},
    ])
    assert fouten(resultaat) == [(2, "datum"), (3, "duur_minuten"), (4, "vorm")]
    assert "vóór het eerste contact" in resultaat.fouten[0].probleem
    assert not Gesprek.objects.exists()


def test_activiteiten_bring_their_hours_into_the_jaarverslag(cast):
    resultaat = _activiteiten(cast, [
        {"datum": "2024-02-01", "soort": "voorlichting", "uren": "1,5", "deelnemers": "40"},
        {"datum": "2024-03-01", "soort": "Training / workshop", "uren": "2.5", "deelnemers": ""},
        {"datum": "2024-04-01", "soort": "spreekuur", "uren": "3"},
    ])
    assert resultaat.ok and resultaat.aangemaakt == 3, [f.als_tekst() for f in resultaat.fouten]
    assert sorted(Activiteit.objects.values_list("soort", "uren", "deelnemers")) == [
        ("spreekuur", Decimal("3.0"), None), ("training", Decimal("2.5"), None), ("voorlichting", Decimal("1.5"), 40)]
    assert set(Activiteit.objects.values_list("eigenaar", "vp_extern", "omschrijving")) == {(cast.vp.pk, False, "")}
    assert AuditEntry.objects.filter(actie="activiteit_aangemaakt").count() == 3
    figures = compute_figures(cast.org, 2024, vandaag=datetime.date(2025, 3, 1))["vertrouwenspersonen"]
    assert figures["activiteiten_totaal"] == {"aantal": 3, "uren": 7.0}
    assert _activiteiten(cast, [{"datum": "2024-02-01", "soort": "voorlichting", "uren": "1,5",
                                 "deelnemers": "40"}]).aangemaakt == 0


def test_activity_hours_must_be_a_sensible_number(cast):
    resultaat = _activiteiten(cast, [
        {"datum": "2024-02-01", "soort": "voorlichting", "uren": "twee"},
        {"datum": "2024-02-01", "soort": "voorlichting", "uren": "0"},
        {"datum": "2024-02-01", "soort": "voorlichting", "uren": "1,25"},
        {"datum": "2024-02-01", "soort": "voorlichting", "uren": "101"},
        {"datum": "2024-02-01", "soort": "wandeling", "uren": "1"},
    ])
    assert fouten(resultaat) == [(2, "uren"), (3, "uren"), (4, "uren"), (5, "uren"), (6, "soort")]
    assert not Activiteit.objects.exists()


def test_an_external_vps_imported_activities_count_as_external(cast):
    assert _activiteiten(cast, [{"datum": "2024-02-01", "soort": "voorlichting", "uren": "1"}], user=cast.vp2).ok
    assert Activiteit.objects.get().vp_extern is True


def test_the_web_page_offers_the_vp_kinds_to_a_vp_only(cast, client_for):
    vp_page = client_for(cast.vp).get(reverse("uitwisseling:index")).content.decode()
    assert 'value="vp-gesprekken"' in vp_page and 'value="vp-activiteiten"' in vp_page
    co = client_for(cast.coordinator)
    assert 'value="vp-gesprekken"' not in co.get(reverse("uitwisseling:index")).content.decode()
    bestand = SimpleUploadedFile("a.csv", maak_csv([{"datum": "2024-02-01", "soort": "voorlichting", "uren": "1"}]))
    assert co.post(reverse("uitwisseling:importeren"), {"register": "vp-activiteiten", "bestand": bestand}
                   ).status_code == 403
    assert not Activiteit.objects.exists()


def _signalen(cast, rows, user=None):
    user = user or cast.vp
    return importeer(maak_csv(rows), organisatie=cast.org, register="vp-signalen", door=user, eigenaar=user)


def test_signalen_are_imported_per_date_and_recipient_and_counted_in_the_jaarverslag(cast):
    resultaat = _signalen(cast, [
        {"datum": "2024-02-01", "aan": "directie"},
        {"datum": "01-06-2024", "aan": "Ondernemingsraad"},
        {"datum": "2023-11-01", "aan": " HR "},
    ])
    assert resultaat.ok and resultaat.aangemaakt == 3, [f.als_tekst() for f in resultaat.fouten]
    assert sorted(Signaal.objects.values_list("datum", "aan", "eigenaar")) == [
        (datetime.date(2023, 11, 1), "hr", cast.vp.pk), (datetime.date(2024, 2, 1), "directie", cast.vp.pk),
        (datetime.date(2024, 6, 1), "or", cast.vp.pk)]
    # The theme is free text and a file carries none: a fixed text says where the signaal came from.
    assert {s.thema for s in Signaal.objects.all()} == {THEMA_IMPORT}
    figures = compute_figures(cast.org, 2024, vandaag=datetime.date(2025, 3, 1))["vertrouwenspersonen"]
    assert figures["aantal_signalen"] == 2
    # Imported twice: nothing new.
    assert _signalen(cast, [{"datum": "2024-02-01", "aan": "directie"}]).aangemaakt == 0
    assert Signaal.objects.count() == 3


def test_an_imported_signaal_equals_the_one_the_screens_make_from_the_same_facts(cast):
    assert _signalen(cast, [{"datum": "2024-02-01", "aan": "management"}]).ok
    geimporteerd = Signaal.objects.get()
    op_scherm = signaal_opslaan(organisatie=cast.org, door=cast.vp, datum=datetime.date(2024, 2, 1),
                                thema=THEMA_IMPORT, aan="management")
    velden = ("organisatie_id", "eigenaar_id", "vp_extern", "datum", "thema", "aan")
    assert [getattr(geimporteerd, v) for v in velden] == [getattr(op_scherm, v) for v in velden]
    audits = {s.pk: AuditEntry.objects.get(actie="signaal_aangemaakt", object_id=str(s.pk))
              for s in (geimporteerd, op_scherm)}
    assert audits[geimporteerd.pk].details["velden"] == audits[op_scherm.pk].details["velden"]
    assert audits[geimporteerd.pk].details["via"] == "import"


def test_a_bad_signaal_row_refuses_the_whole_file(cast):
    resultaat = _signalen(cast, [
        {"datum": "2024-02-01", "aan": "directie"},
        {"datum": "2024-02-30", "aan": "directie"},
        {"datum": "2024-03-01", "aan": "de buurman"},
        {"datum": "", "aan": "hr"},
    ])
    assert fouten(resultaat) == [(3, "datum"), (4, "aan"), (5, "datum")]
    assert "Toegestaan" in " ".join(f.als_tekst() for f in resultaat.fouten)
    assert not Signaal.objects.exists()


def test_signalen_can_only_be_imported_by_a_vp_into_their_own_records(cast, client_for):
    vp_page = client_for(cast.vp).get(reverse("uitwisseling:index")).content.decode()
    assert 'value="vp-signalen"' in vp_page
    bestand = SimpleUploadedFile("s.csv", maak_csv([{"datum": "2024-02-01", "aan": "directie"}]))
    assert client_for(cast.coordinator).post(reverse("uitwisseling:importeren"),
                                             {"register": "vp-signalen", "bestand": bestand}).status_code == 403
    assert not Signaal.objects.exists()
    assert _signalen(cast, [{"datum": "2024-02-01", "aan": "directie"}], user=cast.vp2).ok
    assert (Signaal.objects.get().eigenaar, Signaal.objects.get().vp_extern) == (cast.vp2, True)
