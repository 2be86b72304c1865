"""The audit log: append-only, each row chained to the previous one by a SHA-256 hash.

Written by services (every write) and by access helpers (every read of a confidential object).
It records metadata only: who, what kind of action, which object id, when. Never content.

The read policy, the same for both registers: a page that shows a case to the user (every GET through the
register's access helper: the detail page, and a form page, which shows the case's content too) writes one read
entry. A POST writes no read entry: the service that writes audits the write. A view that reads on a POST without
writing (showing the melder's identity) audits that itself.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_ID = 7_100_001  # serialises chain appends on PostgreSQL


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # Plain ids and a label instead of foreign keys: the log must outlive what it points at.
    gebruiker_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True, db_index=True)
    gebruiker_label = models.CharField(_("gebruiker"), max_length=254, blank=True)
    organisatie_id = models.BigIntegerField(_("organisatie-id"), null=True, blank=True, db_index=True)
    actie = models.CharField(_("actie"), max_length=60, db_index=True)
    objecttype = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_adres = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    vorige_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-id"]
        indexes = [models.Index(fields=["organisatie_id", "-tijdstip"]), models.Index(fields=["objecttype", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actie} {self.objecttype}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def payload(self) -> str:
        """The canonical text the hash covers."""
        return json.dumps(
            {
                "tijdstip": self.tijdstip.isoformat(),
                "gebruiker_id": self.gebruiker_id,
                "gebruiker_label": self.gebruiker_label,
                "organisatie_id": self.organisatie_id,
                "actie": self.actie,
                "objecttype": self.objecttype,
                "object_id": self.object_id,
                "details": self.details,
                "ip_adres": self.ip_adres,
                "vorige_hash": self.vorige_hash,
            },
            sort_keys=True,
            ensure_ascii=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload().encode("ascii")).hexdigest()


def is_gelezen(request, audit_read: bool | None = None) -> bool:
    """Whether loading a case for this request is an audited read (module docstring); `audit_read` overrides."""
    return request.method == "GET" if audit_read is None else audit_read


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit(
    actie: str,
    *,
    gebruiker=None,
    organisatie=None,
    obj=None,
    objecttype: str = "",
    object_id: str | int = "",
    details: dict | None = None,
    request=None,
) -> AuditEntry:
    """Append one entry. `details` must hold metadata only (ids, counts, field names), never content."""
    entry = nieuwe_regel(actie, gebruiker=gebruiker, organisatie=organisatie, obj=obj, objecttype=objecttype,
                         object_id=object_id, details=details, request=request)
    return _aanketenen([entry])[0]


def nieuwe_regel(
    actie: str, *, gebruiker=None, organisatie=None, obj=None, objecttype: str = "", object_id: str | int = "",
    details: dict | None = None, request=None,
) -> AuditEntry:
    """An entry as `audit` writes it, not yet chained or saved: for `audit_bulk`."""
    if gebruiker is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            gebruiker = request.user
    if organisatie is None and obj is not None:
        organisatie = getattr(obj, "organisatie", None)
    if obj is not None:
        objecttype = objecttype or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEntry(
        tijdstip=timezone.now(),
        gebruiker_id=getattr(gebruiker, "pk", None),
        gebruiker_label=getattr(gebruiker, "email", "") or "",
        organisatie_id=getattr(organisatie, "pk", organisatie if isinstance(organisatie, int) else None),
        actie=actie,
        objecttype=objecttype,
        object_id=str(object_id or ""),
        details=details or {},
        ip_adres=_client_ip(request),
    )


def audit_bulk(entries: list[AuditEntry], batch_size: int = 1000) -> list[AuditEntry]:
    """Appends entries made by `nieuwe_regel` in one lock, chained in their order: the bulk writes of an import
    audit each record as the screens do, without one lock and one query per entry."""
    return _aanketenen(entries, batch_size=batch_size)


def _aanketenen(entries: list[AuditEntry], batch_size: int = 1000) -> list[AuditEntry]:
    if not entries:
        return entries
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_ID])
        vorige = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        for entry in entries:
            entry.vorige_hash = vorige
            # Round-trip through JSON so the hash covers exactly what the database will hand back.
            entry.details = json.loads(json.dumps(entry.details, default=str))
            entry.hash = vorige = entry.compute_hash()
        if len(entries) == 1:
            entries[0].save()
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return entries


@dataclass
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the whole log in id order. Returns (rows checked, first break or None)."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for entry in batch:
            if entry.vorige_hash != previous:
                return checked, ChainBreak(entry.id, "vorige_hash does not match the previous row (row removed or inserted)")
            if entry.compute_hash() != entry.hash:
                return checked, ChainBreak(entry.id, "content does not match its hash (row altered)")
            previous = entry.hash
            checked += 1
            last_id = entry.id


# --- Anchors: the latest hash, kept outside the database ---------------------------------------------------
# The chain is not keyed: someone who can write the table could rewrite every row from some point on and
# recompute the hashes. An anchor (id + hash of the latest row) written regularly to a place the database
# cannot reach (the backup job's log, a ticket) makes that detectable: a rewritten row no longer has its
# anchored hash, and a removed tail no longer has the anchored id.


@dataclass(frozen=True)
class Anker:
    entry_id: int
    hash: str

    def regel(self, tijdstip) -> str:
        return f"{self.entry_id} {self.hash} {tijdstip.isoformat(timespec='seconds')}"


def huidig_anker() -> Anker | None:
    row = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return Anker(*row) if row else None


def lees_ankers(tekst: str) -> list[Anker]:
    """Anchor lines as `audit_anker` writes them: "<id> <hash> [time]"; blank lines and # comments are skipped."""
    ankers = []
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        delen = regel.split("#", 1)[0].split()
        if not delen:
            continue
        if len(delen) < 2 or not delen[0].isdigit() or len(delen[1]) != 64:
            raise ValueError(f"line {nummer} is not an anchor (expected '<id> <64-character hash> [time]')")
        ankers.append(Anker(int(delen[0]), delen[1].lower()))
    return ankers


def verify_ankers(ankers: list[Anker]) -> ChainBreak | None:
    """The first anchor the log no longer matches, or None."""
    hashes = dict(AuditEntry.objects.filter(id__in=[a.entry_id for a in ankers]).values_list("id", "hash"))
    for anker in sorted(ankers, key=lambda a: a.entry_id):
        if anker.entry_id not in hashes:
            return ChainBreak(anker.entry_id, "anchored row is missing (the log was cut back or rewritten)")
        if hashes[anker.entry_id] != anker.hash:
            return ChainBreak(anker.entry_id, "hash differs from the anchor kept outside the database "
                                              "(the chain was rewritten from this row or earlier)")
    return None
