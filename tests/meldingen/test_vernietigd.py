"""A destroyed melding keeps only its statistical facts: every service that writes to it, or under it, refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.audit import AuditEntry
from meldingen import services
from meldingen.models import (
    Betrokkene,
    Bijlage,
    Feitenonderzoek,
    FeitenonderzoekUserObjectPermission,
    InternTraject,
    LogboekRegel,
    Maatregel,
    Melding,
    Status,
    StatusWijziging,
    Termijn,
)
from taxonomie.models import Soort
from tests.meldingen.factories import MeldingFactory, categorie, onderzoek


@pytest.fixture
def vernietigd(cast):
    """A melding with everything under it, loaded *before* the daily run destroyed it (stale copies)."""
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator,
                             ontvangen_op=timezone.localdate() - datetime.timedelta(days=3))
    betrokkene = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="medewerker")
    traject = services.traject_create(melding=melding, door=cast.coordinator, startdatum=melding.ontvangen_op)
    fo = onderzoek(melding, cast.coordinator, startdatum=melding.ontvangen_op)
    termijn = melding.termijnen.get()  # the ontvangstbevestiging (Wbk, spoor integriteit)
    betrokkene = Betrokkene.objects.select_related("melding").get(pk=betrokkene.pk)
    traject = InternTraject.objects.select_related("melding").get(pk=traject.pk)
    fo = Feitenonderzoek.objects.select_related("melding__organisatie").get(pk=fo.pk)
    termijn = Termijn.objects.select_related("melding").get(pk=termijn.pk)
    melding = Melding.objects.get(pk=melding.pk)
    Melding.objects.filter(pk=melding.pk).update(vernietigd_op=timezone.now())
    return {"melding": melding, "betrokkene": betrokkene, "traject": traject, "onderzoek": fo, "termijn": termijn}


def _snapshot(melding_pk):
    def rows(model, **filters):
        return sorted(model.objects.filter(**filters).values(), key=lambda r: r["id"])

    return {
        "melding": rows(Melding, pk=melding_pk),
        "betrokkenen": rows(Betrokkene, melding_id=melding_pk),
        "maatregelen": rows(Maatregel, betrokkene__melding_id=melding_pk),
        "trajecten": rows(InternTraject, melding_id=melding_pk),
        "onderzoeken": rows(Feitenonderzoek, melding_id=melding_pk),
        "termijnen": rows(Termijn, melding_id=melding_pk),
        "logboek": rows(LogboekRegel, melding_id=melding_pk),
        "bijlagen": rows(Bijlage, melding_id=melding_pk),
        "statuswijzigingen": rows(StatusWijziging, melding_id=melding_pk),
        "grants": rows(FeitenonderzoekUserObjectPermission, content_object__melding_id=melding_pk),
        "audit": AuditEntry.objects.count(),
    }


CALLS = {
    "melding_update": lambda c, o: services.melding_update(
        melding=o["melding"], door=c.coordinator, versie=o["melding"].versie, omschrijving="nieuw"),
    "melding_change_status": lambda c, o: services.melding_change_status(
        melding=o["melding"], naar=Status.IN_BEHANDELING, door=c.coordinator, versie=o["melding"].versie),
    "termijn_voldaan": lambda c, o: services.termijn_voldaan(
        termijn=o["termijn"], voldaan_op=timezone.localdate(), door=c.coordinator),
    "logboek_add": lambda c, o: services.logboek_add(melding=o["melding"], door=c.coordinator, notitie="notitie"),
    "betrokkene_add": lambda c, o: services.betrokkene_add(
        melding=o["melding"], door=c.coordinator, functiecategorie="leidinggevende"),
    "betrokkene_update": lambda c, o: services.betrokkene_update(
        betrokkene=o["betrokkene"], door=c.coordinator, functiecategorie="leidinggevende",
        bevinding=categorie(c.org, Soort.BEVINDING)),
    "maatregel_add": lambda c, o: services.maatregel_add(
        betrokkene=o["betrokkene"], door=c.coordinator, soort=categorie(c.org, Soort.MAATREGEL),
        besloten_op=timezone.localdate()),
    "traject_create": lambda c, o: services.traject_create(
        melding=o["melding"], door=c.coordinator, startdatum=timezone.localdate()),
    "traject_update": lambda c, o: services.traject_update(
        traject=o["traject"], door=c.coordinator, startdatum=o["traject"].startdatum,
        einddatum=timezone.localdate(), resultaat="overeenstemming"),
    "onderzoek_create": lambda c, o: onderzoek(o["melding"], c.coordinator, startdatum=timezone.localdate()),
    "onderzoek_update": lambda c, o: services.onderzoek_update(
        onderzoek=o["onderzoek"], door=c.coordinator, versie=o["onderzoek"].versie, conclusie="gegrond"),
    "onderzoek_assign": lambda c, o: services.onderzoek_assign(
        onderzoek=o["onderzoek"], onderzoeker=c.onderzoeker, door=c.coordinator),
    "bijlage_add": lambda c, o: services.bijlage_add(
        melding=o["melding"], door=c.coordinator, bestand=SimpleUploadedFile("notitie.txt", b"tekst")),
}


@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_writing_service_refuses_a_destroyed_melding_and_writes_nothing(cast, vernietigd, service):
    voor = _snapshot(vernietigd["melding"].pk)
    with pytest.raises(ValidationError) as refused:
        CALLS[service](cast, vernietigd)
    assert refused.value.messages == ["Dit is al vernietigd."]
    assert _snapshot(vernietigd["melding"].pk) == voor


def test_the_calls_above_do_write_on_a_melding_that_is_not_destroyed(cast, vernietigd):
    """The refusal is the destruction's doing: the same calls succeed once it is undone."""
    Melding.objects.filter(pk=vernietigd["melding"].pk).update(vernietigd_op=None)
    for service, call in CALLS.items():
        if service in {"melding_update", "melding_change_status"}:
            vernietigd["melding"] = Melding.objects.get(pk=vernietigd["melding"].pk)
        voor = _snapshot(vernietigd["melding"].pk)
        call(cast, vernietigd)
        assert _snapshot(vernietigd["melding"].pk) != voor, service


def test_the_logboek_form_on_a_destroyed_melding_shows_the_refusal(cast, client_for, vernietigd):
    from django.urls import reverse

    response = client_for(cast.coordinator).post(
        reverse("meldingen:logboek", args=[vernietigd["melding"].pk]), {"notitie": "nog iets"}, follow=True)
    assert response.status_code == 200
    assert "Dit is al vernietigd." in response.content.decode()
    assert not LogboekRegel.objects.filter(melding=vernietigd["melding"]).exists()
