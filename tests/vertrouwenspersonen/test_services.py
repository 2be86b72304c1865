import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.audit import AuditEntry
from accounts.models import Organisatieonderdeel
from accounts.services import lidmaatschap_toevoegen
from taxonomie.models import Categorie
from tests.vertrouwenspersonen.factories import make_dossier, onderdeel_van, onderwerpen_van
from vertrouwenspersonen import services
from vertrouwenspersonen.models import DossierHulpvraag, DossierUserObjectPermission, Gesprek, Status

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_it_registers_a_first_contact_with_its_lists(cast):
    dossier = make_dossier(cast, hulpvragen=["informatie", "bemiddeling"], vervolgen=["klacht"])
    assert dossier.eigenaar == cast.vp
    assert dossier.status == Status.OPEN
    assert dossier.onderwerpen.count() == 2
    assert sorted(dossier.hulpvragen.values_list("waarde", flat=True)) == ["bemiddeling", "informatie"]
    assert list(dossier.vervolgen.values_list("waarde", flat=True)) == ["klacht"]
    assert list(dossier.verwijzingen.values_list("waarde", flat=True)) == ["bedrijfsarts"]


def test_it_snapshots_intern_or_extern_from_the_membership(cast):
    intern = make_dossier(cast, eigenaar=cast.vp)
    extern = make_dossier(cast, eigenaar=cast.vp2)
    # A later change of the membership does not rewrite history.
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.org, rol="vertrouwenspersoon", extern=False)
    extern.refresh_from_db()
    assert intern.vp_extern is False
    assert extern.vp_extern is True


def test_it_refuses_an_owner_who_is_not_a_vp_here(cast):
    with pytest.raises(PermissionDenied):
        make_dossier(cast, eigenaar=cast.coordinator)
    with pytest.raises(PermissionDenied):
        make_dossier(cast, eigenaar=cast.outsider)


def test_it_refuses_a_topic_of_another_organisation(cast):
    with pytest.raises(ValidationError) as exc:
        make_dossier(cast, onderwerpen=onderwerpen_van(cast.other_org))
    assert "onderwerpen" in exc.value.error_dict


def test_it_refuses_a_topic_that_is_not_a_vp_topic(cast):
    integriteit = Categorie.objects.van(cast.org, "integriteit_onderwerp").first()
    with pytest.raises(ValidationError):
        make_dossier(cast, onderwerpen=[integriteit])


def test_it_refuses_a_topic_not_valid_on_the_contact_date(cast):
    retired = onderwerpen_van(cast.org)[0]
    Categorie.objects.filter(pk=retired.pk).update(geldig_tot=TODAY() - datetime.timedelta(days=30))
    retired.refresh_from_db()
    with pytest.raises(ValidationError):
        make_dossier(cast, onderwerpen=[retired], eerste_contact=TODAY())
    # ...but a contact from before the retirement may still use it.
    dossier = make_dossier(cast, onderwerpen=[retired], eerste_contact=TODAY() - datetime.timedelta(days=60))
    assert list(dossier.onderwerpen.all()) == [retired]


def test_it_requires_at_least_one_topic(cast):
    with pytest.raises(ValidationError):
        make_dossier(cast, onderwerpen=[])


def test_it_refuses_a_unit_of_another_organisation(cast):
    with pytest.raises(ValidationError) as exc:
        make_dossier(cast, onderdeel=onderdeel_van(cast.other_org))
    assert "onderdeel" in exc.value.error_dict


def test_it_refuses_a_unit_that_did_not_exist_yet(cast):
    nieuw = Organisatieonderdeel.objects.create(organisatie=cast.org, naam="Nieuw", geldig_van=TODAY())
    with pytest.raises(ValidationError):
        make_dossier(cast, onderdeel=nieuw, eerste_contact=TODAY() - datetime.timedelta(days=5))


def test_it_updates_only_what_changed_and_audits_field_names(cast):
    dossier = make_dossier(cast, notitie="Eerste versie van de notitie")
    services.dossier_update(
        dossier=dossier,
        door=cast.vp,
        verzuim="ja",
        hulpvragen=["bemiddeling"],
        notitie="Geheime tweede versie",
    )
    entry = AuditEntry.objects.filter(actie="dossier_gewijzigd").get()
    assert sorted(entry.details["velden"]) == ["hulpvragen", "notitie", "verzuim"]
    assert "Geheime" not in str(entry.details)
    assert list(DossierHulpvraag.objects.filter(dossier=dossier).values_list("waarde", flat=True)) == [
        "bemiddeling"
    ]


