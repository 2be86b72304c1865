"""Matrix cases for the meldingenregister: only coordinators reach case URLs; the assigned onderzoeker reaches
their own investigation (and its report); everyone else gets 403 (no role) or 404 (not visible)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from meldingen import services
from meldingen.models import Uitvoering
from taxonomie.models import Categorie, Soort
from tests.matrix import Case, allowed

# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("meldingen",)


def cases(cast) -> dict[str, Case]:
    coordinator = cast.coordinator
    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()
    melding = services.melding_create(
        organisatie=cast.org, door=coordinator, ontvangen_op=cast.org.aangemaakt_op, kanaal="coordinator",
        bron="intern", spoor="integriteit", onderwerp=onderwerp, omschrijving="Matrix-omschrijving",
        melder_identiteit="Matrix-melder",
    )
    betrokkene = services.betrokkene_add(melding=melding, door=coordinator, functiecategorie="medewerker")
    traject = services.traject_create(melding=melding, door=coordinator, startdatum=melding.ontvangen_op)
    onderzoek = services.onderzoek_create(melding=melding, door=coordinator, opdrachtgever="Directeur",
                                          uitvoering=Uitvoering.INTERN, startdatum=melding.ontvangen_op)
    services.onderzoek_assign(onderzoek=onderzoek, onderzoeker=cast.onderzoeker, door=coordinator)
    bijlage = services.bijlage_add(
        melding=melding, feitenonderzoek=onderzoek, is_rapport=True, door=coordinator,
        bestand=SimpleUploadedFile("rapport.txt", b"Matrix-rapport", content_type="text/plain"),
    )
    termijn = melding.termijnen.get()
    m = {"pk": melding.pk}
    c = allowed("coordinator")
    co = allowed("coordinator", "onderzoeker")
    # The outsider is coordinator in Anderstad: the register's own pages open there, showing only Anderstad.
    c_own = allowed("coordinator", "outsider")
    return {
        "meldingen:dashboard": Case(allowed=c_own),
        "meldingen:lijst": Case(allowed=c_own),
        "meldingen:nieuw": Case(allowed=c_own),
        "meldingen:instellingen": Case(allowed=c_own),
        "meldingen:detail": Case(kwargs=m, allowed=c),
        "meldingen:bewerken": Case(kwargs=m, allowed=c),
        "meldingen:status": Case(kwargs=m, allowed=c),
        "meldingen:identiteit": Case(kwargs=m, allowed=c, post_only=True),
        "meldingen:termijn_voldaan": Case(kwargs={**m, "termijn_pk": termijn.pk}, allowed=c, post_only=True),
        "meldingen:logboek": Case(kwargs=m, allowed=c, post_only=True),
        "meldingen:betrokkene_nieuw": Case(kwargs=m, allowed=c),
        "meldingen:betrokkene_bewerken": Case(kwargs={**m, "betrokkene_pk": betrokkene.pk}, allowed=c),
        "meldingen:maatregel_nieuw": Case(kwargs={**m, "betrokkene_pk": betrokkene.pk}, allowed=c),
        "meldingen:traject_nieuw": Case(kwargs=m, allowed=c),
        "meldingen:traject_bewerken": Case(kwargs={**m, "traject_pk": traject.pk}, allowed=c),
        "meldingen:bijlage_nieuw": Case(kwargs=m, allowed=c),
        "meldingen:bijlage_download": Case(kwargs={"pk": bijlage.pk}, allowed=co),
        "meldingen:onderzoek_nieuw": Case(kwargs=m, allowed=c),
        "meldingen:onderzoeken": Case(allowed=allowed("coordinator", "onderzoeker", "outsider")),
        "meldingen:onderzoek_detail": Case(kwargs={"pk": onderzoek.pk}, allowed=co),
        "meldingen:onderzoek_bewerken": Case(kwargs={"pk": onderzoek.pk}, allowed=co),
        "meldingen:onderzoek_toewijzen": Case(kwargs={"pk": onderzoek.pk}, allowed=c, post_only=True),
        "meldingen:onderzoek_intrekken": Case(
            kwargs={"pk": onderzoek.pk, "user_pk": cast.onderzoeker.pk}, allowed=c, post_only=True
        ),
        "meldingen:onderzoek_rapport": Case(kwargs={"pk": onderzoek.pk}, allowed=co),
    }
