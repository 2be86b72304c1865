"""Writes for the jaarverslag. Keyword-only, atomic, validated, audited with metadata only."""

import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Rol, User
from accounts.wijzigen import wijzig_velden
from reports.figures import compute_figures
from reports.hartslag import hartslag, klop
from reports.models import (
    NARRATIEF,
    Formaat,
    Generatie,
    GeneratieStatus,
    Jaarverslag,
    JaarverslagStatus,
    Rapportbestand,
    Rapportinstelling,
    Reikwijdte,
    VaststellenDoor,
)

logger = logging.getLogger(__name__)

AUTEUR_ROLLEN = (Rol.VERTROUWENSPERSOON, Rol.COORDINATOR)
NARRATIEVE_VELDEN = tuple(veld for veld, _titel in NARRATIEF)
# Stored in Dutch on the run and translated when shown (gettext_noop only marks them for the catalog).
FOUTMELDING = gettext_noop("Het genereren is mislukt. Probeer het opnieuw; blijft het misgaan, neem dan contact op "
                           "met de beheerder.")
NIET_GESTART_MELDING = gettext_noop("Het genereren kon niet worden gestart: de verwerking is nu niet bereikbaar. "
                                    "Probeer het over een paar minuten opnieuw.")
ONDERBROKEN_MELDING = gettext_noop("Het genereren is onderbroken: de verwerking stopte voordat het verslag klaar "
                                   "was. De vorige bestanden zijn bewaard. Probeer het opnieuw.")
ONDERBROKEN_EERSTE_MELDING = gettext_noop("Het genereren is onderbroken: de verwerking stopte voordat het verslag "
                                          "klaar was. Probeer het opnieuw.")
VASTGELOPEN_MELDING = gettext_noop("Het genereren is niet op tijd klaar gekomen. Probeer het opnieuw.")
# Generation steps and the progress shown after each (percent).
STAPPEN = (("cijfers", 15), (Formaat.PDF, 55), (Formaat.DOCX, 75), (Formaat.XLSX, 90), (Formaat.JSON, 100))


def vaststellen_rollen(organisatie: Organisatie) -> tuple[str, ...]:
    instelling = Rapportinstelling.objects.filter(organisatie=organisatie).first()
    keuze = instelling.vaststellen_door if instelling else VaststellenDoor.COORDINATOR
    return {
        VaststellenDoor.COORDINATOR: (Rol.COORDINATOR,),
        VaststellenDoor.VERTROUWENSPERSOON: (Rol.VERTROUWENSPERSOON,),
        VaststellenDoor.BEIDE: (Rol.COORDINATOR, Rol.VERTROUWENSPERSOON),
    }[keuze]


def mag_vaststellen(user: User, organisatie: Organisatie) -> bool:
    return Lidmaatschap.objects.actieve_rol(user, organisatie, *vaststellen_rollen(organisatie)) is not None


def _vorige_aanbevelingen(organisatie: Organisatie, jaar: int, reikwijdte: str) -> str:
    vorig = (
        Jaarverslag.objects.filter(organisatie=organisatie, jaar=jaar - 1, reikwijdte=reikwijdte)
        .order_by("-status", "-versie")  # "vastgesteld" sorts after "concept": the adopted one first
        .first()
    )
    if vorig is None or not vorig.aanbevelingen.strip():
        return ""
    return (
        f"Aanbevelingen uit het jaarverslag {jaar - 1} (vul per aanbeveling aan wat ermee is gedaan):\n\n"
        f"{vorig.aanbevelingen.strip()}\n"
    )


def _naam(jaar: int, reikwijdte: str) -> str:
    """How a message names a report: "het jaarverslag 2025" or "het jaarverslag 2025 (Interne vertrouwenspersonen)"."""
    if reikwijdte == Reikwijdte.ALLES:
        return _("het jaarverslag %(jaar)s") % {"jaar": jaar}
    return _("het jaarverslag %(jaar)s (%(reikwijdte)s)") % {"jaar": jaar, "reikwijdte": Reikwijdte(reikwijdte).label}


