"""After a journey through both registers, no free text or identity that was typed can be found in plain form:
not in any database table, not in the media folder, not in the logs, not in any e-mail.

The journey is driven through the real views (forms, services, access helpers, audit), with a unique marker in
every free-text field, the melder's identity and the attachment's name and content. The scan is brute force on
purpose: every table the database has (so a new table or a forgotten column is covered without editing this test),
every file under MEDIA_ROOT, every log record of every logger at DEBUG level, and every outgoing e-mail.
"""

import datetime
import logging
from pathlib import Path

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisatieonderdeel
from meldingen.models import Betrokkene, Feitenonderzoek, Melding
from reports.models import Jaarverslag
from taxonomie.models import Categorie
from vertrouwenspersonen.models import Dossier

MARKERS = {
    "dossier_notitie": "ZEBRA-7731-dossiernotitie",
    "gesprek_notitie": "ZEBRA-7731-gespreksnotitie",
    "activiteit": "ZEBRA-7731-activiteit",
    "signaal": "ZEBRA-7731-signaalthema",
    "omschrijving": "ZEBRA-7731-omschrijving",
    "identiteit": "Jolanda ZEBRA-7731-Identiteit",
    "maatregelen": "ZEBRA-7731-organisatorisch",
    "logboek": "ZEBRA-7731-logboeknotitie",
    "status_reden": "ZEBRA-7731-statusreden",
    "conclusie": "ZEBRA-7731-conclusie",
    "bijlage_naam": "ZEBRA-7731-bijlagenaam",
    "bijlage_inhoud": "ZEBRA-7731-bijlage-inhoud",
    "rapport_inhoud": "ZEBRA-7731-rapport-inhoud",
    "verlenging": "ZEBRA-7731-verlengingsreden",
    "opdrachtgever": "Directeur ZEBRA-7731-opdrachtgever",
    "bureau": "ZEBRA-7731-onderzoeksbureau",
    **{f"jaarverslag_{veld}": f"ZEBRA-7731-jaarverslag-{veld}"
       for veld in ("samenvatting", "voorwoord", "ontwikkelingen", "preventie", "aanbevelingen", "opvolging")},
}


def _needles() -> list[bytes]:
    needles = []
    for marker in MARKERS.values():
        raw = marker.encode()
        # Plain, and the forms a database dump might print bytes in (hex of bytea columns).
        needles += [raw, raw.hex().encode()]
    return needles