def test_it_closes_with_a_date_and_reopens(cast):
    dossier = make_dossier(cast)
    services.dossier_afsluiten(dossier=dossier, datum=TODAY(), door=cast.vp, resultaat="bespreekbaar")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.afgesloten_op, dossier.resultaat) == (
        "afgesloten",
        TODAY(),
        "bespreekbaar",
    )
    services.dossier_heropenen(dossier=dossier, door=cast.vp)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.afgesloten_op) == ("open", None)
    acties = list(AuditEntry.objects.filter(object_id=str(dossier.pk)).values_list("actie", flat=True))
    assert {"dossier_afgesloten", "dossier_heropend"} <= set(acties)


def test_it_refuses_a_closing_date_before_first_contact_or_in_the_future(cast):
    dossier = make_dossier(cast)
    with pytest.raises(ValidationError):
        services.dossier_afsluiten(
            dossier=dossier, datum=dossier.eerste_contact - datetime.timedelta(days=1), door=cast.vp
        )
    with pytest.raises(ValidationError):
        services.dossier_afsluiten(dossier=dossier, datum=TODAY() + datetime.timedelta(days=1), door=cast.vp)


def test_it_encrypts_the_gesprek_note_in_the_database(cast):
    dossier = make_dossier(cast)
    gesprek = services.gesprek_create(
        dossier=dossier,
        door=cast.vp,
        datum=TODAY(),
        vorm="online",
        duur_minuten=30,
        notitie="Melder vertelde over de afdelingsborrel",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT notitie FROM {Gesprek._meta.db_table} WHERE id = %s", [gesprek.pk])  # noqa: S608
        (raw,) = cursor.fetchone()
    assert "afdelingsborrel" not in raw
    assert raw.startswith("enc1:")
    assert Gesprek.objects.get(pk=gesprek.pk).notitie == "Melder vertelde over de afdelingsborrel"


def test_it_encrypts_the_dossier_note_in_the_database(cast):
    dossier = make_dossier(cast, notitie="Spanning in het team na de reorganisatie")
    with connection.cursor() as cursor:
        cursor.execute("SELECT notitie FROM vertrouwenspersonen_dossier WHERE id = %s", [dossier.pk])
        (raw,) = cursor.fetchone()
    assert "reorganisatie" not in raw


def test_it_never_writes_note_content_to_the_audit_log(cast):
    dossier = make_dossier(cast, notitie="Inhoud-die-geheim-blijft")
    services.gesprek_create(
        dossier=dossier, door=cast.vp, datum=TODAY(), vorm="fysiek", duur_minuten=60, notitie="Ook-geheim"
    )
    for details in AuditEntry.objects.values_list("details", flat=True):
        assert "geheim" not in str(details).lower()


def test_it_refuses_a_gesprek_on_a_closed_dossier(cast):
    dossier = make_dossier(cast)
    services.dossier_afsluiten(dossier=dossier, datum=TODAY(), door=cast.vp)
    with pytest.raises(ValidationError):
        services.gesprek_create(dossier=dossier, door=cast.vp, datum=TODAY(), vorm="fysiek", duur_minuten=60)


def test_it_refuses_a_gesprek_before_the_first_contact(cast):
    dossier = make_dossier(cast)
    with pytest.raises(ValidationError):
        services.gesprek_create(
            dossier=dossier,
            door=cast.vp,
            datum=dossier.eerste_contact - datetime.timedelta(1),
            vorm="fysiek",
            duur_minuten=60,
        )


def test_it_shares_with_another_vp_as_a_guardian_grant(cast):
    dossier = make_dossier(cast)
    grant = services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    assert grant.permission.codename == "bekijk_gedeeld_dossier"
    assert grant.content_object == dossier and grant.user == cast.vp2
    # Sharing again moves the end date instead of adding a second grant.
    services.dossier_delen(
        dossier=dossier, met=cast.vp2, geldig_tot=TODAY() + datetime.timedelta(7), door=cast.vp
    )
    assert DossierUserObjectPermission.objects.get().geldig_tot == TODAY() + datetime.timedelta(7)
    entry = AuditEntry.objects.filter(actie="dossier_gedeeld").first()
    assert entry.details["met_gebruiker_id"] == cast.vp2.pk


@pytest.mark.parametrize("who", ["coordinator", "lezer", "beheerder", "outsider", "vp"])
def test_it_refuses_to_share_with_anyone_but_another_vp_of_the_organisation(cast, who):
    dossier = make_dossier(cast)
    with pytest.raises(ValidationError):
        services.dossier_delen(dossier=dossier, met=getattr(cast, who), geldig_tot=TODAY(), door=cast.vp)
    assert not DossierUserObjectPermission.objects.exists()


def test_it_lets_only_the_owner_share(cast):
    dossier = make_dossier(cast)
    with pytest.raises(PermissionDenied):
        services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp2)


