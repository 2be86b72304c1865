"""The beheerder reads the audit log: its details carry no case reference (kenmerk, pseudonym), only ids."""

import json

from accounts.audit import AuditEntry
from meldingen import services
from tests.meldingen.factories import MeldingFactory


def test_creating_a_melding_and_a_betrokkene_audits_ids_not_kenmerk_or_pseudonym(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    betrokkene = services.betrokkene_add(melding=melding, door=cast.coordinator, functiecategorie="medewerker")
    aangemaakt = AuditEntry.objects.get(actie="melding_aangemaakt", object_id=str(melding.pk))
    toegevoegd = AuditEntry.objects.get(actie="betrokkene_toegevoegd", object_id=str(melding.pk))
    assert "kenmerk" not in aangemaakt.details and "pseudoniem" not in toegevoegd.details
    assert toegevoegd.details["betrokkene_id"] == betrokkene.pk
    for entry in (aangemaakt, toegevoegd):
        text = json.dumps(entry.details, ensure_ascii=False)
        assert melding.kenmerk not in text and betrokkene.pseudoniem not in text