def _journey(cast, client_for):
    today = timezone.localdate()
    onderdeel = Organisatieonderdeel.objects.filter(organisatie=cast.org).order_by("naam").first()

    vp = client_for(cast.vp, cast.org)
    response = vp.post(reverse("vertrouwenspersonen:dossier_nieuw"), {
        "eerste_contact": today.isoformat(), "soort_contact": "melding", "onderdeel": onderdeel.pk,
        "onderwerpen": [Categorie.objects.van(cast.org, "vp_onderwerp").first().pk], "verzuim": "nee",
        "hulpvragen": ["uiten"], "notitie": MARKERS["dossier_notitie"],
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    dossier = Dossier.objects.get()
    assert vp.post(reverse("vertrouwenspersonen:gesprek_nieuw", args=[dossier.pk]), {
        "datum": today.isoformat(), "vorm": "fysiek", "duur_minuten": "45", "notitie": MARKERS["gesprek_notitie"],
    }).status_code == 302
    assert vp.post(reverse("vertrouwenspersonen:activiteit_nieuw"), {
        "soort": "voorlichting", "datum": today.isoformat(), "uren": "2", "omschrijving": MARKERS["activiteit"],
    }).status_code == 302
    assert vp.post(reverse("vertrouwenspersonen:signaal_nieuw"), {
        "datum": today.isoformat(), "aan": "directie", "thema": MARKERS["signaal"],
    }).status_code == 302
    assert vp.get(reverse("vertrouwenspersonen:dossier", args=[dossier.pk])).status_code == 200
    assert vp.post(reverse("vertrouwenspersonen:dossier_afsluiten", args=[dossier.pk]), {
        "afgesloten_op": today.isoformat(), "resultaat": "bespreekbaar",
    }).status_code == 302
    assert vp.post(reverse("bewaren:dossier_verlengen", args=[dossier.pk]), {
        "tot": (today + datetime.timedelta(days=800)).isoformat(), "reden": MARKERS["verlenging"],
    }).status_code == 302

    co = client_for(cast.coordinator, cast.org)
    response = co.post(reverse("meldingen:nieuw"), {
        "ontvangen_op": today.isoformat(), "kanaal": "coordinator", "bron": "intern", "spoor": "integriteit",
        "onderwerp": Categorie.objects.van(cast.org, "integriteit_onderwerp").first().pk,
        "omschrijving": MARKERS["omschrijving"], "melder_identiteit": MARKERS["identiteit"],
        "organisatorische_maatregelen": MARKERS["maatregelen"],
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    melding = Melding.objects.get()
    assert co.post(reverse("meldingen:logboek", args=[melding.pk]), {"notitie": MARKERS["logboek"]}).status_code == 302
    bestand = SimpleUploadedFile(f"{MARKERS['bijlage_naam']}.pdf", b"%PDF-1.7\n" + MARKERS["bijlage_inhoud"].encode())
    assert co.post(reverse("meldingen:bijlage_nieuw", args=[melding.pk]), {"bestand": bestand}).status_code == 302
    assert co.post(reverse("meldingen:status", args=[melding.pk]), {
        "naar": "in_behandeling", "reden": MARKERS["status_reden"], "versie": melding.versie,
    }).status_code == 302
    assert co.post(reverse("meldingen:onderzoek_nieuw", args=[melding.pk]), {
        "opdrachtgever": MARKERS["opdrachtgever"], "uitvoering": "extern_bureau", "bureau": MARKERS["bureau"],
        "startdatum": today.isoformat(),
    }).status_code == 302
    onderzoek = Feitenonderzoek.objects.get()
    assert co.post(reverse("meldingen:onderzoek_bewerken", args=[onderzoek.pk]), {
        "versie": onderzoek.versie, "opdrachtgever": onderzoek.opdrachtgever, "uitvoering": "extern_bureau",
        "bureau": onderzoek.bureau,
        "startdatum": today.isoformat(), "einddatum": today.isoformat(), "hoor_en_wederhoor": "on",
        "conclusie": MARKERS["conclusie"],
    }).status_code == 302
    rapport = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n" + MARKERS["rapport_inhoud"].encode())
    assert co.post(reverse("meldingen:onderzoek_rapport", args=[onderzoek.pk]), {"bestand": rapport}).status_code == 302
    assert co.post(reverse("meldingen:betrokkene_nieuw", args=[melding.pk]), {
        "functiecategorie": "medewerker"}).status_code == 302
    assert Betrokkene.objects.filter(melding=melding).exists()

    # A concept jaarverslag whose narrative names people, as drafts do.
    assert co.post(reverse("reports:nieuw"), {"jaar": today.year - 1}).status_code == 302
    jaarverslag = Jaarverslag.objects.get()
    assert co.post(reverse("reports:bewerken", args=[jaarverslag.pk]), {
        veld: MARKERS[f"jaarverslag_{veld}"]
        for veld in ("samenvatting", "voorwoord", "ontwikkelingen", "preventie", "aanbevelingen", "opvolging")
    }).status_code == 302

    # The journey really stored the text (readable through the app), so a clean scan below means "encrypted".
    detail = co.get(reverse("meldingen:detail", args=[melding.pk])).content.decode()
    assert MARKERS["omschrijving"] in detail
    onderzoek.refresh_from_db()
    assert onderzoek.conclusie == MARKERS["conclusie"]
    assert (onderzoek.opdrachtgever, onderzoek.bureau) == (MARKERS["opdrachtgever"], MARKERS["bureau"])
    jaarverslag.refresh_from_db()
    assert jaarverslag.voorwoord == MARKERS["jaarverslag_voorwoord"]


def _database_hits(needles: list[bytes]) -> list[str]:
    hits = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert len(tables) > 20
        for table in tables:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                # The whole row as PostgreSQL's text form: bytea comes out as hex, JSON as text.
                cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608 - table names from introspection
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                text = " ".join(
                    value.hex() if isinstance(value, (bytes, memoryview)) and not isinstance(value, str)
                    else str(value)
                    for value in row
                ).encode()
                hits += [f"{table}: {needle!r}" for needle in needles if needle in text]
    return hits


def test_nothing_typed_is_stored_or_logged_in_plain_form(cast, client_for, caplog, settings):
    caplog.set_level(logging.DEBUG)  # the root logger: every logger propagates into it
    _journey(cast, client_for)
    needles = _needles()

    assert _database_hits(needles) == []

    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) >= 2, "the journey should have stored the attachment and the report"
    file_hits = [f"{p}: {n!r}" for p in files for n in needles if n in p.read_bytes() or n in str(p).encode()]
    assert file_hits == []

    log_text = "\n".join(record.getMessage() + repr(record.args) for record in caplog.records).encode()
    assert [n for n in needles if n in log_text] == []

    mail_text = "\n".join(f"{m.subject}\n{m.body}\n{m.alternatives!r}" for m in mail.outbox).encode()
    assert [n for n in needles if n in mail_text] == []
