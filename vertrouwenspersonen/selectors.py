"""Reads that encode who may see what in the VP register.

`dossiers_visible_to` is THE visibility rule for VP-dossiers; every list, detail, dashboard and export path
starts from it. It is one set-based filter (no per-row permission checks), so list pages stay a constant
number of queries.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.audit import AuditEntry
from accounts.encryption import zonder_vrije_tekst
from accounts.kenmerken import zoek_kenmerk
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, User
from taxonomie.models import Categorie, Soort, volledige_naam
from vertrouwenspersonen.models import (
    DELEN_PERMISSIE,
    Activiteit,
    Dossier,
    DossierUserObjectPermission,
    Gesprek,
    Signaal,
    SoortContact,
    Status,
)

DOSSIER_OBJECTTYPE = Dossier._meta.label_lower


def _is_active_vp(user: User, organisatie: Organisatie):
    return Exists(
        Lidmaatschap.objects.actief().filter(
            gebruiker=user, organisatie=organisatie, rol=Rol.VERTROUWENSPERSOON
        )
    )


def active_grants(*, user: User, today: datetime.date | None = None) -> QuerySet[DossierUserObjectPermission]:
    """Grants the user holds that still work today (an expired grant stops working by itself)."""
    return DossierUserObjectPermission.objects.filter(
        user=user, permission__codename=DELEN_PERMISSIE, geldig_tot__gte=today or timezone.localdate()
    )


def dossiers_visible_to(user: User, organisatie: Organisatie | None) -> QuerySet[Dossier]:
    """Dossiers of `organisatie` that `user` owns or holds an unexpired grant on, while an active VP there.

    Nobody else (coordinator, onderzoeker, lezer, beheerder, other VPs, superusers) sees any VP-dossier.
    """
    if organisatie is None or user is None or not user.is_authenticated:
        return Dossier.objects.none()
    shared = active_grants(user=user).values("content_object_id")
    return Dossier.objects.filter(
        Q(eigenaar=user) | Q(pk__in=shared),
        _is_active_vp(user, organisatie),
        organisatie=organisatie,
    )


def dossier_list(*, user: User, organisatie: Organisatie, filters: dict | None = None) -> QuerySet[Dossier]:
    """The visible dossiers with everything a list row shows, in a constant number of queries."""
    filters = filters or {}
    qs = zoek_kenmerk(dossiers_visible_to(user, organisatie), filters.get("kenmerk", ""))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("jaar"):
        qs = qs.filter(eerste_contact__year=filters["jaar"])
    if filters.get("onderwerp"):
        qs = qs.filter(
            pk__in=Dossier.onderwerpen.through.objects.filter(categorie=filters["onderwerp"]).values(
                "dossier_id"
            )
        )
    if filters.get("onderdeel"):
        qs = qs.filter(onderdeel=filters["onderdeel"])
    if filters.get("soort_contact"):
        qs = qs.filter(soort_contact=filters["soort_contact"])
    return (
        zonder_vrije_tekst(qs.select_related("onderdeel"))
        .annotate(aantal_gesprekken=_aantal_gesprekken(), laatste_gesprek=_laatste_gesprek())
        .order_by("-eerste_contact", "-id")
    )


def met_onderwerpnamen(dossiers) -> list[Dossier]:
    """The rows of one list page with `onderwerp_namen` ("Parent – label", in the preset's order): one query of
    plain values instead of a prefetch that builds a queryset per row (issue "fast lists")."""
    dossiers = list(dossiers)
    namen: dict[int, list[str]] = {d.pk: [] for d in dossiers}
    koppelingen = (Dossier.onderwerpen.through.objects.filter(dossier_id__in=namen)
                   .order_by("categorie__volgorde", "categorie__label")
                   .values_list("dossier_id", "categorie__label", "categorie__parent__label"))
    for dossier_id, label, parent_label in koppelingen:
        namen[dossier_id].append(volledige_naam(label, parent_label))
    for d in dossiers:
        d.onderwerp_namen = namen[d.pk]
    return dossiers


# Correlated subqueries rather than Count/Max over a join: PostgreSQL then computes them for the rows of one page
# only, and the paginator's COUNT(*) stays a plain count instead of a join with GROUP BY over every visible
# dossier (docs/performance.md). Both use the index gesprek (dossier, datum).
def _gesprekken():
    return Gesprek.objects.filter(dossier=OuterRef("pk")).order_by()


def _aantal_gesprekken():
    return Coalesce(Subquery(_gesprekken().values("dossier").annotate(n=Count("pk")).values("n")), 0)


def _laatste_gesprek():
    return Subquery(_gesprekken().order_by("-datum").values("datum")[:1])


def dossiers_zonder_recent_gesprek(
    *, user: User, organisatie: Organisatie, dagen: int = 30, today: datetime.date | None = None
) -> QuerySet[Dossier]:
    """Open dossiers whose last contact (last gesprek, or the first contact) is more than `dagen` days ago."""
    today = today or timezone.localdate()
    grens = today - datetime.timedelta(days=dagen)
    return (
        zonder_vrije_tekst(dossiers_visible_to(user, organisatie))
        .filter(status=Status.OPEN)
        .annotate(laatste_contact=Coalesce(_laatste_gesprek(), "eerste_contact"))
        .filter(laatste_contact__lt=grens)
        .select_related("onderdeel")
        .order_by("laatste_contact", "id")
    )


def dashboard_cijfers(*, user: User, organisatie: Organisatie, jaar: int) -> dict:
    """This year's counts over the dossiers the user sees, in one aggregate query (plus two small ones)."""
    visible = dossiers_visible_to(user, organisatie)
    counts = visible.filter(eerste_contact__year=jaar).aggregate(
        totaal=Count("id"),
        meldingen=Count("id", filter=Q(soort_contact=SoortContact.MELDING)),
        informatieverzoeken=Count("id", filter=Q(soort_contact=SoortContact.INFORMATIEVERZOEK)),
        arbeidsconflicten=Count("id", filter=Q(soort_contact=SoortContact.ARBEIDSCONFLICT)),
        afgesloten=Count("id", filter=Q(status=Status.AFGESLOTEN)),
    )
    counts["gesprekken"] = visible.filter(gesprekken__datum__year=jaar).aggregate(n=Count("gesprekken"))["n"]
    activiteiten = (
        activiteiten_van(user=user, organisatie=organisatie)
        .filter(datum__year=jaar)
        .aggregate(aantal=Count("id"), uren=Sum("uren"))
    )
    counts["activiteiten"] = activiteiten["aantal"]
    counts["activiteiten_uren"] = activiteiten["uren"] or 0
    return counts


def _eigen(model, *, user: User, organisatie: Organisatie) -> QuerySet:
    """A VP's own rows of a register that is never shared, while an active VP of the organisation."""
    return model.objects.filter(eigenaar=user, organisatie=organisatie).filter(_is_active_vp(user, organisatie))


def activiteiten_van(*, user: User, organisatie: Organisatie) -> QuerySet[Activiteit]:
    """A VP's own activities; activities are not shared."""
    return _eigen(Activiteit, user=user, organisatie=organisatie)


def signalen_van(*, user: User, organisatie: Organisatie) -> QuerySet[Signaal]:
    """A VP's own signals; signals are not shared."""
    return _eigen(Signaal, user=user, organisatie=organisatie)


def vp_onderwerpen(
    *, organisatie: Organisatie, datum: datetime.date | None = None, extra_ids: list[int] | None = None
) -> QuerySet[Categorie]:
    """VP topics of the organisation valid on `datum`, plus any already chosen (so an edit keeps them)."""
    datum = datum or timezone.localdate()
    geldig = Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).geldig_op(datum).values("pk")
    return (
        Categorie.objects.filter(Q(pk__in=geldig) | Q(pk__in=extra_ids or []))
        .select_related("parent")
        .order_by("volgorde", "label")
    )


