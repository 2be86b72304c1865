"""VP register: only VPs reach its pages, and only the owner (or a current grantee) reaches a dossier.

vp2 is another VP of the same organisation: the register's pages open for them, vp's dossier does not.
The outsider is a VP in another organisation: they reach the pages of their own register there, never
anything of Voorbeeldstad (their lists are scoped to their active organisation; see the view tests).
"""

import datetime

from django.utils import timezone

from tests.matrix import Case, allowed
from vertrouwenspersonen import services

VPS = allowed("vp", "vp2", "outsider")
OWNER = allowed("vp")


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("vertrouwenspersonen",)


def cases(cast) -> dict[str, Case]:
    from accounts.models import Organisatieonderdeel
    from taxonomie.models import Categorie

    onderdeel = Organisatieonderdeel.objects.filter(organisatie=cast.org).order_by("naam").first()
    onderwerp = Categorie.objects.van(cast.org, "vp_onderwerp").order_by("volgorde").first()
    today = timezone.localdate()

    def dossier(**kwargs):
        return services.dossier_create(
            organisatie=cast.org,
            eigenaar=cast.vp,
            onderdeel=onderdeel,
            soort_contact="melding",
            onderwerpen=[onderwerp],
            eerste_contact=today - datetime.timedelta(days=3),
            **kwargs,
        )

    open_dossier = dossier()
    closed = dossier()
    services.dossier_afsluiten(dossier=closed, datum=today, door=cast.vp)
    shared = dossier()
    # A grant to the outsider's org is impossible; an *expired* grant to vp2 must not open the dossier.
    grant = services.dossier_delen(dossier=shared, met=cast.vp2, geldig_tot=today, door=cast.vp)
    type(grant).objects.filter(pk=grant.pk).update(geldig_tot=today - datetime.timedelta(days=1))
    activiteit = services.activiteit_opslaan(
        organisatie=cast.org, door=cast.vp, soort="spreekuur", datum=today, uren=2
    )
    signaal = services.signaal_opslaan(
        organisatie=cast.org, door=cast.vp, datum=today, thema="Werkdruk", aan="directie"
    )
    gesprek = services.gesprek_create(
        dossier=open_dossier, door=cast.vp, datum=today, vorm="fysiek", duur_minuten=30
    )
    d = {"pk": open_dossier.pk}
    return {
        "vertrouwenspersonen:dashboard": Case(allowed=VPS),
        "vertrouwenspersonen:dossiers": Case(allowed=VPS, query=f"status=open&jaar={today.year}"),
        "vertrouwenspersonen:dossier_nieuw": Case(allowed=VPS),
        "vertrouwenspersonen:dossier": Case(kwargs=d, allowed=OWNER),
        "vertrouwenspersonen:dossier_wijzigen": Case(kwargs=d, allowed=OWNER),
        "vertrouwenspersonen:gesprek_nieuw": Case(kwargs=d, allowed=OWNER),
        "vertrouwenspersonen:gesprek_wijzigen": Case(kwargs={**d, "gesprek_pk": gesprek.pk}, allowed=OWNER),
        "vertrouwenspersonen:dossier_afsluiten": Case(kwargs=d, allowed=OWNER),
        "vertrouwenspersonen:dossier_heropenen": Case(
            kwargs={"pk": closed.pk}, allowed=OWNER, post_only=True
        ),
        "vertrouwenspersonen:dossier_delen": Case(kwargs={"pk": shared.pk}, allowed=OWNER),
        "vertrouwenspersonen:dossier_delen_intrekken": Case(
            kwargs={"pk": shared.pk, "grant_pk": grant.pk}, allowed=OWNER, post_only=True
        ),
        "vertrouwenspersonen:activiteiten": Case(allowed=VPS),
        "vertrouwenspersonen:activiteit_nieuw": Case(allowed=VPS),
        "vertrouwenspersonen:activiteit_wijzigen": Case(kwargs={"pk": activiteit.pk}, allowed=OWNER),
        "vertrouwenspersonen:signalen": Case(allowed=VPS),
        "vertrouwenspersonen:signaal_nieuw": Case(allowed=VPS),
        "vertrouwenspersonen:signaal_wijzigen": Case(kwargs={"pk": signaal.pk}, allowed=OWNER),
    }
