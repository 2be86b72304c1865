"""Dossier.onderwerpen points at the taxonomy app's Categorie (same table; state only)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("taxonomie", "0001_initial"),
        ("vertrouwenspersonen", "0002_dossier_bewaarbericht_op_dossier_verlenging_reden_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="onderwerpen",
                    field=models.ManyToManyField(limit_choices_to={"soort": "vp_onderwerp"}, related_name="vp_dossiers", to="taxonomie.categorie", verbose_name="onderwerpen"),
                ),
            ],
            database_operations=[],
        ),
    ]
