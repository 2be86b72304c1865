"""Attachments: size limit, a whitelist of types, and the real type checked by its first bytes.

The default storage encrypts the bytes before they reach the disk (accounts.encryption); the original file
name can identify someone, so it is kept in an encrypted column and the file on disk gets a random name.
"""

import io
import os
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit
from accounts.models import User
from meldingen.models import Bijlage, Feitenonderzoek, Melding
from meldingen.services.meldingen import _niet_vernietigd

BIJLAGE_MAX_BYTES = 20 * 1024 * 1024
TE_GROOT = gettext_lazy("Het bestand is groter dan 20 MB. Verklein het of splits het op.")

# Extension -> the content type its bytes must show.
TOEGESTAAN = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "doc": "application/msword",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
TOEGESTAAN_TEKST = "pdf, docx, doc, odt, xlsx, txt, png, jpg"


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype == TOEGESTAAN["odt"] else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return TOEGESTAAN["docx"]
                if any(n.startswith("xl/") for n in names):
                    return TOEGESTAAN["xlsx"]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        if exc.start < len(head) - 3:
            return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control == 0


def sniff_content_type(data: bytes) -> str | None:
    """The content type the bytes themselves show, limited to the whitelisted kinds; None when unknown."""
    if data.startswith(b"%PDF-"):
        return TOEGESTAAN["pdf"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return TOEGESTAAN["png"]
    if data.startswith(b"\xff\xd8\xff"):
        return TOEGESTAAN["jpg"]
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return TOEGESTAAN["doc"]
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _looks_like_text(data[:8192]):
        return TOEGESTAAN["txt"]
    return None


def validate_upload(bestand) -> tuple[str, str]:
    """Returns (original file name, content type) or raises a ValidationError in plain Dutch."""
    if bestand is None:
        raise ValidationError(_("Kies een bestand."))
    if bestand.size > BIJLAGE_MAX_BYTES:
        raise ValidationError(TE_GROOT)
    if bestand.size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    naam = os.path.basename(bestand.name or "")
    extensie = naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if extensie not in TOEGESTAAN:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan zijn: %(types)s.") % {"types": TOEGESTAAN_TEKST}
        )
    bestand.seek(0)
    data = bestand.read()
    bestand.seek(0)
    gevonden = sniff_content_type(data)
    if gevonden != TOEGESTAAN[extensie]:
        raise ValidationError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s. Controleer of u het juiste bestand "
              "koos.") % {"ext": extensie}
        )
    return naam, gevonden


@transaction.atomic
def bijlage_add(
    *, melding: Melding, bestand, door: User, feitenonderzoek: Feitenonderzoek | None = None,
    is_rapport: bool = False, request=None,
) -> Bijlage:
    if feitenonderzoek is not None and feitenonderzoek.melding_id != melding.pk:
        raise ValueError("The investigation belongs to another melding.")
    _niet_vernietigd(melding)
    naam, content_type = validate_upload(bestand)
    bijlage = Bijlage(
        melding=melding, feitenonderzoek=feitenonderzoek, is_rapport=is_rapport, bestandsnaam=naam,
        content_type=content_type, grootte=bestand.size, geupload_door=door,
    )
    bijlage.bestand.save("bijlage", bestand, save=False)
    bijlage.full_clean()
    bijlage.save()
    audit("bijlage_toegevoegd", gebruiker=door, obj=melding, request=request,
          details={"bijlage_id": bijlage.pk, "content_type": content_type, "grootte": bestand.size,
                   "feitenonderzoek_id": getattr(feitenonderzoek, "pk", None), "rapport": is_rapport})
    return bijlage