@transaction.atomic
def jaarverslag_create(*, organisatie: Organisatie, jaar: int, door: User, reikwijdte: str = Reikwijdte.ALLES,
                       request=None) -> Jaarverslag:
    """A new concept for the year and scope, with the recommendations of last year's report of the same scope
    pre-filled in the follow-up section. Concepts, adoption and versions are per organisation, year and scope."""
    if reikwijdte not in Reikwijdte.values:
        raise ValidationError({"reikwijdte": _("Kies waarover het jaarverslag gaat.")})
    bestaand = Jaarverslag.objects.select_for_update().filter(organisatie=organisatie, jaar=jaar,
                                                              reikwijdte=reikwijdte)
    naam = _naam(jaar, reikwijdte)
    if bestaand.filter(status=JaarverslagStatus.CONCEPT).exists():
        raise ValidationError(_("Er is al een concept van %(naam)s. Werk dat concept bij.") % {"naam": naam})
    if bestaand.filter(status=JaarverslagStatus.VASTGESTELD).exists():
        raise ValidationError(_("%(naam)s is al vastgesteld. Maak een correctie als er iets verbeterd moet "
                                "worden.") % {"naam": capfirst(naam)})
    if jaar > timezone.localdate().year:
        raise ValidationError({"jaar": _("Een jaarverslag kan niet over een toekomstig jaar gaan.")})
    jaarverslag = Jaarverslag(
        organisatie=organisatie, jaar=jaar, reikwijdte=reikwijdte, versie=1, aangemaakt_door=door,
        opvolging=_vorige_aanbevelingen(organisatie, jaar, reikwijdte),
    )
    jaarverslag.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # two authors pressing "nieuw" at once: the unique constraint decides
            jaarverslag.save()
    except IntegrityError as exc:
        raise ValidationError(_("Er is al een concept van %(naam)s. Werk dat concept bij.") % {"naam": naam}) from exc
    audit("jaarverslag_aangemaakt", gebruiker=door, obj=jaarverslag, request=request,
          details={"jaar": jaar, "reikwijdte": reikwijdte, "versie": 1})
    return jaarverslag


@transaction.atomic
def jaarverslag_correctie(*, jaarverslag: Jaarverslag, door: User, request=None) -> Jaarverslag:
    """A correction of an adopted report is a new concept version; the adopted one stays as it is."""
    if not jaarverslag.is_vastgesteld:
        raise ValidationError(_("Alleen een vastgesteld jaarverslag kan worden gecorrigeerd."))
    alle = Jaarverslag.objects.select_for_update().filter(organisatie=jaarverslag.organisatie, jaar=jaarverslag.jaar,
                                                          reikwijdte=jaarverslag.reikwijdte)
    if alle.filter(status=JaarverslagStatus.CONCEPT).exists():
        raise ValidationError(_("Er is al een concept voor een correctie. Werk dat concept bij."))
    versie = (alle.aggregate(m=Max("versie"))["m"] or 0) + 1
    nieuw = Jaarverslag(
        organisatie=jaarverslag.organisatie, jaar=jaarverslag.jaar, reikwijdte=jaarverslag.reikwijdte, versie=versie,
        aangemaakt_door=door, vorige_versie=jaarverslag, **{veld: getattr(jaarverslag, veld) for veld in NARRATIEVE_VELDEN},
    )
    nieuw.full_clean()
    nieuw.save()
    audit("jaarverslag_correctie_aangemaakt", gebruiker=door, obj=nieuw, request=request,
          details={"jaar": nieuw.jaar, "reikwijdte": nieuw.reikwijdte, "versie": versie,
                   "vorige_versie_id": jaarverslag.pk})
    return nieuw


@transaction.atomic
def narratief_bijwerken(*, jaarverslag: Jaarverslag, door: User, request=None, **teksten) -> Jaarverslag:
    unknown = set(teksten) - set(NARRATIEVE_VELDEN)
    if unknown:
        raise TypeError(f"Unknown narrative fields: {sorted(unknown)}")
    jaarverslag = Jaarverslag.objects.select_for_update().get(pk=jaarverslag.pk)
    if not jaarverslag.is_concept:
        raise ValidationError(_("Een vastgesteld jaarverslag kan niet meer worden gewijzigd. Maak een correctie."))
    gewijzigd = wijzig_velden(jaarverslag, teksten)
    if gewijzigd:
        jaarverslag.full_clean()
        jaarverslag.save()
        audit("jaarverslag_tekst_gewijzigd", gebruiker=door, obj=jaarverslag, request=request,
              details={"velden": gewijzigd})
    return jaarverslag


class GeneratieAfgebroken(Exception):
    """The run is no longer busy (marked failed meanwhile): its results must not replace anything."""


