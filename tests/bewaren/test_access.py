"""The owner's extension page gets its dossier the one way every dossier page does (vertrouwenspersonen.access)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry
from bewaren import views
from tests.bewaren.test_retention import _gesloten_dossier


def test_the_extension_page_uses_the_shared_dossier_access_and_audits_a_get_only(cast, client_for, monkeypatch):
    aanroepen = []
    echt_get, echt_owner = views.get_dossier_for, views.require_owner

    def get_dossier_for(request, pk, **kwargs):
        aanroepen.append(("get", request.method))
        return echt_get(request, pk, **kwargs)

    def require_owner(request, dossier):
        aanroepen.append(("owner", request.method))
        return echt_owner(request, dossier)

    monkeypatch.setattr(views, "get_dossier_for", get_dossier_for)
    monkeypatch.setattr(views, "require_owner", require_owner)
    dossier = _gesloten_dossier(cast)
    client = client_for(cast.vp, cast.org)
    url = reverse("bewaren:dossier_verlengen", args=[dossier.pk])

    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get(url).status_code == 200
    tot = timezone.localdate() + datetime.timedelta(days=400)
    assert client.post(url, {"tot": tot.isoformat(), "reden": "Procedure"}).status_code == 302

    assert aanroepen == [("get", "GET"), ("owner", "GET"), ("get", "POST"), ("owner", "POST")]
    acties = list(AuditEntry.objects.filter(id__gt=before, object_id=str(dossier.pk)).order_by("id")
                  .values_list("actie", flat=True))
    assert acties == ["dossier_gelezen", "bewaartermijn_verlengd"]


def test_a_grantee_still_gets_a_404(cast, client_for):
    dossier = _gesloten_dossier(cast)  # shared with vp2 until today
    client = client_for(cast.vp2, cast.org)
    url = reverse("bewaren:dossier_verlengen", args=[dossier.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"tot": "2030-01-01", "reden": "x"}).status_code == 404
