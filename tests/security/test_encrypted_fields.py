"""Every text column of the case and report apps is encrypted, unless it is on one explicit allowlist.

A new CharField or TextField fails `test_every_text_field_is_encrypted_or_allowlisted` until it is either an
EncryptedTextField or listed below with the reason it can never hold a name or free text.
"""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from accounts.encryption import PREFIX, EncryptedJSONField, EncryptedTextField

CASE_AND_REPORT_APPS = ("taxonomie", "meldingen", "vertrouwenspersonen", "reports", "uitwisseling", "bewaren")

# "<app_label>.<Model>.<field>": why it stays plain. Codes, choices and number-like values only.
PLAIN_ALLOWED = {
    "taxonomie.Categorie.soort": "choice: which taxonomy",
    "taxonomie.Categorie.code": "code of a category, chosen by the beheerder",
    "taxonomie.Categorie.label": "the category's name, part of the taxonomy and of the published report",
    "taxonomie.Categorie.aard": "choice: ongewenst gedrag / integriteit / geen (taxonomie.Aard)",
    "meldingen.SpoorInstelling.spoor": "choice",
    "reports.Jaarverslag.reikwijdte": "choice: the scope of the report (reports.Reikwijdte)",
    "meldingen.Melding.kenmerk": "generated number, e.g. 2025-014",
    "vertrouwenspersonen.Dossier.kenmerk": "generated number, e.g. VP-2026-001 (or VP-<year>-<id> from before)",
    "meldingen.Melding.kanaal": "choice",
    "meldingen.Melding.bron": "choice",
    "meldingen.Melding.spoor": "choice",
    "meldingen.Melding.beoordeling": "choice",
    "meldingen.Melding.status": "choice",
    "meldingen.StatusWijziging.van_status": "choice",
    "meldingen.StatusWijziging.naar_status": "choice",
    "meldingen.StatusWijziging.bron": "choice: app or import",
    "meldingen.Termijn.soort": "choice",
    "meldingen.Termijn.regel": "the name of the legal rule that set the deadline",
    "meldingen.Betrokkene.functiecategorie": "choice",
    "meldingen.Feitenonderzoek.uitvoering": "choice",
    "meldingen.InternTraject.resultaat": "choice",
    "meldingen.Bijlage.bestand": "random storage name, not the original file name",
    "meldingen.Bijlage.content_type": "a MIME type from the whitelist",
    "vertrouwenspersonen.Dossier.soort_contact": "choice",
    "vertrouwenspersonen.Dossier.geslacht": "choice",
    "vertrouwenspersonen.Dossier.relatie_veroorzaker": "choice",
    "vertrouwenspersonen.Dossier.verzuim": "choice",
    "vertrouwenspersonen.Dossier.resultaat": "choice",
    "vertrouwenspersonen.Dossier.status": "choice",
    "vertrouwenspersonen.DossierHulpvraag.waarde": "choice",
    "vertrouwenspersonen.DossierVerwijzing.waarde": "choice",
    "vertrouwenspersonen.DossierVervolg.waarde": "choice",
    "vertrouwenspersonen.Gesprek.vorm": "choice",
    "vertrouwenspersonen.Activiteit.soort": "choice",
    "vertrouwenspersonen.Signaal.aan": "choice",
    "reports.Rapportinstelling.vaststellen_door": "choice",
    "reports.Jaarverslag.status": "choice",
    "reports.Jaarverslag.cijfers_json": "anonymised counts after suppression, the published figures",
    "reports.Generatie.status": "choice",
    "reports.Generatie.stap": "a format code (pdf, docx …)",
    "reports.Generatie.foutmelding": "a fixed generic message, never case content",
    "reports.Rapportbestand.formaat": "choice",
    "reports.Rapportbestand.bestand": "random storage name",
    "reports.Rapportbestand.sha256": "hash",
    "uitwisseling.ImportRun.register": "choice",
    "uitwisseling.ImportRun.bron": "web or cli",
    "uitwisseling.ImportRun.formaat": "csv or xlsx",
    "uitwisseling.ImportRegel.register": "choice",
    "uitwisseling.ImportRegel.kenmerk": "the record's kenmerk, a number like 2025-014",
    "uitwisseling.ImportRegel.vingerafdruk": "a keyed hash of the row",
    "uitwisseling.ImportBestand.register": "choice",
    "uitwisseling.ImportBestand.bestand": "random storage name",
    "uitwisseling.ImportBestand.sha256": "hash",
    "bewaren.Bewaartermijn.register": "choice",
    "bewaren.Vernietiging.register": "choice",
    "bewaren.Vernietiging.regel": "the name of the retention rule applied",
}

TEXT_FIELDS = (models.CharField, models.TextField, models.FileField)


def _text_fields():
    for label in CASE_AND_REPORT_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, TEXT_FIELDS):
                    yield f"{label}.{model.__name__}.{field.name}", field