def _zonder_hartslag_sinds(grens: datetime.datetime) -> Q:
    """Busy runs whose last sign of life (heartbeat, else start, else creation) is older than `grens`."""
    return Q(status=GeneratieStatus.BEZIG) & (
        Q(hartslag_op__lt=grens)
        | Q(hartslag_op__isnull=True, gestart_op__lt=grens)
        | Q(hartslag_op__isnull=True, gestart_op__isnull=True, aangemaakt_op__lt=grens)
    )


def vastgelopen_opruimen(jaarverslag: Jaarverslag) -> int:
    """Marks lost runs as failed, so the page says so and offers a new run instead of waiting.

    A busy run without a heartbeat for JAARVERSLAG_STALLED_AFTER_SECONDS lost its worker (reports/hartslag.py);
    a queued run has no worker yet and is given JAARVERSLAG_QUEUE_TIMEOUT_MINUTES.
    """
    nu = timezone.now()
    onderbroken = _zonder_hartslag_sinds(nu - datetime.timedelta(seconds=settings.JAARVERSLAG_STALLED_AFTER_SECONDS))
    vastgelopen = Q(status=GeneratieStatus.WACHTRIJ,
                    aangemaakt_op__lt=nu - datetime.timedelta(minutes=settings.JAARVERSLAG_QUEUE_TIMEOUT_MINUTES))
    aantal = 0
    for generatie in jaarverslag.generaties.filter(onderbroken | vastgelopen):
        is_onderbroken = generatie.status == GeneratieStatus.BEZIG
        if is_onderbroken:
            # The files are replaced only when a run commits, so a dead run left the previous ones in place.
            melding = ONDERBROKEN_MELDING if jaarverslag.bestanden.exists() else ONDERBROKEN_EERSTE_MELDING
        else:
            melding = VASTGELOPEN_MELDING
        with transaction.atomic():
            # The same condition again in the update: a beat that arrived meanwhile keeps the run alive.
            if not jaarverslag.generaties.filter(onderbroken | vastgelopen, pk=generatie.pk).update(
                    status=GeneratieStatus.MISLUKT, foutmelding=melding, klaar_op=nu):
                continue
            audit("jaarverslag_generatie_onderbroken" if is_onderbroken else "jaarverslag_generatie_vastgelopen",
                  gebruiker=generatie.aangevraagd_door, obj=jaarverslag,
                  details={"generatie_id": generatie.pk, "stap": generatie.stap})
        aantal += 1
    return aantal


def lopende_generatie(jaarverslag: Jaarverslag) -> Generatie | None:
    vastgelopen_opruimen(jaarverslag)
    return jaarverslag.generaties.filter(status__in=[GeneratieStatus.WACHTRIJ, GeneratieStatus.BEZIG]).first()


@transaction.atomic
def generatie_start(*, jaarverslag: Jaarverslag, door: User | None, request=None) -> Generatie:
    """Queues a run. A running one is returned instead of starting a second; the task starts after commit."""
    Jaarverslag.objects.select_for_update().filter(pk=jaarverslag.pk).first()
    lopend = lopende_generatie(jaarverslag)
    if lopend is not None:
        return lopend
    if jaarverslag.is_vastgesteld and _complete_bestanden(jaarverslag):
        raise ValidationError(_("De bestanden van een vastgesteld jaarverslag zijn bevroren en worden niet opnieuw "
                                "gemaakt."))
    generatie = Generatie.objects.create(jaarverslag=jaarverslag, aangevraagd_door=door)
    audit("jaarverslag_generatie_gestart", gebruiker=door, obj=jaarverslag, request=request,
          details={"generatie_id": generatie.pk, "versie": jaarverslag.versie, "status": jaarverslag.status})
    transaction.on_commit(partial(_in_wachtrij_zetten, generatie))
    return generatie


def _in_wachtrij_zetten(generatie: Generatie) -> None:
    """After commit: hand the run to a worker. When the broker cannot be reached the run fails at once, so the
    page says so and the next click starts a new run, instead of a 500 and a run waiting in a queue it never
    reached."""
    from kombu.exceptions import OperationalError

    from reports.tasks import in_wachtrij

    try:
        in_wachtrij(generatie.pk)
    except OperationalError as exc:
        logger.error("Jaarverslag generation %s could not be queued: %s", generatie.pk, type(exc).__name__)
        generatie_niet_gestart(generatie=generatie)


