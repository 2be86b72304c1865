"""A VP whose membership is revoked loses their own dossiers at once (the matrix checks every URL for ex_vp)."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import Lidmaatschap, Organisatieonderdeel, Rol
from accounts.services import lidmaatschap_intrekken
from taxonomie.models import Categorie
from tests.conftest import make_user
from vertrouwenspersonen import services


def test_it_hides_own_dossier_after_the_role_is_revoked(cast, client_for):
    vp = make_user("vertrekkend@voorbeeldstad.test", cast.org, Rol.VERTROUWENSPERSOON)
    dossier = services.dossier_create(
        organisatie=cast.org,
        eigenaar=vp,
        onderdeel=Organisatieonderdeel.objects.filter(organisatie=cast.org).first(),
        soort_contact="melding",
        onderwerpen=[Categorie.objects.van(cast.org, "vp_onderwerp").first()],
        eerste_contact=timezone.localdate(),
    )
    client = client_for(vp, cast.org)
    url = reverse("vertrouwenspersonen:dossier", kwargs={"pk": dossier.pk})
    assert client.get(url).status_code == 200

    lidmaatschap_intrekken(lidmaatschap=Lidmaatschap.objects.get(gebruiker=vp, organisatie=cast.org))

    # The same session, no new login: the next request is refused.
    assert client.get(url).status_code in (403, 404)
    assert client.get(reverse("vertrouwenspersonen:dossiers")).status_code in (403, 404)