def test_every_text_field_is_encrypted_or_allowlisted():
    plain = [name for name, field in _text_fields()
             if not isinstance(field, EncryptedTextField | EncryptedJSONField) and name not in PLAIN_ALLOWED]
    assert plain == [], (
        f"Plain text columns in case/report apps: {plain}. Make them EncryptedTextField, or add them to "
        "PLAIN_ALLOWED with the reason they can never hold a name or free text."
    )


def test_the_allowlist_names_only_plain_fields_that_exist():
    fields = dict(_text_fields())
    stale = [name for name in PLAIN_ALLOWED if name not in fields]
    assert stale == [], f"PLAIN_ALLOWED names fields that do not exist (any more): {stale}"
    encrypted = [name for name in PLAIN_ALLOWED if isinstance(fields[name], EncryptedTextField | EncryptedJSONField)]
    assert encrypted == [], f"Encrypted fields need no allowlist entry: {encrypted}"
    assert all(reason.strip() for reason in PLAIN_ALLOWED.values())


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_encrypt_existing_rows_and_decrypt_on_the_way_back(cast):
    from meldingen import services
    from meldingen.models import Feitenonderzoek, Uitvoering
    from reports.models import Jaarverslag
    from reports.services import jaarverslag_create
    from taxonomie.models import Categorie, Soort

    melding = services.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=cast.org.aangemaakt_op, kanaal="coordinator",
        bron="intern", spoor="integriteit", omschrijving="x",
        onderwerp=Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first(),
    )
    onderzoek = services.onderzoek_create(
        melding=melding, door=cast.coordinator, opdrachtgever="Directeur P. Jansen",
        uitvoering=Uitvoering.EXTERN_BUREAU, bureau="Bureau Onderzoek B.V.", startdatum=melding.ontvangen_op,
    )
    jaarverslag = jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    Jaarverslag.objects.filter(pk=jaarverslag.pk).update(voorwoord="Dank aan mevrouw De Vries")
    assert _raw("meldingen_feitenonderzoek", "opdrachtgever", onderzoek.pk).startswith(PREFIX)

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _migrate([("meldingen", "0004_melding_bewaarbericht_op_melding_verlenging_reden_and_more"),
                  ("reports", "0001_initial")])
        # Before the migrations the columns held plain text, as an existing installation has them.
        assert _raw("meldingen_feitenonderzoek", "opdrachtgever", onderzoek.pk) == "Directeur P. Jansen"
        assert _raw("meldingen_feitenonderzoek", "bureau", onderzoek.pk) == "Bureau Onderzoek B.V."
        assert _raw("reports_jaarverslag", "voorwoord", jaarverslag.pk) == "Dank aan mevrouw De Vries"
    finally:
        _migrate(leaves)

    for table, column, pk in [("meldingen_feitenonderzoek", "opdrachtgever", onderzoek.pk),
                              ("meldingen_feitenonderzoek", "bureau", onderzoek.pk),
                              ("reports_jaarverslag", "voorwoord", jaarverslag.pk)]:
        assert _raw(table, column, pk).startswith(PREFIX), f"{table}.{column} is not encrypted after migrating"
    onderzoek = Feitenonderzoek.objects.get(pk=onderzoek.pk)
    assert (onderzoek.opdrachtgever, onderzoek.bureau) == ("Directeur P. Jansen", "Bureau Onderzoek B.V.")
    assert Jaarverslag.objects.get(pk=jaarverslag.pk).voorwoord == "Dank aan mevrouw De Vries"


def test_key_rotation_covers_the_new_encrypted_fields():
    from accounts.encryption import encrypted_fields

    covered = {(model._meta.label, name) for model, text, _files in encrypted_fields() for name in text}
    expected = {("meldingen.Feitenonderzoek", "opdrachtgever"), ("meldingen.Feitenonderzoek", "bureau")} | {
        ("reports.Jaarverslag", veld)
        for veld in ("samenvatting", "voorwoord", "ontwikkelingen", "preventie", "aanbevelingen", "opvolging")
    }
    assert expected <= covered


def test_an_attachment_name_is_never_a_plain_column(cast):
    # The original file name can identify a person; Bijlage.bestand holds a random storage name only.
    from meldingen import services
    from taxonomie.models import Categorie, Soort

    melding = services.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=cast.org.aangemaakt_op, kanaal="coordinator",
        bron="intern", spoor="integriteit", omschrijving="x",
        onderwerp=Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first(),
    )
    bijlage = services.bijlage_add(melding=melding, door=cast.coordinator,
                                   bestand=SimpleUploadedFile("Verslag Jansen.txt", b"tekst"))
    assert "Jansen" not in _raw("meldingen_bijlage", "bestand", bijlage.pk)
    assert _raw("meldingen_bijlage", "bestandsnaam", bijlage.pk).startswith(PREFIX)