@transaction.atomic
def generatie_niet_gestart(*, generatie: Generatie) -> None:
    """The run never reached a worker: failed, with a message that says so."""
    if Generatie.objects.filter(pk=generatie.pk, status=GeneratieStatus.WACHTRIJ).update(
            status=GeneratieStatus.MISLUKT, foutmelding=NIET_GESTART_MELDING, klaar_op=timezone.now()):
        audit("jaarverslag_generatie_niet_gestart", gebruiker=generatie.aangevraagd_door, obj=generatie.jaarverslag,
              details={"generatie_id": generatie.pk})


def _bestand_verwijderen(bestand: Rapportbestand) -> None:
    """Deletes the row now and its file only once that is committed: a rollback keeps rows and files together."""
    transaction.on_commit(partial(bestand.bestand.storage.delete, bestand.bestand.name))
    bestand.delete()


def _complete_bestanden(jaarverslag: Jaarverslag) -> bool:
    return set(jaarverslag.bestanden.values_list("formaat", flat=True)) >= set(Formaat.values)


def _voortgang(generatie: Generatie, stap: str, voortgang: int) -> None:
    # Written outside the generation's own transaction so the browser sees it while the run is busy.
    klop(generatie.pk, stap=stap, voortgang=voortgang)


def genereer(*, generatie: Generatie) -> Generatie:
    """The work of one run: figures (a concept's are recomputed; an adopted report's stay frozen), then files.

    The files of a run replace the previous ones of a concept. An adopted report keeps its files once made.
    Raises GeneratieAfgebroken when the run is not (or no longer) the one to do this work.
    """
    from reports.render import RENDERERS

    nu = timezone.now()
    if not Generatie.objects.filter(pk=generatie.pk, status=GeneratieStatus.WACHTRIJ).update(
            status=GeneratieStatus.BEZIG, gestart_op=nu, hartslag_op=nu, voortgang=5, stap="cijfers"):
        raise GeneratieAfgebroken
    jaarverslag = generatie.jaarverslag
    with hartslag(generatie.pk):  # a render can take longer than the threshold for a dead run
        if jaarverslag.is_concept:
            cijfers = compute_figures(jaarverslag.organisatie, jaarverslag.jaar, reikwijdte=jaarverslag.reikwijdte)
        else:
            cijfers = jaarverslag.cijfers
        _voortgang(generatie, "cijfers", STAPPEN[0][1])
        bestanden = {}
        for formaat, voortgang in STAPPEN[1:]:
            bestanden[formaat] = RENDERERS[formaat](jaarverslag, cijfers)
            _voortgang(generatie, formaat, voortgang)
    with transaction.atomic():
        jaarverslag = Jaarverslag.objects.select_for_update().get(pk=jaarverslag.pk)  # first, as generatie_start
        # Taken for dead meanwhile (the worker was only slow): a new run may already be under way.
        if not Generatie.objects.select_for_update().filter(pk=generatie.pk, status=GeneratieStatus.BEZIG).exists():
            raise GeneratieAfgebroken
        if jaarverslag.is_concept:
            jaarverslag.cijfers = cijfers
            jaarverslag.cijfers_berekend_op = timezone.now()
            jaarverslag.save(update_fields=["cijfers_json", "cijfers_berekend_op", "gewijzigd_op"])
            oude = list(jaarverslag.bestanden.all())
        elif _complete_bestanden(jaarverslag):
            raise ValidationError("Frozen files already exist.")
        else:
            oude = list(jaarverslag.bestanden.all())
        for bestand in oude:
            _bestand_verwijderen(bestand)
        for formaat, data in bestanden.items():
            rb = Rapportbestand(jaarverslag=jaarverslag, generatie=generatie, formaat=formaat,
                                sha256=hashlib.sha256(data).hexdigest(), grootte=len(data))
            rb.bestand.save(f"{formaat}", ContentFile(data), save=False)
            rb.save()
        Generatie.objects.filter(pk=generatie.pk).update(status=GeneratieStatus.KLAAR, voortgang=100, stap="",
                                                         klaar_op=timezone.now())
        audit("jaarverslag_gegenereerd", gebruiker=generatie.aangevraagd_door, obj=jaarverslag,
              details={"generatie_id": generatie.pk, "versie": jaarverslag.versie,
                       "bestanden": {f: hashlib.sha256(d).hexdigest() for f, d in bestanden.items()}})
    generatie.refresh_from_db()
    return generatie


