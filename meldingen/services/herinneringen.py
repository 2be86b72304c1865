"""The daily deadline reminder: per coordinator a count and a link. Never a kenmerk, a name or case content."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Lidmaatschap, Rol
from meldingen import termijnen
from meldingen.models import Termijn, TermijnSoort
from meldingen.selectors import openstaande_termijnen


def terugkoppeling_starten_zonder_bevestiging(*, today=None) -> int:
    """Starts the 3-month terugkoppeling for meldingen whose ontvangstbevestiging was not sent within 7 days.

    Stored once, with its own rule; a later acknowledgement does not move it (the earlier start is the stricter one).
    Returns the number of deadlines started.
    """
    today = today or termijnen.vandaag()
    regel = termijnen.TERUGKOPPELING_3M_ZONDER_BEVESTIGING
    verlopen = (
        openstaande_termijnen().filter(soort=TermijnSoort.ONTVANGSTBEVESTIGING, uiterlijk_op__lt=today)
        .exclude(melding__termijnen__soort=TermijnSoort.TERUGKOPPELING)
        .select_related("melding__organisatie")
    )
    started = 0
    for bevestiging in verlopen:
        with transaction.atomic():
            termijn, created = Termijn.objects.get_or_create(
                melding=bevestiging.melding, soort=regel.soort,
                defaults={"regel": regel.code, "gestart_op": bevestiging.uiterlijk_op,
                          "uiterlijk_op": termijnen.terugkoppeling_uiterlijk(bevestiging.uiterlijk_op)},
            )
            if created:
                audit("termijn_gestart", obj=bevestiging.melding,
                      details={"termijn_id": termijn.pk, "regel": regel.code})
                started += 1
    return started


def open_termijn_counts(today=None) -> dict[int, dict[str, int]]:
    """{organisatie_id: {"verlopen": n, "binnenkort": m}} for deadlines not met yet."""
    today = today or termijnen.vandaag()
    grens = termijnen.binnenkort_grens(today)
    rows = (
        openstaande_termijnen().filter(uiterlijk_op__lte=grens)
        .values("melding__organisatie_id")
        .annotate(verlopen=Count("id", filter=Q(uiterlijk_op__lt=today)),
                  binnenkort=Count("id", filter=Q(uiterlijk_op__gte=today)))
    )
    return {r["melding__organisatie_id"]: {"verlopen": r["verlopen"], "binnenkort": r["binnenkort"]} for r in rows}


def termijnherinneringen_versturen(*, today=None) -> int:
    """Sends one e-mail per coordinator who has deadlines due soon or overdue. Returns the number sent."""
    counts = open_termijn_counts(today)
    if not counts:
        return 0
    per_user: dict[int, dict] = defaultdict(lambda: {"verlopen": 0, "binnenkort": 0, "user": None})
    memberships = Lidmaatschap.objects.actief().filter(
        rol=Rol.COORDINATOR, organisatie_id__in=counts
    ).select_related("gebruiker")
    for lid in memberships:
        entry = per_user[lid.gebruiker_id]
        entry["user"] = lid.gebruiker
        entry["verlopen"] += counts[lid.organisatie_id]["verlopen"]
        entry["binnenkort"] += counts[lid.organisatie_id]["binnenkort"]
    link = settings.SITE_URL + reverse("meldingen:dashboard")
    sent = 0
    for entry in per_user.values():
        user = entry["user"]
        with translation.override(user.taal or settings.LANGUAGE_CODE):
            subject = _("Vertrouwd: termijnen van meldingen vragen aandacht")
            body = _(
                "Goedemorgen,\n\n"
                "Verlopen termijnen: %(verlopen)d.\n"
                "Termijnen die binnen 7 dagen verlopen: %(binnenkort)d.\n\n"
                "Bekijk ze na het inloggen op het overzicht:\n%(link)s\n\n"
                "Dit bericht bevat bewust geen gegevens over meldingen."
            ) % {"verlopen": entry["verlopen"], "binnenkort": entry["binnenkort"], "link": link}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        audit("termijnherinnering_verstuurd", gebruiker=None, objecttype="accounts.user", object_id=user.pk,
              details={"verlopen": entry["verlopen"], "binnenkort": entry["binnenkort"]})
        sent += 1
    return sent
