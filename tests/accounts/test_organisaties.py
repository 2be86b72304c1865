"""Organisations, units, category presets and the active-organisation switch."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import Organisatie, Organisatieonderdeel, Rol
from accounts.services import lidmaatschap_toevoegen
from taxonomie.models import Categorie, Soort


def test_organisatie_aanmaken_loads_vp_and_rijk_presets(db, capsys):
    call_command("organisatie_aanmaken", naam="Gemeente Testdorp", slug="testdorp", indeling="rijk",
                 onderdelen="Burgerzaken; Wijkteams ;Financiën")
    org = Organisatie.objects.get(slug="testdorp")
    assert sorted(org.onderdelen.values_list("naam", flat=True)) == ["Burgerzaken", "Financiën", "Wijkteams"]
    counts = {soort: Categorie.objects.van(org, soort).count() for soort in Soort.values}
    assert counts == {"vp_onderwerp": 13, "integriteit_onderwerp": 9, "bevinding": 7, "maatregel": 12}
    integriteit = Categorie.objects.get(organisatie=org, soort=Soort.VP_ONDERWERP, label="integriteit")
    assert sorted(integriteit.subcategorieen.values_list("label", flat=True)) == [
        "fraude", "misbruik van bevoegdheden of positie", "onverenigbare (neven)functies", "overig",
    ]
    assert "aangemaakt" in capsys.readouterr().out


def test_gedragscode_preset_replaces_the_rijksindeling(db):
    call_command("organisatie_aanmaken", naam="Gemeente Codestad", slug="codestad", indeling="gedragscode")
    labels = list(Categorie.objects.van(Organisatie.objects.get(slug="codestad"), Soort.INTEGRITEIT_ONDERWERP)
                  .values_list("label", flat=True))
    assert "omgaan met elkaar" in labels and "financiële schendingen" not in labels and len(labels) == 7


def test_organisatie_aanmaken_rejects_duplicates_with_a_clear_message(cast):
    with pytest.raises(CommandError, match="Organisatie niet aangemaakt"):
        call_command("organisatie_aanmaken", naam="Nog een", slug="voorbeeldstad", indeling="rijk")
    with pytest.raises(CommandError, match="twee keer"):
        call_command("organisatie_aanmaken", naam="Dubbel", slug="dubbel", indeling="rijk", onderdelen="A;A")


def test_categories_and_units_cannot_be_deleted(cast):
    categorie = Categorie.objects.filter(organisatie=cast.org).first()
    with pytest.raises(ProtectedError):
        categorie.delete()
    with pytest.raises(ProtectedError):
        Categorie.objects.filter(organisatie=cast.org).delete()
    with pytest.raises(ProtectedError):
        cast.org.onderdelen.first().delete()
    assert Categorie.objects.filter(pk=categorie.pk).exists()


def test_retired_category_stays_valid_for_its_past_years(cast):
    categorie = Categorie.objects.van(cast.org, Soort.VP_ONDERWERP).get(label="pesten")
    categorie.geldig_tot = datetime.date(2024, 6, 30)
    categorie.save()
    assert Categorie.objects.van(cast.org, Soort.VP_ONDERWERP).geldig_in_jaar(2024).filter(pk=categorie.pk).exists()
    assert not Categorie.objects.van(cast.org, Soort.VP_ONDERWERP).geldig_in_jaar(2025).filter(pk=categorie.pk).exists()
    assert not Categorie.objects.geldig_op(datetime.date(2024, 7, 1)).filter(pk=categorie.pk).exists()


def test_unit_end_date_before_start_is_refused(cast):
    from django.core.exceptions import ValidationError

    unit = Organisatieonderdeel(organisatie=cast.org, naam="X", geldig_van=datetime.date(2025, 1, 1),
                                geldig_tot=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        unit.full_clean()


def test_user_switches_between_organisations(cast, client_for):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    client = client_for(cast.vp2, cast.org)
    assert client.get(reverse("accounts:profiel")).context["actieve_organisatie"] == cast.org
    client.post(reverse("accounts:switch_organisation"), {"organisatie": cast.other_org.pk})
    assert client.get(reverse("accounts:profiel")).context["actieve_organisatie"] == cast.other_org


def test_user_cannot_switch_to_an_organisation_without_a_role(cast, client_for):
    client = client_for(cast.vp)
    client.post(reverse("accounts:switch_organisation"), {"organisatie": cast.other_org.pk})
    assert client.get(reverse("accounts:profiel")).context["actieve_organisatie"] == cast.org


def test_revoked_role_no_longer_counts(cast, client_for):
    from accounts.models import Lidmaatschap
    from accounts.services import lidmaatschap_intrekken

    client = client_for(cast.lezer)
    lidmaatschap_intrekken(lidmaatschap=Lidmaatschap.objects.get(gebruiker=cast.lezer))
    response = client.get(reverse("accounts:profiel"))
    assert response.context["actieve_organisatie"] is None