def onderdelen(
    *, organisatie: Organisatie, datum: datetime.date | None = None, extra_ids: list[int] | None = None
) -> QuerySet[Organisatieonderdeel]:
    datum = datum or timezone.localdate()
    geldig = Organisatieonderdeel.objects.filter(organisatie=organisatie).geldig_op(datum).values("pk")
    return Organisatieonderdeel.objects.filter(Q(pk__in=geldig) | Q(pk__in=extra_ids or [])).order_by("naam")


def deelbare_vps(*, dossier: Dossier) -> QuerySet[User]:
    """Other active VPs of the dossier's organisation: who the owner can share with."""
    vp_ids = (
        Lidmaatschap.objects.actief()
        .filter(organisatie_id=dossier.organisatie_id, rol=Rol.VERTROUWENSPERSOON)
        .values("gebruiker_id")
    )
    return (
        User.objects.filter(pk__in=vp_ids, is_active=True)
        .exclude(pk=dossier.eigenaar_id)
        .order_by("naam", "email")
    )


def deelrechten_van(*, dossier: Dossier) -> QuerySet[DossierUserObjectPermission]:
    return (
        DossierUserObjectPermission.objects.filter(
            content_object=dossier, permission__codename=DELEN_PERMISSIE
        )
        .select_related("user")
        .order_by("-geldig_tot")
    )


def inzage_log(*, dossier: Dossier, limit: int = 50) -> QuerySet[AuditEntry]:
    """Who opened or changed the dossier: audit metadata only, newest first."""
    return AuditEntry.objects.filter(objecttype=DOSSIER_OBJECTTYPE, object_id=str(dossier.pk)).order_by(
        "-id"
    )[:limit]
