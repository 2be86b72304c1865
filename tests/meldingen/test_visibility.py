import pytest
from django.urls import reverse

from accounts.audit import AuditEntry
from accounts.services import lidmaatschap_intrekken
from meldingen import services
from meldingen.models import Feitenonderzoek
from meldingen.selectors import meldingen_visible_to, onderzoeken_visible_to
from tests.meldingen.factories import MeldingFactory, onderzoek


@pytest.mark.parametrize("role", ["vp", "vp2", "lezer", "beheerder", "onderzoeker", "outsider"])
def test_it_hides_melding_detail_from_everyone_but_coordinators(cast, client_for, melding, role):
    response = client_for(cast.roles()[role]).get(reverse("meldingen:detail", args=[melding.pk]))
    # accounts/access.py: no coordinator role here is a 403; a coordinator elsewhere (the outsider) finds no such
    # melding in the register they work in: 404.
    assert response.status_code == (404 if role == "outsider" else 403)
    assert b"Vermoeden van fraude" not in response.content


def test_it_shows_melding_detail_to_its_coordinator_and_audits_the_read(cast, client_for, melding):
    response = client_for(cast.coordinator).get(reverse("meldingen:detail", args=[melding.pk]))
    assert response.status_code == 200
    assert "Vermoeden van fraude" in response.content.decode()
    assert AuditEntry.objects.filter(actie="melding_gelezen", object_id=str(melding.pk),
                                     gebruiker_id=cast.coordinator.pk).exists()


def test_it_gives_a_coordinator_of_another_organisation_a_404(cast, client_for, melding):
    # The outsider is coordinator in Anderstad; the melding of Voorbeeldstad does not exist for them.
    response = client_for(cast.outsider).get(reverse("meldingen:detail", args=[melding.pk]))
    assert response.status_code == 404


def test_it_keeps_other_organisations_out_of_the_list(cast, client_for, melding, other_melding):
    response = client_for(cast.outsider).get(reverse("meldingen:lijst"))
    kenmerken = [m.pk for m in response.context["page_obj"].object_list]
    assert kenmerken == [other_melding.pk]


def test_selectors_give_nothing_to_vp_lezer_and_beheerder(cast, melding):
    o = onderzoek(melding, cast.coordinator)
    for user in (cast.vp, cast.vp2, cast.lezer, cast.beheerder, cast.outsider):
        assert not meldingen_visible_to(user, cast.org).exists()
        assert not onderzoeken_visible_to(user, cast.org).exists()
    assert list(onderzoeken_visible_to(cast.coordinator, cast.org)) == [o]