@transaction.atomic
def generatie_mislukt(*, generatie_id: int) -> None:
    # Only a run still going: one already marked failed (interrupted, not started) keeps its own message.
    if Generatie.objects.filter(pk=generatie_id, status__in=[GeneratieStatus.WACHTRIJ, GeneratieStatus.BEZIG]).update(
            status=GeneratieStatus.MISLUKT, foutmelding=FOUTMELDING, klaar_op=timezone.now()):
        generatie = Generatie.objects.select_related("jaarverslag").get(pk=generatie_id)
        audit("jaarverslag_generatie_mislukt", gebruiker=generatie.aangevraagd_door, obj=generatie.jaarverslag,
              details={"generatie_id": generatie_id})


@transaction.atomic
def jaarverslag_vaststellen(*, jaarverslag: Jaarverslag, door: User, request=None) -> Jaarverslag:
    """Adopts the report: freezes the figures the author last generated and reviewed, then makes the final files."""
    jaarverslag = Jaarverslag.objects.select_for_update().get(pk=jaarverslag.pk)
    if not mag_vaststellen(door, jaarverslag.organisatie):
        raise PermissionDenied("Not allowed to adopt reports in this organisation.")
    if not jaarverslag.is_concept:
        raise ValidationError(_("Dit jaarverslag is al vastgesteld."))
    if lopende_generatie(jaarverslag) is not None:
        raise ValidationError(_("Het jaarverslag wordt nog gegenereerd. Wacht tot dat klaar is."))
    if jaarverslag.cijfers is None:
        raise ValidationError(_("Genereer het jaarverslag eerst en controleer het voorbeeld, daarna kunt u het "
                                "vaststellen."))
    jaarverslag.status = JaarverslagStatus.VASTGESTELD
    jaarverslag.vastgesteld_op = timezone.now()
    jaarverslag.vastgesteld_door = door
    jaarverslag.full_clean()
    jaarverslag.save()
    for bestand in jaarverslag.bestanden.all():  # the concept's files carry the word CONCEPT
        _bestand_verwijderen(bestand)
    audit("jaarverslag_vastgesteld", gebruiker=door, obj=jaarverslag, request=request,
          details={"jaar": jaarverslag.jaar, "versie": jaarverslag.versie,
                   "cijfers_berekend_op": jaarverslag.cijfers_berekend_op.isoformat()
                   if jaarverslag.cijfers_berekend_op else None})
    generatie_start(jaarverslag=jaarverslag, door=door, request=request)
    return jaarverslag


@transaction.atomic
def jaarverslag_delen(*, jaarverslag: Jaarverslag, lezers: list[User], door: User, request=None) -> None:
    """Sets which rapportagelezers of the organisation may read this concept."""
    toegestaan = set(
        Lidmaatschap.objects.actief().filter(organisatie=jaarverslag.organisatie, rol=Rol.RAPPORTAGELEZER)
        .values_list("gebruiker_id", flat=True)
    )
    ids = {u.pk for u in lezers}
    if ids - toegestaan:
        raise ValidationError(_("U kunt een concept alleen delen met rapportagelezers van deze organisatie."))
    oud = set(jaarverslag.gedeeld_met.values_list("pk", flat=True))
    jaarverslag.gedeeld_met.set(lezers)
    if oud != ids:
        audit("jaarverslag_gedeeld", gebruiker=door, obj=jaarverslag, request=request,
              details={"toegevoegd": sorted(ids - oud), "ingetrokken": sorted(oud - ids)})


@transaction.atomic
def rapportinstelling_wijzigen(*, organisatie: Organisatie, vaststellen_door: str, door: User,
                               request=None) -> Rapportinstelling:
    instelling, _created = Rapportinstelling.objects.get_or_create(organisatie=organisatie)
    oud = instelling.vaststellen_door
    instelling.vaststellen_door = vaststellen_door
    instelling.full_clean()
    instelling.save()
    if oud != vaststellen_door:
        audit("rapportinstelling_gewijzigd", gebruiker=door, organisatie=organisatie, obj=instelling,
              details={"van": oud, "naar": vaststellen_door})
    return instelling


def bestand_download(*, bestand: Rapportbestand, door: User, request=None) -> bytes:
    """Reads (decrypts) a generated file and audits the download."""
    with bestand.bestand.open("rb") as f:
        data = f.read()
    audit("jaarverslag_gedownload", gebruiker=door, obj=bestand.jaarverslag, request=request,
          details={"bestand_id": bestand.pk, "formaat": bestand.formaat, "sha256": bestand.sha256})
    return data


def standaard_jaar(vandaag: datetime.date | None = None) -> int:
    return (vandaag or timezone.localdate()).year - 1
