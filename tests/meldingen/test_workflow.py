import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.audit import AuditEntry
from meldingen import services, workflow
from meldingen.models import Beoordeling, Melding, Status, StatusWijziging
from tests.meldingen.factories import onderzoek


def _to(melding, naar, door, reden=""):
    melding.refresh_from_db()
    return services.melding_change_status(melding=melding, naar=naar, door=door, versie=melding.versie, reden=reden)


def test_it_starts_a_melding_as_ontvangen_with_history_pointer(cast, melding):
    assert melding.status == Status.ONTVANGEN
    assert melding.huidige_wijziging.naar_status == Status.ONTVANGEN
    assert melding.statuswijzigingen.count() == 1


def test_it_walks_the_full_path_to_afgehandeld_and_reopens(cast, melding):
    c = cast.coordinator
    _to(melding, Status.IN_BEHANDELING, c)
    o = onderzoek(melding, c)
    _to(melding, Status.FEITENONDERZOEK, c)
    services.onderzoek_update(onderzoek=o, door=c, versie=o.versie, einddatum=o.startdatum + datetime.timedelta(30))
    _to(melding, Status.BESLUITVORMING, c)
    melding.refresh_from_db()
    services.melding_update(melding=melding, door=c, versie=melding.versie, beoordeling=Beoordeling.FEITENONDERZOEK)
    _to(melding, Status.AFGEHANDELD, c, reden="Besluit genomen")
    melding.refresh_from_db()
    assert melding.status == Status.AFGEHANDELD and melding.afgehandeld_op is not None
    _to(melding, Status.HEROPEND, c, reden="Nieuwe feiten")
    melding.refresh_from_db()
    assert melding.status == Status.HEROPEND and melding.afgehandeld_op is None
    assert list(melding.statuswijzigingen.values_list("naar_status", flat=True)) == [
        "ontvangen", "in_behandeling", "feitenonderzoek", "besluitvorming", "afgehandeld", "heropend",
    ]
    assert melding.huidige_wijziging.naar_status == Status.HEROPEND


def test_it_refuses_to_skip_from_ontvangen_to_afgehandeld(cast, melding):
    with pytest.raises(workflow.TransitionError):
        _to(melding, Status.AFGEHANDELD, cast.coordinator, reden="x")
    melding.refresh_from_db()
    assert melding.status == Status.ONTVANGEN


@pytest.mark.parametrize("naar", [Status.AFGEHANDELD, Status.HEROPEND])
def test_it_requires_a_reason_to_close_and_to_reopen(cast, melding, naar):
    c = cast.coordinator
    _to(melding, Status.IN_BEHANDELING, c)
    melding.refresh_from_db()
    services.melding_update(melding=melding, door=c, versie=melding.versie, beoordeling=Beoordeling.IN_DE_LIJN)
    if naar == Status.HEROPEND:
        _to(melding, Status.AFGEHANDELD, c, reden="Opgepakt in de lijn")
    with pytest.raises(workflow.TransitionError, match="reden"):
        _to(melding, naar, c, reden="   ")


def test_it_requires_an_onderzoek_before_status_feitenonderzoek(cast, melding):
    _to(melding, Status.IN_BEHANDELING, cast.coordinator)
    with pytest.raises(workflow.TransitionError, match="feitenonderzoek"):
        _to(melding, Status.FEITENONDERZOEK, cast.coordinator)


def test_it_requires_a_finished_onderzoek_before_besluitvorming(cast, melding):
    _to(melding, Status.IN_BEHANDELING, cast.coordinator)
    onderzoek(melding, cast.coordinator)
    _to(melding, Status.FEITENONDERZOEK, cast.coordinator)
    with pytest.raises(workflow.TransitionError, match="einddatum"):
        _to(melding, Status.BESLUITVORMING, cast.coordinator)


def test_it_requires_a_beoordeling_before_closing(cast, melding):
    _to(melding, Status.IN_BEHANDELING, cast.coordinator)
    with pytest.raises(workflow.TransitionError, match="beoordeling"):
        _to(melding, Status.AFGEHANDELD, cast.coordinator, reden="klaar")


def test_it_audits_every_transition_without_the_reason_text(cast, melding):
    c = cast.coordinator
    _to(melding, Status.IN_BEHANDELING, c)
    melding.refresh_from_db()
    services.melding_update(melding=melding, door=c, versie=melding.versie, beoordeling=Beoordeling.IN_DE_LIJN)
    _to(melding, Status.AFGEHANDELD, c, reden="Geheime overweging over persoon Q")
    entries = AuditEntry.objects.filter(actie="melding_status_gewijzigd", object_id=str(melding.pk)).order_by("id")
    assert [(e.details["van"], e.details["naar"]) for e in entries] == [
        ("ontvangen", "in_behandeling"), ("in_behandeling", "afgehandeld"),
    ]
    assert "Geheime overweging" not in str(list(AuditEntry.objects.values_list("details", flat=True)))