def test_it_shows_an_onderzoeker_only_the_investigation_assigned_to_them(cast, client_for, melding):
    assigned = onderzoek(melding, cast.coordinator)
    second = MeldingFactory(organisatie=cast.org, door=cast.coordinator, omschrijving="Andere zaak over lekken")
    not_assigned = onderzoek(second, cast.coordinator)
    services.onderzoek_assign(onderzoek=assigned, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    client = client_for(cast.onderzoeker)

    listing = client.get(reverse("meldingen:onderzoeken"))
    assert [o.pk for o in listing.context["lopend"]] == [assigned.pk]
    assert not listing.context["page_obj"].object_list
    own = client.get(reverse("meldingen:onderzoek_detail", args=[assigned.pk]))
    assert own.status_code == 200
    assert "Vermoeden van fraude" in own.content.decode()  # the description, read-only
    assert client.get(reverse("meldingen:onderzoek_detail", args=[not_assigned.pk])).status_code == 404
    assert client.get(reverse("meldingen:detail", args=[melding.pk])).status_code == 403  # not a coordinator


def test_it_never_shows_the_melder_identity_to_an_onderzoeker(cast, client_for, melding):
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    page = client_for(cast.onderzoeker).get(reverse("meldingen:onderzoek_detail", args=[o.pk]))
    assert "Melder X" not in page.content.decode()
    assert client_for(cast.onderzoeker).post(reverse("meldingen:identiteit", args=[melding.pk])).status_code in (
        403, 404)


def test_it_ends_access_when_the_assignment_is_revoked_and_audits_both(cast, client_for, melding):
    o = onderzoek(melding, cast.coordinator)
    coordinator = client_for(cast.coordinator)
    coordinator.post(reverse("meldingen:onderzoek_toewijzen", args=[o.pk]), {"onderzoeker": cast.onderzoeker.pk})
    assert client_for(cast.onderzoeker).get(reverse("meldingen:onderzoek_detail", args=[o.pk])).status_code == 200
    coordinator.post(reverse("meldingen:onderzoek_intrekken", args=[o.pk, cast.onderzoeker.pk]))
    assert client_for(cast.onderzoeker).get(reverse("meldingen:onderzoek_detail", args=[o.pk])).status_code == 404
    acties = list(AuditEntry.objects.filter(object_id=str(o.pk), objecttype="meldingen.feitenonderzoek")
                  .order_by("id").values_list("actie", flat=True))
    assert "onderzoeker_toegewezen" in acties and "onderzoeker_ingetrokken" in acties


def test_it_ends_access_when_the_onderzoeker_role_is_revoked(cast, client_for, melding):
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    lidmaatschap_intrekken(lidmaatschap=cast.onderzoeker.lidmaatschappen.get(organisatie=cast.org))
    assert not onderzoeken_visible_to(cast.onderzoeker, cast.org).filter(pk=o.pk).exists()


def test_it_refuses_to_assign_someone_without_the_onderzoeker_role(cast, melding):
    from django.core.exceptions import ValidationError

    o = onderzoek(melding, cast.coordinator)
    with pytest.raises(ValidationError):
        services.onderzoek_assign(onderzoek=o, onderzoeker=cast.vp, door=cast.coordinator)
    assert not Feitenonderzoek.objects.filter(toewijzingen__user=cast.vp).exists()


def test_it_lets_the_onderzoeker_record_progress_but_not_the_assignment_fields(cast, client_for, melding):
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    client = client_for(cast.onderzoeker)
    response = client.post(reverse("meldingen:onderzoek_bewerken", args=[o.pk]), {
        "versie": o.versie, "einddatum": o.startdatum.isoformat(), "hoor_en_wederhoor": "on",
        "conclusie": "Conclusie van onderzoeker", "opdrachtgever": "Iemand anders",
    })
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.hoor_en_wederhoor and o.conclusie == "Conclusie van onderzoeker"
    assert o.opdrachtgever == "Directeur Bedrijfsvoering"
    assert client.post(reverse("meldingen:onderzoek_toewijzen", args=[o.pk]),
                       {"onderzoeker": cast.onderzoeker.pk}).status_code == 403


def test_it_shows_the_identity_only_on_a_separate_audited_click(cast, client_for, melding):
    client = client_for(cast.coordinator)
    detail = client.get(reverse("meldingen:detail", args=[melding.pk])).content.decode()
    listing = client.get(reverse("meldingen:lijst")).content.decode()
    edit = client.get(reverse("meldingen:bewerken", args=[melding.pk])).content.decode()
    for page in (detail, listing, edit):
        assert "Melder X" not in page
    assert not AuditEntry.objects.filter(actie="melder_identiteit_getoond").exists()
    shown = client.post(reverse("meldingen:identiteit", args=[melding.pk]))
    assert "Melder X, afdeling Y" in shown.content.decode()
    assert AuditEntry.objects.filter(actie="melder_identiteit_getoond", object_id=str(melding.pk),
                                     gebruiker_id=cast.coordinator.pk).count() == 1


def test_it_answers_get_on_the_identity_url_with_405(cast, client_for, melding):
    assert client_for(cast.coordinator).get(reverse("meldingen:identiteit", args=[melding.pk])).status_code == 405


def test_nav_shows_register_to_coordinator_and_mijn_onderzoeken_to_onderzoeker(cast, client_for):
    home_c = client_for(cast.coordinator).get("/", follow=True).content.decode()
    home_o = client_for(cast.onderzoeker).get("/", follow=True).content.decode()
    home_vp = client_for(cast.vp).get("/", follow=True).content.decode()
    assert reverse("meldingen:dashboard") in home_c and "Mijn onderzoeken" not in home_c
    assert "Mijn onderzoeken" in home_o and 'href="/meldingen/"' not in home_o
    assert 'href="/meldingen/"' not in home_vp and "Mijn onderzoeken" not in home_vp


def test_revoking_answers_404_alike_for_a_user_of_another_organisation_and_an_unknown_id(cast, client_for, melding):
    from accounts.models import User

    o = onderzoek(melding, cast.coordinator)
    coordinator = client_for(cast.coordinator)
    assert not cast.outsider.lidmaatschappen.filter(organisatie=cast.org).exists()
    onbekend = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    for user_pk in (cast.outsider.pk, onbekend):
        response = coordinator.post(reverse("meldingen:onderzoek_intrekken", args=[o.pk, user_pk]))
        assert response.status_code == 404
    # Someone of the organisation, also after their role ended, is looked up as before.
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    lidmaatschap_intrekken(lidmaatschap=cast.onderzoeker.lidmaatschappen.get(organisatie=cast.org))
    response = coordinator.post(reverse("meldingen:onderzoek_intrekken", args=[o.pk, cast.onderzoeker.pk]))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(actie="onderzoeker_ingetrokken", object_id=str(o.pk)).exists()
