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


# --- Choosing the organisation at login (issue 17 §1) ------------------------------------------------------------


def _logged_in_without_choice(client, user):
    """A session right after password and 2FA: no organisation chosen yet."""
    from accounts.organisation import SESSION_KEY
    from tests.conftest import login

    login(client, user)
    session = client.session
    session.pop(SESSION_KEY, None)
    session.save()
    return client


def test_someone_with_two_organisations_must_choose_before_any_page(cast, client):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    _logged_in_without_choice(client, cast.vp2)
    dossiers = reverse("vertrouwenspersonen:dossiers")
    response = client.get(dossiers)
    assert response.status_code == 302
    kiezen = reverse("accounts:organisatie_kiezen")
    assert response["Location"] == f"{kiezen}?next={dossiers.replace('/', '%2F')}"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "In welke organisatie werkt u nu?" in html
    assert cast.org.naam in html and cast.other_org.naam in html and "Vertrouwenspersoon (extern)" in html
    # Nothing of either organisation is shown before the choice: the page lists no dossier.
    assert page.context["actieve_organisatie"] is None
    chosen = client.post(reverse("accounts:switch_organisation"), {"organisatie": cast.other_org.pk, "next": dossiers})
    assert chosen.status_code == 302 and chosen["Location"] == dossiers
    assert client.get(dossiers).context["actieve_organisatie"] == cast.other_org
    cast.vp2.refresh_from_db()
    assert cast.vp2.laatste_organisatie == cast.other_org


def test_the_last_organisation_is_preselected_at_the_next_login(cast, client):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    cast.vp2.laatste_organisatie = cast.other_org
    cast.vp2.save()
    _logged_in_without_choice(client, cast.vp2)
    html = client.get(reverse("accounts:organisatie_kiezen")).content.decode()
    assert f'id="org-{cast.other_org.pk}" value="{cast.other_org.pk}" checked' in html
    assert f'id="org-{cast.org.pk}" value="{cast.org.pk}" required' in html


def test_a_choice_outside_ones_organisations_is_refused(cast, client):
    from accounts.models import Organisatie

    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    derde = Organisatie.objects.create(naam="Gemeente Derde", slug="derde")
    _logged_in_without_choice(client, cast.vp2)
    response = client.post(reverse("accounts:switch_organisation"), {"organisatie": derde.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:organisatie_kiezen")
    assert "U heeft geen rol in die organisatie." in response.content.decode()
    assert response.context["actieve_organisatie"] is None
    cast.vp2.refresh_from_db()
    assert cast.vp2.laatste_organisatie is None


def test_someone_with_one_organisation_is_not_asked(cast, client):
    _logged_in_without_choice(client, cast.vp)
    response = client.get(reverse("vertrouwenspersonen:dossiers"))
    assert response.status_code == 200 and response.context["actieve_organisatie"] == cast.org
    assert client.get(reverse("accounts:organisatie_kiezen"))["Location"] == reverse("home")


def test_profile_and_logout_work_before_the_choice(cast, client):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    _logged_in_without_choice(client, cast.vp2)
    assert client.get(reverse("accounts:profiel")).status_code == 200
    assert client.get(reverse("accounts:roluitnodigingen")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:profiel")).status_code == 302


def test_every_page_names_the_active_organisation(cast, client_for):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    client = client_for(cast.vp2, cast.other_org)
    for name in ("vertrouwenspersonen:dashboard", "vertrouwenspersonen:dossier_nieuw", "vertrouwenspersonen:signaal_nieuw"):
        html = client.get(reverse(name)).content.decode()
        assert '<label for="organisatiekeuze" class="small text-nowrap mb-0">Organisatie:</label>' in html, name
        assert f'<option value="{cast.other_org.pk}" selected>{cast.other_org.naam}</option>' in html, name
    form = client.get(reverse("vertrouwenspersonen:dossier_nieuw")).content.decode()
    assert f'organisatie-regel">Organisatie: <strong>{cast.other_org.naam}</strong>' in form
    single = client_for(cast.vp).get(reverse("vertrouwenspersonen:dashboard")).content.decode()
    assert f"Organisatie: <strong>{cast.org.naam}</strong>" in single
