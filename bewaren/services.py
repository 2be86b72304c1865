"""Retention: the 30-day notice, extension, and destruction of closed records whose term has passed.

Destruction removes every piece of free text, identity, note, attachment, investigation report and guardian
grant of a record, and keeps its structured, non-identifying facts (dates, categories, counts, the status
history's transitions), so the jaarverslag of past years computes to the same figures afterwards.
Nothing here writes case content to the audit log, the destruction log, an e-mail or a log line.
"""

import datetime
import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Rol, User
from bewaren import termijn
from bewaren.models import STANDAARD_MAANDEN, Bewaartermijn, Register, Vernietiging
from meldingen.models import Melding
from meldingen.models import Status as MeldingStatus
from meldingen.services.bewaren import melding_vernietigen
from vertrouwenspersonen.models import Dossier
from vertrouwenspersonen.models import Status as DossierStatus
from vertrouwenspersonen.services.bewaren import dossier_vernietigen, organisaties_met_vrije_tekst
from vertrouwenspersonen.services.bewaren import vrije_tekst_wissen as vp_vrije_tekst_wissen

logger = logging.getLogger(__name__)

VOORAANKONDIGING_DAGEN = 30


def _vandaag(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- terms --------------------------------------------------------------------------------------------------------


@transaction.atomic
def bewaartermijn_instellen(*, organisatie: Organisatie, register: str, maanden: int, door: User | None = None,
                            request=None) -> Bewaartermijn:
    """Sets the term for records closed from now on; due dates already stored keep the rule they were set by."""
    rij = Bewaartermijn.objects.filter(organisatie=organisatie, register=register).first() or Bewaartermijn(
        organisatie=organisatie, register=register
    )
    vorige = rij.maanden if rij.pk else STANDAARD_MAANDEN[register]
    rij.maanden = maanden
    rij.full_clean()
    rij.save()
    if vorige != maanden:
        audit("bewaartermijn_ingesteld", gebruiker=door, organisatie=organisatie, obj=rij, request=request,
              details={"register": register, "van": vorige, "naar": maanden})
    return rij


def _vul_ontbrekende_data(today: datetime.date) -> None:
    """Records closed before retention existed get their due date from the current term, once."""
    gesloten = (
        (Dossier.objects.filter(status=DossierStatus.AFGESLOTEN), "afgesloten_op"),
        (Melding.objects.filter(status=MeldingStatus.AFGEHANDELD, afgehandeld_op__isnull=False), "afgehandeld_op"),
    )
    for qs, datumveld in gesloten:
        for obj in qs.filter(vernietigen_op__isnull=True, vernietigd_op__isnull=True).select_related("organisatie"):
            obj.bewaring_starten(getattr(obj, datumveld))
            obj.save(update_fields=obj.BEWAARVELDEN)


# --- extension ----------------------------------------------------------------------------------------------------


@transaction.atomic
def termijn_verlengen(*, obj: Dossier | Melding, tot: datetime.date, reden: str, door: User, request=None):
    """Postpones destruction of one closed record to `tot`, with a reason (stored encrypted). Can be repeated."""
    reden = (reden or "").strip()
    if obj.vernietigd_op is not None:
        raise ValidationError(_("Dit is al vernietigd."))
    if obj.vernietigen_op is None:
        raise ValidationError(_("Alleen een afgesloten dossier of afgehandelde melding heeft een bewaartermijn."))
    if not reden:
        raise ValidationError({"reden": _("Geef een reden voor de verlenging.")})
    if tot <= obj.vernietigen_op:
        raise ValidationError({"tot": _("Kies een datum na de huidige vernietigingsdatum.")})
    vorige = obj.vernietigen_op
    if not obj.bewaring_verlengen(tot, reden):
        raise ValidationError(_("Dit is al vernietigd."))
    audit("bewaartermijn_verlengd", gebruiker=door, obj=obj, request=request,
          details={"van": vorige.isoformat(), "tot": tot.isoformat()})
    return obj


# --- the 30-day notice --------------------------------------------------------------------------------------------


def _aangekondigd(qs, today):
    return qs.filter(vernietigd_op__isnull=True, vernietigen_op__isnull=False, bewaarbericht_op__isnull=True,
                     vernietigen_op__lte=today + datetime.timedelta(days=VOORAANKONDIGING_DAGEN))


def bewaarberichten_versturen(*, today: datetime.date | None = None) -> int:
    """E-mails each owner how many of their records will be destroyed within 30 days: a count and a link only.

    VP-dossiers: their owner (the VP). Meldingen: every active coordinator of the organisation.
    Each record is announced once (again after an extension), and only once somebody was actually told: a
    dossier when its owner was mailed, a melding when at least one coordinator of its organisation was. A mail
    that fails (server down, address refused) leaves that person's records unannounced for the next run, and
    the marks are written per person right after their mail, so a run that breaks off halfway does not mail
    the people it already told again. Returns the number of e-mails sent.
    """
    today = _vandaag(today)
    per_user: dict[int, dict] = defaultdict(lambda: {"vp": 0, "meldingen": 0})
    dossiers_van: dict[int, list[int]] = defaultdict(list)
    for pk, eigenaar_id in _aangekondigd(Dossier.objects.all(), today).values_list("pk", "eigenaar_id"):
        per_user[eigenaar_id]["vp"] += 1
        dossiers_van[eigenaar_id].append(pk)
    meldingen_van_org: dict[int, list[int]] = defaultdict(list)
    for pk, organisatie_id in _aangekondigd(Melding.objects.all(), today).values_list("pk", "organisatie_id"):
        meldingen_van_org[organisatie_id].append(pk)
    orgs_van: dict[int, list[int]] = defaultdict(list)
    for lid in Lidmaatschap.objects.actief().filter(rol=Rol.COORDINATOR, organisatie_id__in=meldingen_van_org):
        per_user[lid.gebruiker_id]["meldingen"] += len(meldingen_van_org[lid.organisatie_id])
        orgs_van[lid.gebruiker_id].append(lid.organisatie_id)
    sent = 0
    users = User.objects.in_bulk(list(per_user))
    for user_id, aantallen in per_user.items():
        user = users.get(user_id)
        if user is None or not user.is_active:
            continue  # nobody told: the records stay unannounced
        with translation.override(user.taal or settings.LANGUAGE_CODE):
            subject = _("Vertrouwd: gegevens worden binnenkort vernietigd")
            body = _(
                "Goedemorgen,\n\n"
                "Binnen %(dagen)d dagen verloopt de bewaartermijn van:\n"
                "VP-dossiers: %(vp)d\n"
                "Formele meldingen: %(meldingen)d\n\n"
                "Daarna worden alle vrije tekst, notities, identiteiten en bijlagen vernietigd. "
                "Wilt u iets langer bewaren, verleng dan de termijn met een reden. Bekijk het na het inloggen:\n"
                "%(link)s\n\n"
                "Dit bericht bevat bewust geen gegevens over dossiers of meldingen."
            ) % {"dagen": VOORAANKONDIGING_DAGEN, "vp": aantallen["vp"], "meldingen": aantallen["meldingen"],
                 "link": settings.SITE_URL + reverse("home")}
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except (smtplib.SMTPException, OSError) as exc:
            # The pk and the exception type only: an SMTP error can carry the address.
            logger.warning("Retention notice for user %s could not be sent (%s)", user.pk, type(exc).__name__)
            continue
        Dossier.bewaarbericht_vastleggen(dossiers_van[user_id], today)
        Melding.bewaarbericht_vastleggen([pk for org in orgs_van[user_id] for pk in meldingen_van_org[org]], today)
        audit("bewaarbericht_verstuurd", objecttype="accounts.user", object_id=user.pk, details=dict(aantallen))
        sent += 1
    return sent


# --- destruction --------------------------------------------------------------------------------------------------


def vernietigen(*, today: datetime.date | None = None) -> int:
    """Destroys every closed record whose (possibly extended) term has passed. Idempotent. Returns the count."""
    today = _vandaag(today)
    nu = timezone.now()
    totaal = 0
    registers = (
        (Register.VP, Dossier.objects.filter(status=DossierStatus.AFGESLOTEN), dossier_vernietigen),
        (Register.MELDINGEN, Melding.objects.filter(status=MeldingStatus.AFGEHANDELD), melding_vernietigen),
    )
    for register, qs, vernietig in registers:
        due = qs.filter(vernietigd_op__isnull=True, vernietigen_op__lt=today)
        per_org: dict[int, list[int]] = defaultdict(list)
        for pk, organisatie_id in due.values_list("pk", "organisatie_id"):
            per_org[organisatie_id].append(pk)
        for organisatie_id, pks in per_org.items():
            organisatie = Organisatie.objects.get(pk=organisatie_id)
            with transaction.atomic():
                aantal = 0
                # Locked with the due conditions again: a record reopened or extended since the query above
                # no longer matches and is left alone.
                for obj in due.select_for_update().filter(pk__in=pks):
                    vernietig(obj, nu)
                    audit("vernietigd", organisatie=organisatie, obj=obj, details={"register": register})
                    aantal += 1
                if aantal:
                    log = Vernietiging.objects.create(organisatie=organisatie, register=register, aantal=aantal,
                                                      regel=termijn.regel(organisatie, register), tijdstip=nu)
                    audit("vernietiging_uitgevoerd", organisatie=organisatie, obj=log,
                          details={"register": register, "aantal": aantal})
                    logger.info("Retention: destroyed %d %s records of organisation %d", aantal, register,
                                organisatie_id)
                    totaal += aantal
    return totaal


def vrije_tekst_wissen(*, today: datetime.date | None = None) -> int:
    """Blanks the free text of activiteiten and signalen whose term (months after their date) has passed.

    They are not cases and never close, so there is no notice and no extension; their structured facts stay for
    the jaarverslag. Idempotent. Returns the number of texts wiped.
    """
    today = _vandaag(today)
    nu = timezone.now()
    totaal = 0
    for organisatie in Organisatie.objects.filter(pk__in=organisaties_met_vrije_tekst()).order_by("pk"):
        grens = termijn.plus_maanden(today, -termijn.maanden_voor(organisatie, Register.ACTIVITEITEN))
        with transaction.atomic():
            aantallen = vp_vrije_tekst_wissen(organisatie, voor=grens)
            aantal = sum(aantallen.values())
            if aantal:
                log = Vernietiging.objects.create(organisatie=organisatie, register=Register.ACTIVITEITEN,
                                                  aantal=aantal, regel=termijn.regel(organisatie, Register.ACTIVITEITEN),
                                                  tijdstip=nu)
                audit("vernietiging_uitgevoerd", organisatie=organisatie, obj=log,
                      details={"register": Register.ACTIVITEITEN, **aantallen})
                logger.info("Retention: wiped %d activity/signal texts of organisation %d", aantal, organisatie.pk)
                totaal += aantal
    return totaal


def dagelijks(*, today: datetime.date | None = None) -> dict:
    """Destroys what is due first, so a mail server that is down (or any failing notice) never postpones it."""
    today = _vandaag(today)
    _vul_ontbrekende_data(today)
    vernietigd = vernietigen(today=today)
    teksten_gewist = vrije_tekst_wissen(today=today)
    return {"vernietigd": vernietigd, "teksten_gewist": teksten_gewist,
            "berichten": bewaarberichten_versturen(today=today)}
