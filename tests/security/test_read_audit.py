"""Every page that shows a case is an audited read: the detail pages, and the form pages, which show its content too.

Walks the URL matrix (tests/matrix/), so a new page of a melding, investigation or dossier is covered the day it
gets its matrix case.
"""

import pytest
from django.urls import reverse

from accounts.audit import AuditEntry
from tests.test_url_matrix import all_cases

CASE_TYPES = {"meldingen.melding", "meldingen.feitenonderzoek", "vertrouwenspersonen.dossier"}
# Pages of a case (they take the case's id). Activiteiten and signalen are not cases: no names, no dossier.
CASE_PAGES = ("meldingen:", "vertrouwenspersonen:dossier", "vertrouwenspersonen:gesprek", "bewaren:")
LIST_PAGES = {"meldingen:dashboard", "meldingen:lijst", "meldingen:nieuw", "meldingen:instellingen",
              "meldingen:onderzoeken", "vertrouwenspersonen:dossiers"}


def _case_pages(cast):
    for name, case in sorted(all_cases(cast).items()):
        if name.startswith(CASE_PAGES) and case.kwargs and not case.post_only and name not in LIST_PAGES:
            yield name, case


def test_every_get_of_a_case_page_writes_a_read_to_the_audit_log(cast, client_for):
    roles = cast.roles()
    checked = []
    for name, case in _case_pages(cast):
        who = next(role for role in ("coordinator", "vp", "onderzoeker") if role in case.allowed)
        client = client_for(roles[who])
        before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(reverse(name, kwargs=case.kwargs))
        assert response.status_code == 200, name
        written = AuditEntry.objects.filter(id__gt=before, gebruiker_id=roles[who].pk)
        assert written.filter(objecttype__in=CASE_TYPES).exists(), f"{name}: GET by {who} left no audited read"
        checked.append(name)
    # The walk really covered the form pages, not only the detail pages.
    assert {"meldingen:betrokkene_bewerken", "meldingen:traject_bewerken", "meldingen:onderzoek_bewerken",
            "vertrouwenspersonen:gesprek_wijzigen", "bewaren:melding_verlengen"} <= set(checked)


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_post_is_audited_as_the_write_not_as_an_extra_read(cast, client_for, methode):
    from meldingen import services
    from taxonomie.models import Categorie, Soort

    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()
    melding = services.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=cast.org.aangemaakt_op, kanaal="coordinator",
        bron="intern", spoor="integriteit", onderwerp=onderwerp, omschrijving="Omschrijving",
    )
    client = client_for(cast.coordinator)
    url = reverse("meldingen:traject_nieuw", kwargs={"pk": melding.pk})
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    getattr(client, methode)(url, {"startdatum": melding.ontvangen_op.isoformat()} if methode == "post" else None)
    acties = list(AuditEntry.objects.filter(id__gt=before, object_id=str(melding.pk)).values_list("actie", flat=True))
    assert ("melding_gelezen" in acties) == (methode == "get"), acties


@pytest.mark.parametrize("methode", ["get", "post"])
def test_the_vp_register_follows_the_same_read_policy(cast, client_for, methode):
    # One policy for both registers (accounts/audit.py): a GET is a read, a POST is audited as the write.
    from tests.vertrouwenspersonen.factories import make_dossier

    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    url = reverse("vertrouwenspersonen:gesprek_nieuw", kwargs={"pk": dossier.pk})
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    data = {"datum": dossier.eerste_contact.isoformat(), "vorm": "fysiek", "duur_minuten": "30"}
    response = getattr(client, methode)(url, data if methode == "post" else None)
    assert response.status_code == (302 if methode == "post" else 200)
    acties = list(AuditEntry.objects.filter(id__gt=before, object_id=str(dossier.pk)).values_list("actie", flat=True))
    assert ("dossier_gelezen" in acties) == (methode == "get"), acties
    assert ("gesprek_toegevoegd" in acties) == (methode == "post"), acties