def test_it_refuses_a_share_end_date_in_the_past(cast):
    dossier = make_dossier(cast)
    with pytest.raises(ValidationError):
        services.dossier_delen(
            dossier=dossier, met=cast.vp2, geldig_tot=TODAY() - datetime.timedelta(1), door=cast.vp
        )


def test_it_revokes_a_share(cast):
    dossier = make_dossier(cast)
    grant = services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    with pytest.raises(PermissionDenied):
        services.dossier_delen_intrekken(grant=grant, door=cast.vp2)
    services.dossier_delen_intrekken(grant=grant, door=cast.vp)
    assert not DossierUserObjectPermission.objects.exists()
    assert AuditEntry.objects.filter(actie="dossier_delen_ingetrokken", object_id=str(dossier.pk)).exists()


def test_it_cleans_up_expired_grants_only(cast):
    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    assert services.verlopen_deelrechten_opruimen(today=TODAY()) == 0
    assert services.verlopen_deelrechten_opruimen(today=TODAY() + datetime.timedelta(1)) == 1
    assert not DossierUserObjectPermission.objects.exists()


def test_it_stores_activities_and_signals_for_the_vp_only(cast):
    activiteit = services.activiteit_opslaan(
        organisatie=cast.org,
        door=cast.vp2,
        soort="training",
        datum=TODAY(),
        uren=3,
        deelnemers=20,
        omschrijving="Training voor leidinggevenden",
    )
    assert activiteit.vp_extern is True
    with pytest.raises(PermissionDenied):
        services.activiteit_opslaan(
            organisatie=cast.org, door=cast.vp, soort="training", datum=TODAY(), uren=1, activiteit=activiteit
        )
    signaal = services.signaal_opslaan(
        organisatie=cast.org, door=cast.vp, datum=TODAY(), thema="Werkdruk", aan="directie"
    )
    with pytest.raises(PermissionDenied):
        services.signaal_opslaan(
            organisatie=cast.org, door=cast.coordinator, datum=TODAY(), thema="x", aan="hr"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT thema FROM vertrouwenspersonen_signaal WHERE id = %s", [signaal.pk])
        assert "Werkdruk" not in cursor.fetchone()[0]


def test_it_refuses_activity_hours_out_of_range(cast):
    with pytest.raises(ValidationError):
        services.activiteit_opslaan(
            organisatie=cast.org, door=cast.vp, soort="training", datum=TODAY(), uren=0
        )


def test_it_stores_shares_in_guardians_direct_foreign_key_model(cast):
    from guardian.utils import get_user_obj_perms_model

    dossier = make_dossier(cast)
    assert get_user_obj_perms_model(dossier) is DossierUserObjectPermission
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    assert DossierUserObjectPermission.objects.filter(content_object_id=dossier.pk, user=cast.vp2).exists()


def test_the_cleanup_task_runs_the_service(cast, time_machine):
    from vertrouwenspersonen.tasks import deelrechten_opruimen

    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2), tick=False)
    assert deelrechten_opruimen.delay().get() == 1
    assert AuditEntry.objects.filter(actie="dossier_delen_verlopen", object_id=str(dossier.pk)).exists()


def test_the_audit_log_holds_no_dossier_topics_or_choices(cast):
    # The beheerder reads the audit log: it must not learn what a dossier, activity or signal is about.
    onderwerpen = onderwerpen_van(cast.org, 2)
    dossier = make_dossier(cast, soort_contact="melding", onderwerpen=onderwerpen)
    entry = AuditEntry.objects.get(actie="dossier_aangemaakt", object_id=str(dossier.pk))
    assert set(entry.details) == {"velden"}
    assert "onderwerpen" in entry.details["velden"] and "melding" not in str(entry.details)
    assert not any(str(c.pk) in str(entry.details) for c in onderwerpen)
    activiteit = services.activiteit_opslaan(
        organisatie=cast.org, door=cast.vp, soort="voorlichting", datum=TODAY(), uren=2
    )
    services.activiteit_opslaan(
        organisatie=cast.org, door=cast.vp, soort="training", datum=TODAY(), uren=2, activiteit=activiteit
    )
    signaal = services.signaal_opslaan(organisatie=cast.org, door=cast.vp, datum=TODAY(), thema="x", aan="directie")
    services.signaal_opslaan(
        organisatie=cast.org, door=cast.vp, datum=TODAY(), thema="x", aan="hr", signaal=signaal
    )
    details = [str(d) for d in AuditEntry.objects.filter(actie__regex=r"^(activiteit|signaal)_").values_list(
        "details", flat=True)]
    assert len(details) == 4
    assert not any(w in d for d in details for w in ("voorlichting", "training", "directie", "'hr'"))
    assert AuditEntry.objects.get(actie="activiteit_gewijzigd").details == {"velden": ["soort"]}
    assert AuditEntry.objects.get(actie="signaal_gewijzigd").details == {"velden": ["aan"]}
