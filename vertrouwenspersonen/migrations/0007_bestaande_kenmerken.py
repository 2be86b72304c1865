"""Existing dossiers keep the kenmerk they were shown with (VP-<year of first contact>-<id>): it is stored now,
with the id as its number in that year, and each organisation-year's counter starts after the highest such
number, so a new dossier never gets a number an existing one already has in that year (VP-2026-5 beside
VP-2026-005 would be read out the same on the phone). Years without existing dossiers start at VP-<year>-001."""

from django.db import migrations
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat, ExtractYear


def bestaande_kenmerken(apps, schema_editor):
    Dossier = apps.get_model("vertrouwenspersonen", "Dossier")
    KenmerkTeller = apps.get_model("vertrouwenspersonen", "KenmerkTeller")
    Dossier.objects.update(jaar=ExtractYear("eerste_contact"), volgnummer=F("pk"))
    Dossier.objects.update(kenmerk=Concat(Value("VP-"), Cast("jaar", CharField()), Value("-"),
                                          Cast("volgnummer", CharField()), output_field=CharField()))
    hoogste = Dossier.objects.values("organisatie_id", "jaar").annotate(laatste=Max("volgnummer")).order_by()
    KenmerkTeller.objects.bulk_create(
        [KenmerkTeller(organisatie_id=r["organisatie_id"], jaar=r["jaar"], laatste=r["laatste"]) for r in hoogste]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("vertrouwenspersonen", "0006_dossier_kenmerk_per_jaar"),
    ]

    operations = [
        migrations.RunPython(bestaande_kenmerken, migrations.RunPython.noop),
    ]