def test_it_keeps_the_status_history_append_only(cast, melding):
    row = melding.statuswijzigingen.get()
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        StatusWijziging.objects.filter(pk=row.pk).update(naar_status="afgehandeld")
    with pytest.raises(PermissionError):
        row.delete()


def test_it_refuses_a_stale_status_change_from_a_second_coordinator(cast, melding):
    stale_versie = melding.versie
    _to(melding, Status.IN_BEHANDELING, cast.coordinator)
    with pytest.raises(services.VerouderdeVersie, match="Iemand anders heeft deze melding intussen gewijzigd"):
        services.melding_change_status(melding=melding, naar=Status.IN_BEHANDELING, door=cast.coordinator,
                                       versie=stale_versie)


def test_it_refuses_a_stale_edit_instead_of_overwriting(cast, melding):
    versie = melding.versie
    services.melding_update(melding=melding, door=cast.coordinator, versie=versie, kanaal="meldpunt")
    with pytest.raises(ValidationError, match="Iemand anders"):
        services.melding_update(melding=melding, door=cast.coordinator, versie=versie, kanaal="anoniem")
    melding.refresh_from_db()
    assert melding.kanaal == "meldpunt"


def test_it_numbers_betrokkenen_as_pseudonyms(cast, melding):
    b1 = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="medewerker")
    b2 = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="onbekend")
    assert (b1.pseudoniem, b2.pseudoniem) == ("B1", "B2")


def test_it_refuses_a_maatregel_from_another_organisation(cast, melding):
    from taxonomie.models import Categorie, Soort

    b1 = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="medewerker")
    foreign = Categorie.objects.van(cast.other_org, Soort.MAATREGEL).first()
    with pytest.raises(ValidationError):
        services.maatregel_add(betrokkene=b1, door=cast.coordinator, soort=foreign, besloten_op=melding.ontvangen_op)


# --- every writer of a history row passes the transition check (workflow.py, "Imported history") ---------------


def _rij(melding, van, naar, bron="app"):
    from django.utils import timezone

    return StatusWijziging(melding=melding, van_status=van, naar_status=naar, bron=bron, tijdstip=timezone.now())


@pytest.mark.parametrize("schrijf", ["save", "bulk_create"])
def test_a_history_row_that_skips_a_step_is_refused_by_every_writer(cast, melding, schrijf):
    rij = _rij(melding, Status.ONTVANGEN, Status.AFGEHANDELD)
    with pytest.raises(ValidationError):
        rij.save() if schrijf == "save" else StatusWijziging.objects.bulk_create([rij])
    assert melding.statuswijzigingen.count() == 1


def test_an_imported_history_row_goes_from_ontvangen_only(cast, melding):
    workflow.check_history_row(Status.ONTVANGEN, Status.AFGEHANDELD, "import")
    workflow.check_history_row(Status.ONTVANGEN, Status.FEITENONDERZOEK, "import")
    for van, naar in ((Status.IN_BEHANDELING, Status.AFGEHANDELD), (Status.ONTVANGEN, Status.ONTVANGEN),
                      ("", Status.AFGEHANDELD)):
        with pytest.raises(workflow.TransitionError):
            workflow.check_history_row(van, naar, "import")
    with pytest.raises(ValidationError):
        StatusWijziging.objects.bulk_create([_rij(melding, Status.IN_BEHANDELING, Status.AFGEHANDELD, "import")])


def test_a_history_always_starts_with_ontvangen(cast, melding):
    with pytest.raises(workflow.TransitionError):
        workflow.check_history_row("", Status.IN_BEHANDELING)


def test_an_imported_closed_melding_follows_the_ordinary_rules_afterwards(cast):
    from tests.uitwisseling.conftest import integriteit, maak_csv
    from tests.uitwisseling.conftest import melding as rij

    integriteit(cast, maak_csv([rij(datum_afgehandeld="2023-06-01")]))
    imported = Melding.objects.get()
    assert imported.status == Status.AFGEHANDELD and imported.beoordeling == ""
    _to(imported, Status.HEROPEND, cast.coordinator, reden="Nieuwe feiten")
    imported.refresh_from_db()
    assert imported.status == Status.HEROPEND and imported.vernietigen_op is None
    # Closing it again needs what the workflow asks of anyone closing a melding in this register.
    _to(imported, Status.IN_BEHANDELING, cast.coordinator)
    with pytest.raises(workflow.TransitionError, match="beoordeling"):
        _to(imported, Status.AFGEHANDELD, cast.coordinator, reden="Klaar")
