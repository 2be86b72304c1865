"""Visibility, as one set-based queryset filter per confidential model.

Every list, detail, download and export path starts from these; nothing else decides who sees a melding.
- Meldingen: only coordinators of the melding's organisation (active membership).
- Feitenonderzoeken: coordinators of the organisation, and onderzoekers holding a guardian grant on that
  investigation *and* an active onderzoeker role in the organisation (a revoked role ends the access), until the
  reading time after the investigation's end has passed (meldingen/onderzoekstoegang.py).
- Bijlagen: those of visible meldingen; onderzoekers only those of their own investigation.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Lidmaatschap, Rol
from meldingen import onderzoekstoegang
from meldingen.models import Bijlage, Feitenonderzoek, FeitenonderzoekUserObjectPermission, Melding, Status, Termijn

GRANT_CODENAME = "uitvoeren_feitenonderzoek"


def _has_role(user, rol: str, organisatie_ref) -> Exists:
    return Exists(
        Lidmaatschap.objects.actief().filter(gebruiker_id=user.pk, rol=rol, organisatie=organisatie_ref)
    )


def _grant(user) -> Exists:
    return Exists(
        FeitenonderzoekUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename=GRANT_CODENAME, content_object=OuterRef("pk")
        )
    )


def meldingen_visible_to(user, organisatie) -> QuerySet[Melding]:
    if user is None or not user.is_authenticated or organisatie is None:
        return Melding.objects.none()
    return Melding.objects.filter(organisatie=organisatie).filter(
        _has_role(user, Rol.COORDINATOR, OuterRef("organisatie"))
    )


def _als_onderzoeker(user, organisatie) -> Q:
    """Assigned, with an active onderzoeker role, and the reading time after the end not passed
    (meldingen/onderzoekstoegang.py)."""
    return (Q(_has_role(user, Rol.ONDERZOEKER, OuterRef("melding__organisatie"))) & Q(_grant(user))
            & ~onderzoekstoegang.toegang_verlopen_q(organisatie, timezone.localdate()))


def onderzoeken_visible_to(user, organisatie) -> QuerySet[Feitenonderzoek]:
    if user is None or not user.is_authenticated or organisatie is None:
        return Feitenonderzoek.objects.none()
    as_coordinator = _has_role(user, Rol.COORDINATOR, OuterRef("melding__organisatie"))
    return Feitenonderzoek.objects.filter(melding__organisatie=organisatie).filter(
        Q(as_coordinator) | _als_onderzoeker(user, organisatie))


def onderzoeken_assigned_to(user, organisatie) -> QuerySet[Feitenonderzoek]:
    """Only the investigations the user is assigned to (the onderzoeker's own list)."""
    if user is None or not user.is_authenticated or organisatie is None:
        return Feitenonderzoek.objects.none()
    return Feitenonderzoek.objects.filter(melding__organisatie=organisatie).filter(_als_onderzoeker(user, organisatie))


def bijlagen_visible_to(user, organisatie) -> QuerySet[Bijlage]:
    if user is None or not user.is_authenticated or organisatie is None:
        return Bijlage.objects.none()
    return Bijlage.objects.filter(melding__organisatie=organisatie).filter(
        Q(melding__in=meldingen_visible_to(user, organisatie))
        | Q(feitenonderzoek__in=onderzoeken_assigned_to(user, organisatie))
    )


def openstaande_termijnen() -> QuerySet[Termijn]:
    """Deadlines that still ask for action: not met, of a melding that is neither afgehandeld nor destroyed.

    The one filter behind the dashboard, the daily reminder and the fallback terugkoppeling: a closed or destroyed
    melding has nothing left to acknowledge or report back on (and nothing may be written to a destroyed one).
    """
    return Termijn.objects.filter(voldaan_op__isnull=True, melding__vernietigd_op__isnull=True).exclude(
        melding__status=Status.AFGEHANDELD
    )


def onderzoekers_van(onderzoek: Feitenonderzoek):
    """The users assigned to an investigation (those with a grant)."""
    from accounts.models import User

    return User.objects.filter(
        feitenonderzoekuserobjectpermission__content_object=onderzoek,
        feitenonderzoekuserobjectpermission__permission__codename=GRANT_CODENAME,
    ).distinct()
